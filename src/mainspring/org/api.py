"""The REST API of the organisation: people, org units, job roles and the signed-in user.

Who may do what comes from :mod:`mainspring.org.permissions` (per action, below) and
what they may see from :mod:`mainspring.org.queries`; every write is an action.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mainspring.org import actions, permissions, queries
from mainspring.org.models import JobRole, OrgUnit, Person, User
from mainspring.org.serializers import (
    JobRoleSerializer,
    MeSerializer,
    NewPersonSerializer,
    OrgUnitSerializer,
    PeopleFilterSerializer,
    PersonSerializer,
)

Predicate = Callable[[Any], bool]


class Refused(APIException):
    """An action refused the change (``actions.Error``); its message says why."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


class ActionPredicates(BasePermission):
    """Allow a viewset action only when the view's predicate for it says yes.

    Actions a view does not list are refused, so a new route is closed until
    someone decides who may use it.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        if isinstance(view, viewsets.ViewSetMixin) and getattr(view, "action", None) is None:
            # The route maps no handler to this method, so dispatch answers 405.
            return True
        predicates: Mapping[str, Predicate] = getattr(view, "action_predicates", {})
        predicate = predicates.get(getattr(view, "action", None) or "")
        return predicate is not None and predicate(request.user)


def _scoped_by_queryset(user: Any) -> bool:  # noqa: ARG001  (a Predicate)
    # Detail routes: anyone signed in may ask; the scoped queryset answers 404
    # for what is not theirs, the same as for what does not exist.
    return True


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class PersonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Person]
):
    # Most people come from the HRIS import; POST adds one by hand. Edits are PATCH
    # only, so a client cannot blank the fields it did not send.
    serializer_class = PersonSerializer
    permission_classes = (IsAuthenticated, ActionPredicates)
    action_predicates: Mapping[str, Predicate] = {
        "list": permissions.can_list_people,
        "retrieve": _scoped_by_queryset,
        "partial_update": permissions.can_edit_people,
        "create": permissions.can_edit_people,
        "metadata": _scoped_by_queryset,
    }

    def get_queryset(self) -> QuerySet[Person]:
        people = queries.people_visible_to(self.request.user)
        if self.action != "list":
            return people
        filters = PeopleFilterSerializer(
            data=self.request.query_params, context=self.get_serializer_context()
        )
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        return queries.search_people(
            people, text=given["search"], unit=given["org_unit"], status=given["status"]
        )

    @extend_schema(parameters=[PeopleFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def create(self, request: Request) -> Response:
        serializer = NewPersonSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        hris_id = str(serializer.validated_data.pop("hris_id", ""))
        try:
            person = actions.create_person(
                actor=_actor(request), hris_id=hris_id, changes=serializer.changes()
            )
        except actions.Error as error:
            raise Refused(str(error)) from None
        return Response(
            PersonSerializer(person, context=self.get_serializer_context()).data, status=201
        )

    def partial_update(self, request: Request, pk: str) -> Response:  # noqa: ARG002  (get_object reads it)
        serializer = PersonSerializer(
            self.get_object(), data=request.data, partial=True,
            context=self.get_serializer_context(),
        )  # fmt: skip
        serializer.is_valid(raise_exception=True)
        person = serializer.instance
        assert person is not None
        try:
            actions.update_person(
                actor=_actor(request), person=person, changes=serializer.changes()
            )
        except actions.Error as error:
            raise Refused(str(error)) from None
        return Response(serializer.data)


class OrgUnitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[OrgUnit]
):
    serializer_class = OrgUnitSerializer
    permission_classes = (IsAuthenticated, ActionPredicates)
    action_predicates: Mapping[str, Predicate] = {
        "list": permissions.can_view_org_structure,
        "retrieve": _scoped_by_queryset,
        "create": permissions.can_edit_people,
        "partial_update": permissions.can_edit_people,
        "metadata": _scoped_by_queryset,
    }

    def get_queryset(self) -> QuerySet[OrgUnit]:
        return queries.units_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        serializer = OrgUnitSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        name, kind, parent = serializer.target()
        try:
            serializer.instance = actions.create_org_unit(
                actor=_actor(request),
                code=serializer.validated_data["code"],
                name=name,
                kind=kind,
                parent=parent,
            )
        except actions.Error as error:
            raise Refused(str(error)) from None
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:  # noqa: ARG002  (get_object reads it)
        serializer = OrgUnitSerializer(
            self.get_object(), data=request.data, partial=True,
            context=self.get_serializer_context(),
        )  # fmt: skip
        serializer.is_valid(raise_exception=True)
        unit = serializer.instance
        assert unit is not None
        name, kind, parent = serializer.target()
        try:
            actions.update_org_unit(
                actor=_actor(request), unit=unit, name=name, kind=kind, parent=parent
            )
        except actions.Error as error:
            raise Refused(str(error)) from None
        return Response(serializer.data)


class JobRoleViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[JobRole]):
    # Job roles are a catalogue with no personal data: anyone signed in may read it.
    serializer_class = JobRoleSerializer
    queryset = JobRole.objects.all()


class MeView(generics.RetrieveAPIView[User]):
    serializer_class = MeSerializer

    def get_object(self) -> User:
        return _actor(self.request)
