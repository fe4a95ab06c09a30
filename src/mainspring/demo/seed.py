"""Seed the demo: Northwind Freight and, app by app, everything that happens in it.

Each domain app contributes one seeder to :data:`SEEDERS`; they run in order, each in
its own transaction, sharing a :class:`SeedContext`. A seeder reads what earlier ones
left in ``ctx.registry`` and adds its own row counts to ``ctx.counts``.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from mainspring.cmi5.demo import seed_cmi5
from mainspring.demo import blueprint
from mainspring.demo.seeders import (
    evaluation,
    experiences,
    factory,
    factory_work,
    first_days,
    impact,
    impact_studies,
    org,
    partnerships,
    records,
    reports,
    strategy,
    strategy_document,
)
from mainspring.org.actions import create_user
from mainspring.org.models import OrgUnit, Person, Role, User

DEMO_PASSWORD = "northwind-demo"  # noqa: S105  (published on purpose: it is the demo's)

# (done, total) of the current seeder's work, as ``org.actions.Progress`` reports imports.
Progress = Callable[[int, int], None]


class AlreadySeeded(Exception):  # noqa: N818  (reads as the state it reports)
    """The database already holds people, so the demo would collide with them."""


@dataclass(slots=True)
class SeedContext:
    """What every seeder shares: the size, the seed, the day, and earlier results.

    ``rng`` is shared and so depends on the seeders before; a seeder that should stay
    the same when others change draws from :meth:`rng_for` instead.
    """

    rng: random.Random
    people: int
    seed: int
    today: date
    # The real day the demo is built on (``today`` is the first of its month, so monthly
    # series end cleanly); for what counts in days, such as a 60-day plan.
    calendar_today: date | None = None
    registry: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    progress: Progress | None = None

    def rng_for(self, name: str) -> random.Random:
        """Return a generator of its own for ``name``, from the demo's seed."""
        return random.Random(f"{self.seed}:{name}")  # noqa: S311  (reproducible, not secret)

    def report(self, done: int, total: int) -> None:
        """Tell whoever watches how far the current seeder has come."""
        if self.progress is not None:
            self.progress(done, total)


Seeder = Callable[[SeedContext], None]


def _logins(ctx: SeedContext) -> None:
    """Create the demo logins right after the people, so later seeders can use them."""
    ctx.registry["logins"] = {login.username: login for login in ensure_demo_logins()}


# In the order they run; each domain app appends its own seeder. The demo logins exist
# from the second step on (``User.objects.get(username="leader")``).
SEEDERS: list[Seeder] = [
    org.seed,
    _logins,
    strategy.seed,
    partnerships.seed,
    strategy_document.seed,
    first_days.seed,
    experiences.seed,
    impact.seed,
    seed_cmi5,
    records.seed,
    evaluation.seed,
    factory.seed,
    factory_work.seed,
    impact_studies.seed,
    reports.seed,
]


def default_today() -> date:
    """Return the first day of the current month, the demo's default "today"."""
    return date.today().replace(day=1)  # noqa: DTZ011  (a calendar day in local time)


def seed_demo(
    people: int = 2000,
    seed: int = 42,
    today: date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty database with the demo organisation and its history.

    Args:
        people: headcount of Northwind Freight.
        seed: the seed every generated value derives from.
        today: the day the demo is seen from; the first of this month by default.
        progress: called with ``(done, total)`` as each seeder goes on (for the
            organisation, people written of people to write).

    Returns:
        Row counts by kind, from every seeder.

    Raises:
        AlreadySeeded: when the database already holds people.
    """
    if is_seeded():
        raise AlreadySeeded("The database already holds people; seed an empty one.")
    ctx = SeedContext(
        rng=random.Random(seed),  # noqa: S311  (reproducible, not secret)
        people=people,
        seed=seed,
        today=today or default_today(),
        calendar_today=today or date.today(),  # noqa: DTZ011  (a calendar day in local time)
        progress=progress,
    )
    # The actions log each change they make; seeding makes thousands, so only
    # warnings reach the console meanwhile.
    app_log = logging.getLogger("mainspring")
    level = app_log.level
    app_log.setLevel(max(level, logging.WARNING))
    try:
        for seeder in SEEDERS:
            with transaction.atomic():
                seeder(ctx)
    finally:
        app_log.setLevel(level)
    return dict(ctx.counts)


def is_seeded() -> bool:
    """Return whether the database holds any person (the demo's or anyone's)."""
    return Person.objects.exists()


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: str  # the role's label, as the user list shows it
    who: str  # "Priya Shah, Head of Learning"


def ensure_demo_logins() -> list[DemoLogin]:
    """Create one login per role for the seeded organisation; keep any that exist.

    Every login has the password :data:`DEMO_PASSWORD`. ``manager`` is a learner who
    leads a depot team, to show that managers see their teams.

    Raises:
        Person.DoesNotExist: when a login is missing and the organisation has nobody
            to link it to (it has not been seeded).
    """
    ops = OrgUnit.objects.filter(code="OPS")
    wanted: list[tuple[str, str, Callable[[], Person], list[OrgUnit]]] = [
        ("leader", Role.LEADER, lambda: _holder(blueprint.HEAD_OF_LEARNING), []),
        ("staff", Role.STAFF, lambda: _holder(blueprint.LEARNING_MANAGER), []),
        (
            "stakeholder",
            Role.STAKEHOLDER,
            lambda: _holder(blueprint.OPERATIONS_DIRECTOR),
            list(ops),
        ),
        ("executive", Role.EXECUTIVE, lambda: _holder(blueprint.CEO), []),
        ("learner", Role.LEARNER, lambda: _holder(blueprint.DRIVER, has_manager=True), []),
        ("manager", Role.LEARNER, lambda: _holder(blueprint.DEPOT_LEAD, has_reports=True), []),
    ]
    logins = []
    for username, role, find_person, scope in wanted:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            person = find_person()
            user = create_user(
                actor=None,
                username=username,
                role=role,
                password=DEMO_PASSWORD,
                person=person,
                scope_units=scope,
                email=person.email,
            )
        label = Role(user.role).label
        if username == "manager":
            label = f"{label} (manager)"
        logins.append(DemoLogin(username, DEMO_PASSWORD, label, _who(user)))
    return logins


def _holder(job_role: str, *, has_manager: bool = False, has_reports: bool = False) -> Person:
    people = Person.objects.filter(job_role__name=job_role, active=True, user__isnull=True)
    if has_manager:
        people = people.filter(manager__isnull=False)
    if has_reports:
        people = people.filter(reports__active=True).distinct()
    person = people.exclude(email="").order_by("hris_id").first()
    if person is None:
        raise Person.DoesNotExist(f"The demo organisation has no {job_role} for a login.")
    return person


def _who(user: User) -> str:
    person = user.person
    if person is None:
        return user.get_full_name() or user.username
    role = person.job_role.name if person.job_role else ""
    return f"{person.full_name}, {role}" if role else person.full_name
