"""The API's shapes of the organisation. Parsing only: writes go through ``actions``."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from mainspring.org import actions, queries
from mainspring.org.models import JobRole, OrgUnit, Person, User


def _user_in(context: dict[str, Any]) -> Any:
    # Schema generation builds serializers without a request; nobody is signed in then.
    request = context.get("request")
    return getattr(request, "user", None)


class PersonSerializer(serializers.ModelSerializer[Person]):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    # Job role names are unique, so the name is both what is shown and what is sent.
    job_role = serializers.SlugRelatedField(
        slug_field="name", queryset=JobRole.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Person
        fields: ClassVar = [
            "id", "hris_id", "first_name", "last_name", "email", "org_unit", "org_unit_name",
            "job_role", "manager", "location", "hire_date", "active", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields: ClassVar = ["id", "hris_id", "created_at", "updated_at"]

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # A unit or manager the writer may not see is, to them, one that does not exist.
        user = _user_in(self.context)
        org_unit = fields["org_unit"]
        manager = fields["manager"]
        assert isinstance(org_unit, serializers.PrimaryKeyRelatedField)
        assert isinstance(manager, serializers.PrimaryKeyRelatedField)
        org_unit.queryset = queries.units_visible_to(user)
        manager.queryset = queries.people_visible_to(user)
        return fields

    def changes(self) -> actions.PersonChanges:
        """The person as sent, over the person as stored (a PATCH sends only some fields)."""
        person = self.instance if isinstance(self.instance, Person) else Person(active=True)
        data: dict[str, Any] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "org_unit": person.org_unit if person.org_unit_id else None,
            "job_role": person.job_role,
            "manager": person.manager,
            "location": person.location,
            "hire_date": person.hire_date,
            "active": person.active,
        }
        data.update(self.validated_data)
        return actions.PersonChanges(**data)


class NewPersonSerializer(PersonSerializer):
    """A person added by hand: the HRIS id is given once, on creation."""

    class Meta(PersonSerializer.Meta):
        read_only_fields: ClassVar = ["id", "created_at", "updated_at"]


class OrgUnitSerializer(serializers.ModelSerializer[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields: ClassVar = ["id", "code", "name", "kind", "parent", "depth"]
        read_only_fields: ClassVar = ["id", "depth"]
        extra_kwargs: ClassVar = {"kind": {"required": True}}

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        parent = fields["parent"]
        assert isinstance(parent, serializers.PrimaryKeyRelatedField)
        parent.queryset = queries.units_visible_to(_user_in(self.context))
        return fields

    def validate_code(self, value: str) -> str:
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError("The code of an org unit cannot be changed.")
        return value

    def target(self) -> tuple[str, str, OrgUnit | None]:
        """Name, kind and parent as sent, over the unit as stored (PATCH sends only some)."""
        sent = self.validated_data
        unit = self.instance
        if unit is None:
            return sent["name"], sent["kind"], sent.get("parent")
        return (
            sent.get("name", unit.name),
            sent.get("kind", unit.kind),
            sent.get("parent", unit.parent),
        )


class JobRoleSerializer(serializers.ModelSerializer[JobRole]):
    class Meta:
        model = JobRole
        fields: ClassVar = ["id", "name", "family"]


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields: ClassVar = ["username", "role", "person"]
        read_only_fields: ClassVar = fields


class PeopleFilterSerializer(serializers.Serializer[None]):
    search = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=200,
        help_text="Words to find in names and e-mail addresses, or an exact HRIS id.",
    )  # fmt: skip
    org_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(), required=False, default=None,
        help_text="Only people in this org unit and the units below it.",
    )  # fmt: skip
    status = serializers.ChoiceField(
        choices=["active", "inactive", "all"], required=False, default="active"
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        org_unit = fields["org_unit"]
        assert isinstance(org_unit, serializers.PrimaryKeyRelatedField)
        org_unit.queryset = queries.units_visible_to(_user_in(self.context))
        return fields
