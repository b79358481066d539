"""/api/v1/facilities/<ledger>/ for every ledger (guards, insurance, buses, drivers, escorts, routes, canteens,
canteen staff, special equipment), /api/v1/facilities/profiles/ (each school's guards, baseline and cover) and
/api/v1/facilities/baseline/ (the four items): scoped like the pages (a school outside your area answers 404),
input checked by the pages' forms, each record's declared steps as POST actions with `allowed_steps`.

Partner agencies (police for guards, market regulation for canteens, transport for buses) read these lists;
fields keep the glossary's names and the national numbers (plates, licence numbers) as printed.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core import clock
from safecampus.core.steps_api import StepActions, checked_data, form_serializer
from safecampus.orgs.api import within_org_param
from safecampus.orgs.models import Level, OrgUnit

from .filters import filter_ledger
from .forms import BaselineForm, form_class
from .forms_logs import GateDutyForm
from .ledgers import LEDGERS, WARN_KEY, Ledger
from .models import BaselineItem, GateDuty, PatrolDay, SecurityProfile
from .services import findings, patrols, profile, records, steps

SCHOOL = {"school": serializers.IntegerField(help_text="Id of the school (of your area) that keeps the record.")}
LIST_PARAMS = [
    OpenApiParameter("org", int, description="Only the subtree of this unit (of your area)."),
    OpenApiParameter("state", str, enum=["failing", "soon"], description="Failing a rule today, or within `soon`."),
    OpenApiParameter("soon", int, description="Days ahead for state=soon (1–365, default 30)."),
    OpenApiParameter("q", str, description="Search the school's name or code and the ledger's names and numbers."),
]


def _school(request: Request, data: Any) -> OrgUnit:
    school_id = str(data.get("school", ""))
    if not school_id.isdigit():
        raise ValidationError({"school": [_("Give the id of a school in your area.")]})
    return get_object_or_404(
        OrgUnit.objects.visible_to(request.user).select_related("school"), pk=school_id, level=Level.SCHOOL
    )


class FindingSerializer(serializers.Serializer):
    check = serializers.CharField()
    label = serializers.CharField()
    failing = serializers.BooleanField(help_text="Failing today; false: will fail on `since`, within the warn days.")
    since = serializers.DateField(allow_null=True, help_text="The first failing day (null: whatever the day).")
    major = serializers.BooleanField()
    hazard = serializers.IntegerField(allow_null=True)
    due = serializers.DateField(help_text="Put right by (failing), or the day it fails (coming).")


def findings_of(record: Any) -> list[dict[str, Any]]:
    ledger = next(ledger for ledger in LEDGERS.values() if isinstance(record, ledger.model))
    warn = findings.rule_value("facilities.warn_days", record.school)[WARN_KEY[ledger.key]]
    return [
        {
            "check": f.check.code,
            "label": str(f.check.label),
            "failing": f.failing,
            "since": f.since_display,
            "major": f.major,
            "hazard": f.hazard_id,
            "due": f.due,
        }
        for f in findings.record_findings(record, clock.today(), warn)
    ]


@extend_schema_field(FindingSerializer(many=True))
def _findings_field(self: Any, record: Any) -> list[dict[str, Any]]:
    return findings_of(record)


def _serializer(ledger: Ledger) -> type:
    meta = type(
        "Meta",
        (),
        {
            "model": ledger.model,
            "fields": ["id", "school", *ledger.columns, "is_active", "retired_on", "retired_reason", "findings"],
        },
    )
    return type(
        f"Facility{ledger.model.__name__}Serializer",
        (serializers.ModelSerializer,),
        {
            "Meta": meta,
            "findings": serializers.SerializerMethodField(),
            "get_findings": _findings_field,
            "__module__": __name__,
        },
    )


class _LedgerViewSet(StepActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ledger: Ledger
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        rows = self.ledger.model.objects.visible_to(self.request.user).select_related("school")
        rows = within_org_param(self.request, rows)
        rows, _shown = filter_ledger(rows, self.ledger, self.request.query_params, clock.today())
        return rows.order_by("org_path", "pk")

    def step_response(self, record: Any) -> Response:
        if not isinstance(record, self.ledger.model):  # a hazard registered: answer with the record
            record = self.get_object()
        data = self.serializer_class(self.workflow.fresh(record)).data
        data["allowed_steps"] = [step.verb for step in self.workflow.offered(self.request.user, record)]
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.step_response(self.get_object())

    def create(self, request: Request) -> Response:
        school = _school(request, request.data)
        records.require_keeper(request.user, school)
        values = {k: v for k, v in checked_data(request, form_class(self.ledger.key), ("school",)).items()}
        values.pop("school", None)
        made = records.save_record(self.ledger.key, actor=request.user, school=school, values=values)
        return Response(self.serializer_class(made).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        records.require_keeper(request.user, record.school)
        values = dict(checked_data(request, form_class(self.ledger.key)).items())
        saved = records.save_record(
            self.ledger.key, actor=request.user, school=record.school, values=values, record=record, partial=True
        )
        return Response(self.serializer_class(saved).data)


def _viewset(key: str, ledger: Ledger) -> type:
    serializer = _serializer(ledger)
    body = form_serializer(form_class(key), f"Facility{ledger.model.__name__}Input", SCHOOL)
    change = form_serializer(form_class(key), f"Facility{ledger.model.__name__}Change")
    label = str(ledger.model._meta.verbose_name_plural)
    viewset = type(
        f"{ledger.model.__name__}ViewSet",
        (_LedgerViewSet,),
        {
            "__doc__": f"The {label} of your area (`?org=`, `?state=failing|soon`, `?q=`).",
            "ledger": ledger,
            "serializer_class": serializer,
            "workflow": steps.FLOWS[key],
            "step_response_serializer": serializer,
            "__module__": __name__,
        },
    )
    return extend_schema_view(
        list=extend_schema(parameters=LIST_PARAMS, summary=f"List the {label} of your area"),
        create=extend_schema(request=body, responses={201: serializer}, summary=f"Add to a school's {label}"),
        partial_update=extend_schema(request=change, responses={200: serializer}, summary="Correct a record"),
        retrieve=extend_schema(summary="One record, with its findings and the steps you may take"),
    )(viewset)


VIEWSETS = {key: _viewset(key, ledger) for key, ledger in LEDGERS.items()}
ROUTES = {
    "guard": "guards",
    "insurance": "insurance-policies",
    "bus": "buses",
    "driver": "bus-drivers",
    "escort": "bus-escorts",
    "route": "bus-routes",
    "canteen": "canteens",
    "worker": "canteen-workers",
    "equipment": "special-equipment",
    "chemical": "chemicals",
}


class ProfileSerializer(serializers.ModelSerializer):
    insurance = serializers.SerializerMethodField()

    class Meta:
        model = SecurityProfile
        fields = ["school", "boarders", "students", "staff", "guards_required", "guards_full_time", "baseline_met"]
        fields += ["insurance"]

    @extend_schema_field(
        serializers.DictField(help_text="covered (today), lapses_on (first day without cover), uninsured_since")
    )
    def get_insurance(self, profile_row: SecurityProfile) -> dict[str, Any]:
        state = findings.insurance_state(profile_row.school)
        return {"covered": state["covered"], "lapses_on": state["lapses_on"], "uninsured_since": state["since"]}


class ProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Each school's security profile: guards required (by the rule set in force) and in post, the baseline items
    met, liability insurance cover. `?org=`; `?missing=guard` for the schools without a full-time guard."""

    serializer_class = ProfileSerializer
    lookup_field = "school"

    def get_queryset(self) -> Any:
        rows = within_org_param(self.request, SecurityProfile.objects.visible_to(self.request.user))
        if self.request.query_params.get("missing") == "guard":
            rows = rows.filter(guards_full_time=0)
        return rows.select_related("school").order_by("org_path")

    @extend_schema(
        parameters=[
            OpenApiParameter("org", int, description="Only the subtree of this unit (of your area)."),
            OpenApiParameter("missing", str, enum=["guard"], description="Only schools without a full-time guard."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class BaselineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BaselineItem
        fields = ["id", "school", "item", "met", "checked_on", "note", "recorded_by", "updated_at"]


class BaselineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The four baseline items (四个100%) of the schools of your area. `POST` (multipart, with the evidence)
    records a check of one item at a school."""

    serializer_class = BaselineSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> Any:
        return within_org_param(self.request, BaselineItem.objects.visible_to(self.request.user)).order_by("pk")

    @extend_schema(
        request={"multipart/form-data": form_serializer(BaselineForm, "BaselineCheck", SCHOOL)},
        responses={201: BaselineSerializer},
        summary="Record a check of one baseline item at a school",
    )
    def create(self, request: Request) -> Response:
        school = _school(request, request.data)
        records.require_keeper(request.user, school)
        data = checked_data(request, BaselineForm, ("school",))
        row = profile.record_baseline(
            school,
            actor=request.user,
            item=data.get("item", ""),
            met=data.get("met", ""),
            checked_on=data.get("checked_on", ""),
            evidence=request.FILES.get("evidence"),
            note=data.get("note", ""),
        )
        return Response(BaselineSerializer(row).data, status=status.HTTP_201_CREATED)


class PatrolDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = PatrolDay
        fields = ["school", "day", "points", "required", "done", "closed"]


class PatrolDayViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each school's patrol days (`?org=`): rounds required and done; a closed day short of them is missed."""

    serializer_class = PatrolDaySerializer

    def get_queryset(self) -> Any:
        rows = within_org_param(self.request, PatrolDay.objects.visible_to(self.request.user))
        return rows.order_by("-day", "org_path")


class GateDutySerializer(serializers.ModelSerializer):
    class Meta:
        model = GateDuty
        fields = ["id", "school", "day", "period", "people", "headcount", "police", "recorded_by", "recorded_at"]


class GateDutyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The gate posts (护学岗) of the schools of your area (`?org=`). `POST` logs one at a school."""

    serializer_class = GateDutySerializer

    def get_queryset(self) -> Any:
        rows = within_org_param(self.request, GateDuty.objects.visible_to(self.request.user))
        return rows.order_by("-day", "org_path", "period")

    @extend_schema(
        request=form_serializer(GateDutyForm, "GateDutyLog", SCHOOL),
        responses={201: GateDutySerializer},
        summary="Log the gate post at arrival or dismissal at a school",
    )
    def create(self, request: Request) -> Response:
        school = _school(request, request.data)
        data = checked_data(request, GateDutyForm, ("school",))
        row = patrols.log_gate_duty(
            school,
            actor=request.user,
            day=data.get("day", ""),
            period=data.get("period", ""),
            people=data.get("people", ""),
            police=data.get("police", False),
        )
        return Response(GateDutySerializer(row).data, status=status.HTTP_201_CREATED)
