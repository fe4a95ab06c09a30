from datetime import date
from statistics import mean

import pytest
from django.db import transaction
from django.db.models import F

from mainspring.demo import experiences_text as text
from mainspring.demo import seed as seed_module
from mainspring.demo.seed import SeedContext, seed_demo
from mainspring.demo.seeders import experiences
from mainspring.experiences import mix
from mainspring.experiences.models import (
    CatalogItem,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LearningPath,
    Program,
    ProgramStatus,
    StepProgress,
    TemplateKind,
)
from mainspring.experiences.queries.paths import step_facts, steps_of
from mainspring.org.models import OrgUnit, Person

TODAY = date(2025, 6, 1)
PEOPLE = 600


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # Seed once for the module inside a transaction rolled back at the end; the
    # registry is kept by wrapping the seeder so the rollout plan can be checked.
    kept: dict[str, object] = {}
    original = experiences.seed

    def keep(ctx: SeedContext) -> None:
        original(ctx)
        kept.update(ctx.registry)

    at = seed_module.SEEDERS.index(original)
    seed_module.SEEDERS[at] = keep
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            counts = seed_demo(PEOPLE, 42, today=TODAY)
            yield counts, kept
            transaction.set_rollback(True)
    finally:
        seed_module.SEEDERS[at] = original


@pytest.fixture
def counts(seeded, db):
    return seeded[0]


@pytest.fixture
def registry(seeded, db):
    return seeded[1]


def test_counts_are_reported_and_the_final_sync_changes_nothing(counts):
    assert counts["programs"] == len(text.PROGRAMS)
    assert counts["catalog_items"] == text.PAID_ITEMS + len(text.OWN_ITEMS)
    assert counts["enrolments"] == Enrolment.objects.count() > 0
    assert counts["step_progress"] == StepProgress.objects.count() > 0
    assert counts["audience_rules"] > 0
    assert counts["experience_sync_changes"] == 0


def test_programs_are_tied_to_needs_with_owners_and_a_spread_of_statuses(counts):
    by_title = {p.title: p for p in Program.objects.prefetch_related("needs")}
    for title in (
        "Safe Driver",
        "Sales Academy",
        "Service Excellence",
        "New Manager path",
        "Annual compliance e-learning",
        "Warehouse Quality micro-learning",
    ):
        assert by_title[title].needs.exists(), title
        assert by_title[title].owner is not None
        assert by_title[title].owner.org_unit.code == "LD"
    statuses = {p.status for p in by_title.values()}
    assert {ProgramStatus.LIVE, ProgramStatus.PILOT, ProgramStatus.DESIGN} <= statuses
    assert statuses & {ProgramStatus.RETIRED, ProgramStatus.IDEA}


def test_every_path_has_a_blend_that_passes_the_designers_checks(counts):
    program_paths = LearningPath.objects.exclude(program=None)
    assert program_paths.count() == len(text.PATHS)
    for path in program_paths:
        steps = steps_of(path)
        assert 4 <= len(steps) <= 9, path.title
        assert mix.warnings(step_facts(steps)) == [], path.title
        assert len({s.method_id for s in steps}) >= 3, path.title
    kinds = set(LearningPath.objects.values_list("template_kind", flat=True))
    assert {TemplateKind.ONBOARDING, TemplateKind.NEW_MANAGER, TemplateKind.COMPLIANCE} <= kinds


def test_the_paid_library_is_large_and_only_a_few_of_its_items_are_curated(counts):
    paid = CatalogItem.objects.filter(library__name=text.PAID_LIBRARY)
    assert paid.count() == text.PAID_ITEMS
    curated = paid.filter(steps__isnull=False).distinct().count()
    assert 5 <= curated <= 50
    assert curated / paid.count() < 0.02
    assert paid.filter(language="en").count() > 0.75 * paid.count()
    assert CatalogItem.objects.filter(library__name=text.OWN_LIBRARY).count() == len(text.OWN_ITEMS)


def test_safe_driver_depots_start_in_different_months_and_some_have_not_started(registry):
    starts = registry["rollouts"]["safe_driver"]["sites"]
    started = [d for d in starts.values() if d is not None]
    assert any(d is None for d in starts.values())
    assert len({(d.year, d.month) for d in started}) >= 3
    assert max(started) - min(started) >= (TODAY - date(2024, 9, 1))
    drivers = Enrolment.objects.filter(path__program__title="Safe Driver")
    assert drivers.exists()
    assert not drivers.filter(rule__active=False).exists()


def test_sales_academy_early_sign_ups_sold_more_before_than_late_or_never(registry):
    sales = registry["rollouts"]["sales_academy"]
    revenue, signed = sales["revenue_before"], sales["people"]
    first_intake = sales["intakes"][1]
    early = [revenue[p] for p, on in signed.items() if on < first_intake and p in revenue]
    rest = [v for p, v in revenue.items() if p not in signed or signed[p] >= first_intake]
    assert early
    assert rest
    assert mean(early) > mean(rest)
    manual = Enrolment.objects.filter(path__program__title="Sales Academy")
    assert manual.count() == len(signed)
    assert set(manual.values_list("source", flat=True)) == {EnrolmentSource.MANUAL}


def test_new_manager_first_cohort_sites_had_higher_turnover_before(registry):
    nm = registry["rollouts"]["new_manager"]
    turnover, cohorts = nm["turnover_before"], nm["cohorts"]
    first = [turnover[c] for c, n in cohorts.items() if n == 1 and c in turnover]
    later = [turnover[c] for c, n in cohorts.items() if n > 1 and c in turnover]
    assert first
    assert later
    assert mean(first) > mean(later)


def test_the_scanner_site_has_not_gone_live(registry):
    wq = registry["rollouts"]["warehouse_quality"]
    assert wq["sites"][wq["held_back"]] is None
    assert not Enrolment.objects.filter(
        path__program__title="Warehouse Quality micro-learning",
        person__org_unit__path__startswith=_unit_path(wq["held_back"]),
    ).exists()


def _unit_path(code: str) -> str:
    return OrgUnit.objects.get(code=code).path


def test_nobody_enrols_before_hire_nor_progresses_before_enrolment_or_after_today(counts):
    assert not Enrolment.objects.filter(enrolled_on__lt=F("person__hire_date")).exists()
    assert not Enrolment.objects.filter(enrolled_on__gt=TODAY).exists()
    assert not StepProgress.objects.filter(started_on__lt=F("enrolment__enrolled_on")).exists()
    assert not StepProgress.objects.filter(completed_on__lt=F("started_on")).exists()
    assert not StepProgress.objects.filter(completed_on__gte=TODAY).exists()
    assert not Enrolment.objects.filter(completed_on__lt=F("enrolled_on")).exists()


def test_leavers_are_withdrawn_on_the_day_they_left_unless_they_had_finished(registry):
    left = registry["leave_dates"]
    leavers = Enrolment.objects.filter(person__active=False)
    assert leavers.exists()
    assert not leavers.filter(status=EnrolmentStatus.ACTIVE).exists()
    for e in leavers.filter(status=EnrolmentStatus.WITHDRAWN):
        assert e.withdrawn_on == left[e.person_id]
    for e in leavers.filter(status=EnrolmentStatus.COMPLETED):
        assert e.completed_on < left[e.person_id]
    assert (
        not StepProgress.objects.filter(enrolment__person__active=False, completed_on__isnull=False)
        .exclude(enrolment__status=EnrolmentStatus.COMPLETED)
        .filter(enrolment__withdrawn_on__lte=F("completed_on"))
        .exists()
    )


def test_progress_has_overdue_failed_and_scored_steps_and_compliance_completes_most(counts):
    assert StepProgress.objects.filter(status="failed").exists()
    assert not StepProgress.objects.filter(status="passed", score__isnull=True).exists()
    overdue = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE, due_date__lt=TODAY)
    active = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE)
    assert 0 < overdue.count() < active.count()
    compliance = Enrolment.objects.filter(path__program__title="Annual compliance e-learning")
    done = compliance.filter(status=EnrolmentStatus.COMPLETED).count()
    assert done / compliance.count() > 0.8
    everyone = Person.objects.filter(active=True).count()
    assert compliance.filter(person__active=True).count() == everyone
