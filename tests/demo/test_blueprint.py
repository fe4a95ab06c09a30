from collections import Counter
from datetime import date

import pytest

from mainspring.demo import blueprint
from mainspring.demo.blueprint import OrgBlueprint, generate_org
from mainspring.org.models import UnitKind

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def org() -> OrgBlueprint:
    return generate_org(2000, 42, today=TODAY)


def test_same_arguments_give_the_same_organisation(org):
    assert generate_org(2000, 42, today=TODAY) == org


def test_another_seed_gives_another_organisation(org):
    other = generate_org(2000, 43, today=TODAY)
    assert other.people != org.people


@pytest.mark.parametrize("people", [blueprint.MIN_PEOPLE, 300, 2000, 12_345])
def test_headcount_is_exact(people):
    org = generate_org(people, 7, today=TODAY)
    assert len(org.people) == people
    assert len({p.hris_id for p in org.people}) == people


def test_too_small_an_organisation_is_refused():
    with pytest.raises(ValueError, match="at least"):
        generate_org(blueprint.MIN_PEOPLE - 1, today=TODAY)


def test_only_the_ceo_has_no_manager(org):
    without = [p for p in org.people if not p.manager_hris_id]
    assert [(p.hris_id, p.job_role) for p in without] == [(org.key_people.ceo, blueprint.CEO)]


def test_managers_exist_and_chains_never_loop(org):
    boss = {p.hris_id: p.manager_hris_id for p in org.people}
    assert all(m in boss for m in boss.values() if m)
    for start in boss:
        seen = set()
        node = start
        while node:
            assert node not in seen, f"loop through {node}"
            seen.add(node)
            node = boss[node]


def test_people_come_after_their_managers(org):
    seen: set[str] = set()
    for person in org.people:
        assert not person.manager_hris_id or person.manager_hris_id in seen
        seen.add(person.hris_id)


def test_every_unit_has_a_known_parent_listed_before_it(org):
    seen: set[str] = set()
    for unit in org.units:
        assert unit.parent_code == "" or unit.parent_code in seen
        seen.add(unit.code)
    assert [u.code for u in org.units if not u.parent_code] == [blueprint.COMPANY_CODE]
    assert len(seen) == len(org.units)
    assert {p.org_unit_code for p in org.people} <= seen


def test_kinds_and_divisions_follow_the_design(org):
    kinds = Counter(u.kind for u in org.units)
    assert kinds[UnitKind.COMPANY] == 1
    assert kinds[UnitKind.DIVISION] == 5
    assert kinds[UnitKind.REGION] >= 5
    assert kinds[UnitKind.TEAM] > 0
    assert kinds[UnitKind.SITE] == len(org.sites) == 20
    parent = {u.code: u.parent_code for u in org.units}

    def division(code: str) -> str:
        while parent[code] != blueprint.COMPANY_CODE:
            code = parent[code]
        return code

    share = Counter(division(p.org_unit_code) for p in org.people)
    assert share == {"OPS": 900, "WH": 500, "SALES": 160, "CS": 240, "CORP": 200}


@pytest.mark.parametrize(("people", "sites"), [(300, 12), (2000, 20), (6000, 40)])
def test_sites_scale_with_people(people, sites):
    assert len(generate_org(people, 1, today=TODAY).sites) == sites


def test_emails_are_unique_ignoring_case(org):
    emails = [p.email.lower() for p in org.people if p.email]
    assert len(emails) == len(set(emails))
    assert all(e.endswith("@northwind.example") for e in emails)


def test_some_drivers_and_pickers_have_no_email(org):
    front = [p for p in org.people if p.job_role in (blueprint.DRIVER, blueprint.PICKER)]
    missing = sum(not p.email for p in front) / len(front)
    assert 0.05 < missing < 0.15
    assert all(
        p.email for p in org.people if p.job_role not in (blueprint.DRIVER, blueprint.PICKER)
    )


def test_leavers_are_six_to_nine_percent_and_manage_nobody(org):
    leavers = {p.hris_id for p in org.people if not p.active}
    assert 0.06 <= len(leavers) / len(org.people) <= 0.09
    assert not leavers & {p.manager_hris_id for p in org.people}


def test_front_line_leads_have_realistic_spans(org):
    reports = Counter(p.manager_hris_id for p in org.people)
    leads = [
        p.hris_id
        for p in org.people
        if p.job_role
        in (blueprint.DEPOT_LEAD, blueprint.SHIFT_LEAD, blueprint.CUSTOMER_SERVICE_TEAM_LEAD)
    ]
    spans = [reports[h] for h in leads]
    assert min(spans) >= 6
    assert max(spans) <= 14
    assert max(reports.values()) <= 14


def test_hire_dates_span_fifteen_years_and_favour_recent_hires(org):
    ages = [(TODAY - p.hire_date).days / 365 for p in org.people]
    assert max(ages) > 14
    assert min(ages) >= 0
    recent = sum(a < 5 for a in ages)
    old = sum(a >= 10 for a in ages)
    assert recent > 2 * old


def test_the_new_site_hired_nobody_before_it_opened(org):
    assert org.new_site_code == next(s.code for s in org.sites if s.opened)
    assert 13 * 30 < (TODAY - org.new_site_opened).days < 15 * 31
    parent = {u.code: u.parent_code for u in org.units}
    at_site = [
        p for p in org.people if org.new_site_code in (p.org_unit_code, parent[p.org_unit_code])
    ]
    assert at_site
    assert all(p.hire_date >= org.new_site_opened for p in at_site)


def test_locations_are_towns_or_head_office(org):
    towns = {s.town for s in org.sites}
    assert {p.location for p in org.people} <= towns | {blueprint.HEAD_OFFICE}


def test_the_learning_team_is_complete(org):
    by_id = {p.hris_id: p for p in org.people}
    roles = [by_id[h].job_role for h in org.key_people.learning_team]
    assert roles == [
        blueprint.HEAD_OF_LEARNING,
        blueprint.LEARNING_MANAGER,
        *[blueprint.INSTRUCTIONAL_DESIGNER] * 3,
        blueprint.FACILITATOR,
        blueprint.LMS_ADMINISTRATOR,
        blueprint.LEARNING_COORDINATOR,
    ]
    assert {by_id[h].org_unit_code for h in org.key_people.learning_team} == {"LD"}


def test_every_role_held_is_listed_once(org):
    names = [r.name for r in org.roles]
    assert len(names) == len(set(names))
    assert {p.job_role for p in org.people} == set(names)
    assert all(r.family for r in org.roles)
