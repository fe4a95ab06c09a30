"""The cast: one user per role, each with a stranger counterpart, over a small org.

company (ACME)
├── ops (Operations)          leader of ops: Olivia (stakeholder "stakeholder")
│   └── depot (Depot North)   Dan the depot lead manages Lea (learner) and Liam
└── sales (Sales)             Sam heads sales (stakeholder "stranger_stakeholder")
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from hypothesis import settings

from mainspring.org import actions
from mainspring.org.models import OrgUnit, Person, Role, UnitKind, User
from tests.org.factories import make_person, make_unit

# Hypothesis's per-example deadline is a timed assertion: on a busy machine it fails
# correct code (seen in CI-like runs at 317 ms against 200 ms). Speed lives in bench/.
settings.register_profile("mainspring", deadline=None)
settings.load_profile("mainspring")


@dataclass
class Org:
    company: OrgUnit
    ops: OrgUnit
    depot: OrgUnit
    sales: OrgUnit
    olivia: Person
    dan: Person
    lea: Person
    liam: Person
    sam: Person
    sara: Person


@dataclass
class Cast:
    org: Org
    leader: User
    staff: User
    stakeholder: User
    executive: User
    learner: User
    manager: User
    stranger_stakeholder: User
    stranger_learner: User

    def by_role(self) -> dict[str, User]:
        return {
            "leader": self.leader,
            "staff": self.staff,
            "stakeholder": self.stakeholder,
            "executive": self.executive,
            "learner": self.learner,
            "manager": self.manager,
        }


@pytest.fixture
def org(db: None) -> Org:
    company = make_unit("ACME", "Acme", kind=UnitKind.COMPANY)
    ops = make_unit("OPS", "Operations", company, UnitKind.DIVISION)
    depot = make_unit("DEPOT-N", "Depot North", ops, UnitKind.SITE)
    sales = make_unit("SALES", "Sales", company, UnitKind.DIVISION)
    olivia = make_person(hris_id="P-OLIVIA", first_name="Olivia", last_name="Ops", org_unit=ops)
    dan = make_person(
        hris_id="P-DAN", first_name="Dan", last_name="Depot", org_unit=depot, manager=olivia
    )
    lea = make_person(
        hris_id="P-LEA", first_name="Lea", last_name="Learner", org_unit=depot, manager=dan
    )
    liam = make_person(
        hris_id="P-LIAM", first_name="Liam", last_name="Driver", org_unit=depot, manager=dan
    )
    sam = make_person(hris_id="P-SAM", first_name="Sam", last_name="Sales", org_unit=sales)
    sara = make_person(
        hris_id="P-SARA", first_name="Sara", last_name="Seller", org_unit=sales, manager=sam
    )
    return Org(company, ops, depot, sales, olivia, dan, lea, liam, sam, sara)


def _user(
    username: str, role: str, person: Person | None = None, scope: list[OrgUnit] | None = None
) -> User:
    return actions.create_user(
        actor=None,
        username=username,
        role=role,
        password="x" * 12,
        person=person,
        scope_units=scope or [],
    )


@pytest.fixture
def cast(org: Org) -> Cast:
    return Cast(
        org=org,
        leader=_user("leader", Role.LEADER),
        staff=_user("staff", Role.STAFF),
        stakeholder=_user("stakeholder", Role.STAKEHOLDER, org.olivia, [org.ops]),
        executive=_user("executive", Role.EXECUTIVE),
        learner=_user("learner", Role.LEARNER, org.lea),
        manager=_user("manager", Role.LEARNER, org.dan),
        stranger_stakeholder=_user("stranger_stakeholder", Role.STAKEHOLDER, org.sam),
        stranger_learner=_user("stranger_learner", Role.LEARNER, org.sara),
    )


def _weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401, PLC0415  (only to see whether Pango is there)
    except OSError:
        return False
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip PDF tests on a machine without Pango, unless CI says they must run.

    ``MAINSPRING_SKIP_BROWSER=1`` leaves the browser tests out: CI runs them on SQLite and
    sets it for the PostgreSQL run, where they would test the same JavaScript again.
    """
    if os.environ.get("MAINSPRING_SKIP_BROWSER") == "1":
        skip_browser = pytest.mark.skip(reason="MAINSPRING_SKIP_BROWSER=1 (run on SQLite)")
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(skip_browser)
    if not any(item.get_closest_marker("pdf") for item in items) or _weasyprint_loads():
        return
    if os.environ.get("MAINSPRING_REQUIRE_PDF"):
        raise pytest.UsageError("MAINSPRING_REQUIRE_PDF is set but WeasyPrint cannot load Pango")
    skip = pytest.mark.skip(reason="Pango is missing (apt-get install libpango-1.0-0)")
    for item in items:
        if item.get_closest_marker("pdf"):
            item.add_marker(skip)
