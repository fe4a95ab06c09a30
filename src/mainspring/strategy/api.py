"""The REST API of the strategy: goals, KPIs, their observations, and learning needs.

Who may do what comes from :mod:`mainspring.strategy.permissions` (per action, below):
L&D, executives and stakeholders read; L&D writes. Which observations a reader sees
comes from :func:`mainspring.strategy.queries.observations_visible_to`, as on the web.
Every write is an action; bulk observations go through the same checks as a file.

KPIs are addressed by code (``/api/kpis/SAFETY-INC/``), the name import files use;
goals and needs by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from mainspring.org.api import ActionPredicates, Predicate, Refused
from mainspring.org.imports import (
    ImportFileError,
    RowError,
    Table,
    check_mapping,
    errors_as_dicts,
    guess_mapping,
    read_table,
)
from mainspring.org.models import User
from mainspring.strategy import actions, imports, permissions, queries
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed
from mainspring.strategy.serializers import (
    MAX_BULK_ROWS,
    BulkFileSerializer,
    BulkObservationsSerializer,
    BulkResultSerializer,
    GoalSerializer,
    KPISerializer,
    NeedSerializer,
    ObservationFilterSerializer,
    ObservationSerializer,
    rows_as_table,
)

# A JSON body of MAX_BULK_ROWS rows is about 8 MB; refuse much bigger ones unread.
MAX_BULK_BYTES = 40 * 1024 * 1024
SHOWN_ERRORS = 1000


class TooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


READ_OR_WRITE: Mapping[str, Predicate] = {
    "list": permissions.can_view_strategy,
    "retrieve": permissions.can_view_strategy,
    "create": permissions.can_edit_strategy,
    "partial_update": permissions.can_edit_strategy,
    "metadata": permissions.can_view_strategy,
}


class _WriteMixin:
    """Create and PATCH through the serializer's checks, then one action."""

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)  # type: ignore[attr-defined]  # GenericViewSet
        serializer.is_valid(raise_exception=True)
        try:
            serializer.instance = self.perform_write(request, None, dict(serializer.validated_data))
        except actions.Error as error:
            raise Refused(str(error)) from None
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, **kwargs: Any) -> Response:  # noqa: ARG002  (get_object reads them)
        instance = self.get_object()  # type: ignore[attr-defined]  # GenericViewSet
        serializer = self.get_serializer(instance, data=request.data, partial=True)  # type: ignore[attr-defined]  # GenericViewSet
        serializer.is_valid(raise_exception=True)
        try:
            serializer.instance = self.perform_write(
                request, instance, dict(serializer.validated_data)
            )
        except actions.Error as error:
            raise Refused(str(error)) from None
        return Response(serializer.data)

    def perform_write(self, request: Request, instance: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError


def _set(instance: Any, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


class GoalViewSet(
    _WriteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[BusinessGoal],
):  # fmt: skip
    serializer_class = GoalSerializer
    permission_classes = (IsAuthenticated, ActionPredicates)
    action_predicates = READ_OR_WRITE

    def get_queryset(self) -> QuerySet[BusinessGoal]:
        return queries.goals_with_kpis()

    def perform_write(
        self, request: Request, instance: BusinessGoal | None, data: dict[str, Any]
    ) -> BusinessGoal:
        kpis = data.pop("kpis", None)
        if instance is None:
            return actions.create_goal(actor=_actor(request), kpis=kpis or (), **data)
        _set(instance, data)
        current = list(instance.kpis.all()) if kpis is None else kpis
        return actions.update_goal(actor=_actor(request), goal=instance, kpis=current)


class KPIViewSet(
    _WriteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[KPI]
):
    serializer_class = KPISerializer
    permission_classes = (IsAuthenticated, ActionPredicates)
    action_predicates = {**READ_OR_WRITE, "observations": permissions.can_view_strategy}
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self) -> QuerySet[KPI]:
        return KPI.objects.order_by("code")

    def perform_write(self, request: Request, instance: KPI | None, data: dict[str, Any]) -> KPI:
        if instance is None:
            return actions.create_kpi(actor=_actor(request), **data)
        _set(instance, data)
        return actions.update_kpi(actor=_actor(request), kpi=instance)

    @extend_schema(
        parameters=[ObservationFilterSerializer], responses=ObservationSerializer(many=True)
    )
    @action(detail=True, methods=["get"])
    def observations(self, request: Request, code: str) -> Response:  # noqa: ARG002  (get_object reads it)
        """The KPI's values the caller may see, oldest period first.

        Stakeholders see their units' and their people's values, not company-wide ones.
        """
        kpi = self.get_object()
        filters = ObservationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        rows = queries.observations_visible_to(request.user, kpi)
        if given["period_from"]:
            rows = rows.filter(period__gte=imports.period_start(given["period_from"], kpi.period))
        if given["period_to"]:
            rows = rows.filter(period__lte=given["period_to"])
        if given["unit"]:
            rows = rows.filter(Q(org_unit__code=given["unit"]) | Q(person__hris_id=given["unit"]))
        rows = rows.select_related("kpi", "org_unit", "person").order_by("period", "id")
        page = self.paginate_queryset(rows)  # type: ignore[arg-type]  # pages observations, not KPIs
        assert page is not None  # the API always paginates
        return self.get_paginated_response(ObservationSerializer(page, many=True).data)


class NeedViewSet(
    _WriteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[LearningNeed],
):  # fmt: skip
    serializer_class = NeedSerializer
    permission_classes = (IsAuthenticated, ActionPredicates)
    action_predicates = READ_OR_WRITE

    def get_queryset(self) -> QuerySet[LearningNeed]:
        return queries.needs_with_links()

    def perform_write(
        self, request: Request, instance: LearningNeed | None, data: dict[str, Any]
    ) -> LearningNeed:
        roles, units = data.pop("job_roles", None), data.pop("org_units", None)
        if instance is None:
            return actions.create_need(
                actor=_actor(request), job_roles=roles or (), org_units=units or (), **data
            )
        _set(instance, data)
        return actions.update_need(
            actor=_actor(request),
            need=instance,
            job_roles=list(instance.job_roles.all()) if roles is None else roles,
            org_units=list(instance.org_units.all()) if units is None else units,
        )


class ObservationBulkViewSet(viewsets.GenericViewSet[Any]):
    serializer_class = BulkObservationsSerializer
    permission_classes = (IsAuthenticated, ActionPredicates)
    action_predicates: Mapping[str, Predicate] = {
        "bulk": permissions.can_edit_strategy,
        "metadata": permissions.can_edit_strategy,
    }
    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        request={
            "application/json": BulkObservationsSerializer,
            "multipart/form-data": BulkFileSerializer,
        },
        responses={
            200: BulkResultSerializer,
            400: OpenApiResponse(BulkResultSerializer, description="Errors; nothing was written."),
            413: OpenApiResponse(description="Too many rows for one request."),
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Add or change many KPI values at once: all or nothing, unless ``valid_only``.

        Rows are checked exactly as an imported file is. With any error, nothing is
        written and the answer (400) lists the errors by row and column; with
        ``valid_only`` the valid rows are written and the others skipped.
        """
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BULK_BYTES:
            raise TooLarge(
                f"The request is over {MAX_BULK_BYTES // 2**20} MB. Send at most "
                f"{MAX_BULK_ROWS:,} rows at a time."
            )
        if "file" in request.FILES:
            return self._bulk_file(request)
        data: Any = request.data  # a JSON body may be anything, not only an object
        rows = data.get("rows") if isinstance(data, Mapping) else None
        if isinstance(rows, list) and len(rows) > MAX_BULK_ROWS:
            raise TooLarge(
                f"The request has {len(rows):,} rows; send at most {MAX_BULK_ROWS:,} at a "
                "time, or import a file."
            )
        envelope = BulkObservationsSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        given = envelope.validated_data
        bulk = rows_as_table(given["rows"])
        return _check_and_write(
            request, bulk.table, {c: c for c in bulk.table.headers},
            positions=bulk.positions, shape_errors=bulk.errors,
            valid_only=given["valid_only"], dry_run=given["dry_run"],
        )  # fmt: skip

    def _bulk_file(self, request: Request) -> Response:
        envelope = BulkFileSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        given = envelope.validated_data
        upload = given["file"]
        try:
            table = read_table(upload, upload.name)
        except ImportFileError as error:
            raise serializers.ValidationError({"file": [str(error)]}) from None
        mapping = guess_mapping(table.headers, imports.OBSERVATION_FIELDS)
        problems = check_mapping(table.headers, mapping, imports.OBSERVATION_FIELDS)
        if problems:
            raise serializers.ValidationError({"file": problems})
        return _check_and_write(
            request, table, mapping, positions=None, shape_errors=[],
            valid_only=given["valid_only"], dry_run=given["dry_run"],
        )  # fmt: skip


def _check_and_write(
    request: Request,
    table: Table,
    mapping: dict[str, str],
    *,
    positions: list[int] | None,
    shape_errors: list[RowError],
    valid_only: bool,
    dry_run: bool,
) -> Response:
    existing = actions.existing_observations(imports.kpi_codes_in(table, mapping))
    plan = imports.plan_observation_import(table, mapping, existing)
    errors = list(shape_errors)
    for error in plan.errors:
        row = positions[error.row - 2] if positions is not None else error.row
        errors.append(RowError(row, error.column, error.message, error.value))
    errors.sort(key=lambda e: (e.row, e.column))
    bad_rows = {e.row for e in errors}
    counts = plan.counts()
    shaped = len({e.row for e in shape_errors})
    rows = len(positions) + shaped if positions is not None else counts["rows"]
    refused = bool(errors) and not valid_only
    written = not refused and not dry_run and bool(plan.created or plan.updated)
    if written:
        actions.apply_observation_plan(
            plan, actor=_actor(request), reason="API bulk upload", allow_errors=valid_only
        )
    if refused:
        detail = f"{len(bad_rows):,} rows have errors; nothing was written."
    elif dry_run:
        detail = "Checked only (dry run); nothing was written."
    else:
        detail = "Written." if written else "Nothing to change."
    body = {
        "written": written,
        "dry_run": dry_run,
        "counts": {
            "rows": rows,
            "created": counts["created"],
            "updated": counts["updated"],
            "unchanged": counts["unchanged"],
            "invalid": len(bad_rows),
        },
        "error_count": len(errors),
        "errors": errors_as_dicts(errors, SHOWN_ERRORS),
        "detail": detail,
    }
    return Response(body, status=status.HTTP_400_BAD_REQUEST if refused else status.HTTP_200_OK)
