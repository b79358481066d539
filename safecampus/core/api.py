"""API conventions shared by every endpoint: pagination, error mapping, strict input.

- Errors are JSON everywhere under /api/: `not_found` and `server_error` are the
  project's 404 and 500 handlers (urls.py) and answer JSON there, the
  platform's own pages elsewhere.
- A JSON body must be an object (`ContentNegotiation`, the default
  negotiation of every view): `[]`, `"x"` or `1` answer 400 before the view
  reads them.
- Every number in a filter must fit a 64-bit integer (`FilterBackend`, the
  default filter backend): a larger one answers 400 naming the parameter.
- A serializer that mixes in `StrictFieldsMixin` answers 400 naming every key
  of the body it does not take (unknown or read-only), instead of ignoring it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import StateConflict

INT64_MAX = 2**63 - 1


class CountedPaginator(Paginator):
    """Django's paginator, told the number of records when it is already known (no COUNT query then)."""

    def __init__(self, object_list: Any, per_page: int, count: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # what the cached property would have computed


class StandardPagination(PageNumberPagination):
    """Pages of 50 (up to 500). A view may know its total without counting: `paginated_count(queryset)`
    returns it, or None to let the database count (e.g. a total read from the counter store)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    known_count: int | None = None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        known = getattr(view, "paginated_count", None)
        self.known_count = known(queryset) if known is not None else None
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list: Any, per_page: int) -> CountedPaginator:
        return CountedPaginator(object_list, per_page, count=self.known_count)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map service errors: ValidationError → 400, PermissionDenied → 403, StateConflict → 409."""
    if isinstance(exc, StateConflict):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {
                field: [str(m) for m in DjangoValidationError(errors).messages]
                for field, errors in exc.error_dict.items()
            }
        else:
            body = {"detail": [str(m) for m in exc.messages]}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied) and str(exc):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Http404):
        # Django's message names the model ("No OrgUnit matches…"); outside the area or absent reads the same.
        return Response({"detail": _("Not found, or not in your area.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, OverflowError):
        # The database cannot hold a number the client sent (a field without its own bound).
        return Response({"detail": _("A number in the request is too large.")}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class _ObjectOnly:
    """A JSON parser whose result must be an object; anything else is a ParseError (400)."""

    def __init__(self, parser: JSONParser) -> None:
        self.parser = parser
        self.media_type = parser.media_type

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        data = self.parser.parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            kinds = {list: _("a list"), str: _("a string"), bool: _("true or false"), type(None): "null"}
            kind = kinds.get(type(data), _("a number"))
            raise ParseError(_("The request body must be a JSON object ({…}), not %(kind)s.") % {"kind": kind})
        return data


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, and every JSON body must be an object, whatever parsers a view lists.

    DRF picks the body's parser through the negotiator of the view, which every
    view gets from the settings, so this guard holds for views that name their
    own `parser_classes` too.
    """

    def select_parser(self, request: Any, parsers: list[Any]) -> Any:
        parser = super().select_parser(request, parsers)
        return _ObjectOnly(parser) if isinstance(parser, JSONParser) else parser


class FilterBackend(DjangoFilterBackend):
    """django-filter, with every number bounded to what the database can compare (else 400 naming it)."""

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for field in filterset.form.fields.values():
                if hasattr(field, "max_value"):  # IntegerField, DecimalField, FloatField
                    field.validators += [MinValueValidator(-INT64_MAX), MaxValueValidator(INT64_MAX)]
        return filterset


class StrictFieldsMixin:
    """Refuse body keys the serializer does not take, naming them, instead of silently ignoring them.

    Mix it in before the DRF base: `class ThingSerializer(StrictFieldsMixin, serializers.ModelSerializer)`.
    Nested serializers that mix it in check their own keys too.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            fields = self.fields  # type: ignore[attr-defined]
            errors = {}
            for key in data:
                field = fields.get(key)
                if field is None:
                    errors[key] = [_("Unknown field: this endpoint does not take it.")]
                elif field.read_only:
                    errors[key] = [_("This field is read-only.")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 handler: JSON under /api/, the platform's page elsewhere."""
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: JSON under /api/, the platform's page elsewhere. Django has already logged the error."""
    if _wants_json(request):
        return JsonResponse({"detail": _("Internal server error; it has been logged.")}, status=500)
    from django.views.defaults import server_error as page

    return page(request)
