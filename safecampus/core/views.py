from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .exceptions import StateConflict
from .forms import ImportUploadForm
from .imports import IMPORTERS
from .models import ImportBatch
from .services import apply_batch, check_batch, import_kinds, importer_for, require_import_right

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    require_import_right(request.user)
    kinds = import_kinds(request.user)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")}, kinds=kinds
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = check_batch(form.cleaned_data["kind"], upload.name, upload.read(), actor=request.user)
        return redirect("core:import_detail", pk=batch.pk)
    batches = Paginator(ImportBatch.objects.filter(uploaded_by=request.user).defer("content"), 20)
    templates = [(kind, IMPORTERS[kind].upload_label or kind) for kind in kinds]
    return render(
        request,
        "core/import_list.html",
        {"form": form, "page": batches.get_page(request.GET.get("page")), "templates": templates},
    )


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.defer("content"), pk=pk, uploaded_by=request.user)
    return render(
        request,
        "core/import_detail.html",
        {"batch": batch, "errors": batch.report.get("errors", []), "changes": batch.report.get("changes", [])},
    )


@login_required
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, uploaded_by=request.user)
    try:
        batch = apply_batch(batch, actor=request.user)
    except StateConflict as error:
        messages.error(request, str(error))
        return redirect("core:import_detail", pk=pk)
    if batch.status == ImportBatch.Status.APPLIED:
        messages.success(
            request,
            _("The file was applied: %(create)d created, %(update)d updated, %(unchanged)d unchanged.") % batch.counts,
        )
    else:
        messages.error(request, _("The data changed since the check; nothing was written. See the errors below."))
    return redirect("core:import_detail", pk=pk)


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in IMPORTERS:
        raise Http404
    require_import_right(request.user, kind)
    importer = importer_for(kind, request.user)
    response = HttpResponse(importer.template(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="safecampus-{kind}-template.xlsx"'
    return response


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")
