import random
from datetime import date

import pytest

from mainspring.demo import blueprint
from mainspring.demo.seed import (
    DEMO_PASSWORD,
    AlreadySeeded,
    SeedContext,
    ensure_demo_logins,
    is_seeded,
    seed_demo,
)
from mainspring.demo.seeders import org
from mainspring.org.models import JobRole, OrgUnit, Person, Role, User

TODAY = date(2025, 6, 1)
PEOPLE = 300


@pytest.fixture
def seeded(db: None) -> dict[str, int]:
    return seed_demo(PEOPLE, 42, today=TODAY)


def test_seeding_writes_the_blueprint(seeded):
    org = blueprint.generate_org(PEOPLE, 42, today=TODAY)
    org_counts = {k: seeded[k] for k in ("org_units", "job_roles", "people", "leavers")}
    assert org_counts == {
        "org_units": len(org.units),
        "job_roles": len(org.roles),
        "people": PEOPLE,
        "leavers": sum(not p.active for p in org.people),
    }
    assert is_seeded()
    assert OrgUnit.objects.count() == len(org.units)
    assert JobRole.objects.count() == len(org.roles)
    assert Person.objects.count() == PEOPLE
    assert Person.objects.filter(manager__isnull=True).get().hris_id == org.key_people.ceo
    stored = {
        p.hris_id: p for p in Person.objects.select_related("manager", "org_unit", "job_role")
    }
    for spec in org.people:
        person = stored[spec.hris_id]
        assert (person.manager.hris_id if person.manager else "") == spec.manager_hris_id
        assert person.org_unit.code == spec.org_unit_code
        assert person.job_role is not None
        assert person.job_role.name == spec.job_role
        assert (person.email, person.hire_date, person.active) == (
            spec.email,
            spec.hire_date,
            spec.active,
        )


def test_unit_paths_make_subtree_queries_work(seeded):
    org = blueprint.generate_org(PEOPLE, 42, today=TODAY)
    parent = {u.code: u.parent_code for u in org.units}

    def under(code: str, unit: str) -> bool:
        while unit:
            if unit == code:
                return True
            unit = parent[unit]
        return False

    for code in ("NWF", "OPS", "WH", "CORP", org.new_site_code):
        unit = OrgUnit.objects.get(code=code)
        in_subtree = Person.objects.filter(org_unit__path__startswith=unit.path).count()
        assert in_subtree == sum(under(code, p.org_unit_code) for p in org.people)


def test_the_audit_trail_shows_each_person_created_with_their_manager(seeded):
    history = Person.history.filter(history_type="+")
    assert history.count() == PEOPLE
    assert set(history.values_list("history_change_reason", flat=True)) == {"Demo organisation"}
    assert history.filter(manager_id__isnull=True).count() == 1
    assert set(OrgUnit.history.values_list("history_change_reason", flat=True)) == {
        "Demo organisation"
    }


def test_seeding_twice_is_refused(seeded):
    with pytest.raises(AlreadySeeded):
        seed_demo(PEOPLE, 42, today=TODAY)


def test_demo_logins_are_created_once_and_linked(seeded):
    first = ensure_demo_logins()
    second = ensure_demo_logins()

    assert first == second
    assert [login.username for login in first] == [
        "leader",
        "staff",
        "stakeholder",
        "executive",
        "learner",
        "manager",
    ]
    assert User.objects.count() == 6
    users = {u.username: u for u in User.objects.select_related("person__job_role")}
    expected = {
        "leader": (Role.LEADER, blueprint.HEAD_OF_LEARNING),
        "staff": (Role.STAFF, blueprint.LEARNING_MANAGER),
        "stakeholder": (Role.STAKEHOLDER, blueprint.OPERATIONS_DIRECTOR),
        "executive": (Role.EXECUTIVE, blueprint.CEO),
        "learner": (Role.LEARNER, blueprint.DRIVER),
        "manager": (Role.LEARNER, blueprint.DEPOT_LEAD),
    }
    for username, (role, job) in expected.items():
        user = users[username]
        assert user.role == role
        assert user.person is not None
        assert user.person.job_role is not None
        assert user.person.job_role.name == job
        assert user.check_password(DEMO_PASSWORD)
    assert [u.code for u in users["stakeholder"].scope_units.all()] == ["OPS"]
    assert users["learner"].person.manager_id is not None
    assert users["manager"].person.reports.filter(active=True).exists()
    assert first[0].who == "Priya Shah, Head of Learning"


def test_an_existing_username_is_left_alone(seeded):
    ensure_demo_logins()
    User.objects.filter(username="learner").update(role=Role.STAFF)

    logins = {login.username: login for login in ensure_demo_logins()}

    assert User.objects.get(username="learner").role == Role.STAFF
    assert logins["learner"].role == Role.STAFF.label


def test_progress_counts_people_up_to_the_headcount(db):
    calls: list[tuple[int, int]] = []

    seed_demo(PEOPLE, 42, today=TODAY, progress=lambda done, total: calls.append((done, total)))

    assert calls[0] == (0, PEOPLE)
    assert calls[-1] == (PEOPLE, PEOPLE)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_the_registry_holds_what_later_seeders_need(db):
    ctx = SeedContext(rng=random.Random(1), people=PEOPLE, seed=42, today=TODAY)

    org.seed(ctx)

    registry = ctx.registry
    plan = registry["org"]
    assert registry["new_site_code"] == plan.new_site_code
    assert registry["new_site_code"] in registry["depot_codes"]
    assert registry["unit_ids"]["OPS"] == OrgUnit.objects.get(code="OPS").pk
    assert registry["ceo_hris_id"] == Person.objects.get(manager__isnull=True).hris_id
    team = registry["learning_team"]
    assert len(team[blueprint.INSTRUCTIONAL_DESIGNER]) == 3
    assert (
        Person.objects.filter(
            hris_id__in=[h for ids in team.values() for h in ids], org_unit__code="LD"
        ).count()
        == 8
    )
