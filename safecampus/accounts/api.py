"""API for people: /api/v1/me/, /api/v1/users/, /api/v1/memberships/ (all scoped)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from safecampus.core.access import ROLE_PERMISSIONS, Role
from safecampus.core.api import StrictFieldsMixin
from safecampus.orgs.models import Membership, OrgUnit

from .models import User
from .services import (
    create_user,
    grant_membership,
    managed_users,
    require_manage_user,
    revoke_membership,
    update_user,
)


class OrgBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "level", "code"]


class MembershipSerializer(serializers.ModelSerializer):
    org = OrgBriefSerializer(read_only=True)
    org_id = serializers.IntegerField(write_only=True)
    user_id = serializers.IntegerField()
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user_id", "org", "org_id", "role", "role_label", "granted_at"]
        read_only_fields = ["id", "granted_at"]


class UserSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "phone", "email", "is_active", "must_change_password", "memberships"]
        read_only_fields = ["id", "username", "is_active", "must_change_password", "memberships"]


class UserCreateSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+$", max_length=150)
    full_name = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    org_id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices)


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()
    home_nodes = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "phone", "email", "is_superuser", "memberships", "home_nodes"]

    def get_memberships(self, user: User) -> list[dict[str, Any]]:
        rows = []
        for membership in user.memberships.select_related("org"):
            rows.append(
                {
                    "id": membership.pk,
                    "role": membership.role,
                    "role_label": membership.get_role_display(),
                    "permissions": sorted(ROLE_PERMISSIONS.get(membership.role, frozenset())),
                    "org": OrgBriefSerializer(membership.org).data,
                }
            )
        return rows

    def get_home_nodes(self, user: User) -> list[dict[str, Any]]:
        return OrgBriefSerializer(OrgUnit.objects.home_nodes(user), many=True).data


@extend_schema(responses=MeSerializer, summary="The logged-in user, their roles and the nodes they command")
@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(MeSerializer(request.user).data)


def _visible_org(request: Request, org_id: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=org_id)


class UserFilter(django_filters.FilterSet):
    org = django_filters.NumberFilter(method="filter_org")
    q = django_filters.CharFilter(method="filter_q")
    role = django_filters.ChoiceFilter(field_name="memberships__role", choices=Role.choices, distinct=True)

    class Meta:
        model = User
        fields = ["org", "q", "role", "is_active"]

    def filter_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        root = get_object_or_404(OrgUnit.objects.visible_to(self.request.user), pk=value)
        return queryset.filter(pk__in=Membership.objects.within(root.path).values("user_id"))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from django.db.models import Q

        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Accounts holding roles in your area. Creating and editing needs the bureau-admin role."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    ordering_fields = ["username", "full_name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return (
            managed_users(self.request.user)
            .prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.visible_to(self.request.user).select_related("org"))
            )
            .order_by("username")
        )

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        org = _visible_org(request, values["org_id"])
        user = create_user(
            actor=request.user,
            username=values["username"],
            password=values["password"],
            org=org,
            role=values["role"],
            fields={k: values.get(k, "") for k in ("full_name", "phone", "email")},
        )
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.get_object()
        serializer = self.get_serializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        require_manage_user(request.user, user)
        update_user(User.objects.get(pk=user.pk), actor=request.user, fields=dict(serializer.validated_data))
        return Response(UserSerializer(self.get_queryset().get(pk=user.pk)).data)


class MembershipFilter(django_filters.FilterSet):
    org = django_filters.NumberFilter(method="filter_org")
    user = django_filters.NumberFilter(field_name="user_id")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["org", "user", "role"]

    def filter_org(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        root = get_object_or_404(OrgUnit.objects.visible_to(self.request.user), pk=value)
        return queryset.within(root.path)


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Roles held in your area. Granting and revoking needs the bureau-admin role on the node."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["org_path", "role", "granted_at"]

    def get_queryset(self) -> QuerySet:
        return Membership.objects.visible_to(self.request.user).select_related("org", "user").order_by("org_path", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org = _visible_org(request, serializer.validated_data["org_id"])
        user = get_object_or_404(User.objects.visible_to(request.user), pk=serializer.validated_data["user_id"])
        membership = grant_membership(actor=request.user, user=user, org=org, role=serializer.validated_data["role"])
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        revoke_membership(membership, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
