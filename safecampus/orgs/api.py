"""API for the tree: /api/v1/orgs/ (scoped; schools carry their profile)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.api import StrictFieldsMixin

from .filters import OrgUnitFilter
from .models import OrgUnit, School
from .services import update_org, update_school


def within_org_param(request: Request, queryset: Any) -> Any:
    """`?org=<id>` narrows a scoped list to that unit's subtree; a unit outside the user's area is 404."""
    from rest_framework.exceptions import NotFound

    org = request.query_params.get("org")
    if org and org.isdigit():
        node = OrgUnit.objects.visible_to(request.user).filter(pk=org).first()
        if node is None:
            raise NotFound
        queryset = queryset.within(node.path)
    return queryset


class SchoolSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = School
        fields = [
            "kind",
            "is_boarding",
            "uses_school_bus",
            "is_private",
            "is_rural",
            "is_small",
            "student_count",
            "staff_count",
            "address",
            "phone",
        ]


class OrgUnitSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    school = SchoolSerializer(required=False)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "name",
            "short_name",
            "level",
            "code",
            "division_code",
            "parent",
            "depth",
            "numchild",
            "lng",
            "lat",
            "is_active",
            "school",
        ]
        read_only_fields = ["id", "level", "code", "division_code", "parent", "depth", "numchild"]

    def to_representation(self, instance: OrgUnit) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.is_school:
            data["school"] = None
        return data


class OrgUnitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Org units in your area. `org=<id>` limits to that subtree; `parent=<id>` to its children."""

    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilter
    ordering_fields = ["code", "name", "level", "path"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return OrgUnit.objects.visible_to(self.request.user).select_related("school").with_parent()

    @extend_schema(summary="Change a unit's fields or a school's profile")
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        org = self.get_object()
        serializer = self.get_serializer(org, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        school_data = data.pop("school", None)
        if data:
            update_org(org, actor=request.user, fields=data)
        if school_data is not None:
            if not org.is_school:
                raise serializers.ValidationError({"school": ["Only a school node has a school profile."]})
            update_school(School.objects.get(org=org), actor=request.user, fields=school_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=org.pk)).data)
