from __future__ import annotations

from typing import Any, cast

import factory

from mainspring.org import actions
from mainspring.org.models import JobRole, OrgUnit, Person, UnitKind


def make_unit(
    code: str,
    name: str | None = None,
    parent: OrgUnit | None = None,
    kind: str = UnitKind.DEPARTMENT,
) -> OrgUnit:
    return actions.create_org_unit(
        actor=None, code=code, name=name or code, kind=kind, parent=parent
    )


class JobRoleFactory(factory.django.DjangoModelFactory[JobRole]):
    class Meta:
        model = JobRole
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Role {n}")


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    hris_id = factory.Sequence(lambda n: f"E{n:05d}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda p: f"{p.hris_id.lower()}@example.com")
    job_role = factory.SubFactory(JobRoleFactory)

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        if "org_unit" not in kwargs:
            kwargs["org_unit"] = OrgUnit.objects.first() or make_unit(
                "ROOT", "Root", kind=UnitKind.COMPANY
            )
        return cast(Person, super()._create(model_class, *args, **kwargs))


def make_person(**fields: Any) -> Person:
    """Create a person through the factory, typed as a Person."""
    return cast(Person, PersonFactory(**fields))
