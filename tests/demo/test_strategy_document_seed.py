import re
from datetime import date, timedelta

import pytest
from django.db import transaction

from mainspring.demo import strategy_text
from mainspring.demo.seed import seed_demo
from mainspring.demo.seeders import strategy_document
from mainspring.strategy import content, document
from mainspring.strategy.models import (
    DeliveryGuideline,
    GapType,
    Initiative,
    InitiativeStatus,
    IsolationMethod,
    LearningNeed,
    Milestone,
    SectionKey,
    StrategyStatus,
    StrategyVersion,
)

TODAY = date(2025, 6, 1)
PEOPLE = 300


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # Seed once for the module inside a transaction that is rolled back at the end, so
    # the demo company never leaks into other modules; each test's own transaction
    # nests inside it as a savepoint.
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo(PEOPLE, 42, today=TODAY)
        transaction.set_rollback(True)


@pytest.fixture
def versions(seeded, db) -> tuple[StrategyVersion, StrategyVersion]:
    v1, v2 = StrategyVersion.objects.order_by("number")
    return v1, v2


def _words(markdown: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'.,%-]*", markdown))


def test_version_one_is_approved_by_the_leader_ten_months_ago_with_a_snapshot(versions):
    v1, _ = versions

    assert v1.status == StrategyStatus.APPROVED
    assert v1.approved_by is not None
    assert v1.approved_by.username == "leader"
    assert v1.snapshot is not None
    assert v1.approved_at is not None
    assert date(2024, 8, 1) <= v1.approved_at.date() <= date(2024, 8, 31)
    assert v1.created_at < v1.approved_at
    doc = content.document_for(v1)
    assert doc.approved_at[:10] == v1.approved_at.date().isoformat()
    assert all(s.narrative for s in doc.sections)


def test_version_one_snapshot_shows_the_plan_as_it_stood_when_approved(versions):
    v1, _ = versions
    doc = content.document_for(v1)
    plan = next(s for s in doc.sections if s.key == SectionKey.IMPLEMENTATION)
    initiatives = plan.blocks[0]
    assert isinstance(initiatives, document.Table)
    titles = {row[0] for row in initiatives.rows}

    later = {s.title for s in strategy_document.INITIATIVES if not s.status_at_v1}
    assert later
    assert not titles & later
    assert len(titles) == len(strategy_document.INITIATIVES) - len(later)
    assert Initiative.objects.filter(title__in=later).count() == len(later)
    approved_month = f"{v1.approved_at:%Y-%m}"
    charts = [b for s in doc.sections for b in s.blocks if isinstance(b, document.Chart)]
    assert charts
    assert all(c.series[-1][0] < approved_month for c in charts)


def test_version_two_is_a_draft_by_staff_with_one_empty_section_and_a_summary(versions):
    _, v2 = versions

    assert v2.status == StrategyStatus.DRAFT
    assert v2.created_by is not None
    assert v2.created_by.username == "staff"
    assert v2.created_at.date() == TODAY - timedelta(days=21)
    assert v2.change_summary
    empty = [s.key for s in v2.sections.all() if not s.narrative.strip()]
    assert empty == [SectionKey.TECHNOLOGY]


def test_version_two_reads_as_a_full_document_of_over_8000_words(versions):
    _, v2 = versions
    markdown = document.to_markdown(content.document_for(v2))

    assert _words(markdown) >= 8000
    assert "lorem" not in markdown.lower()
    assert "_This section has no narrative yet._" in markdown  # the technology section


def test_the_diff_reports_the_revised_sections(versions):
    v1, v2 = versions
    diff = document.diff_documents(content.document_for(v1), content.document_for(v2))
    changed = {d.key for d in diff if d.changed}

    assert {
        SectionKey.VISION,
        SectionKey.NEEDS,
        SectionKey.PROCUREMENT,
        SectionKey.EVALUATION,
        SectionKey.TECHNOLOGY,
        SectionKey.IMPLEMENTATION,
    } <= changed
    assert SectionKey.ORGANISATION not in changed


def test_every_learning_need_has_an_evaluation_approach(seeded, db):
    needs = LearningNeed.objects.exclude(gap_type=GapType.NOT_LEARNING)

    assert needs.count() == 8
    for need in needs:
        assert need.evaluation_level is not None, need.title
        assert need.isolation_method != IsolationMethod.NONE, need.title
        assert len(need.evaluation_notes) > 100, need.title
    by_title = {n.title: n for n in needs}
    assert by_title[strategy_text.SAFE_DRIVING].evaluation_level == 5
    assert by_title[strategy_text.SAFE_DRIVING].isolation_method == IsolationMethod.DID
    assert by_title[strategy_text.SELLING].isolation_method == IsolationMethod.MATCHING
    assert by_title[strategy_text.MANAGERS].isolation_method == IsolationMethod.DID
    assert by_title[strategy_text.PRIVACY].evaluation_level == 2


def test_guidelines_cover_every_kind_of_gap_with_reasons(seeded, db):
    guidelines = list(DeliveryGuideline.objects.all())

    assert {g.gap_type for g in guidelines} == {
        GapType.KNOWLEDGE,
        GapType.SKILL,
        GapType.MOTIVATION,
    }
    assert all(g.rationale for g in guidelines)
    assert {g.gap_type for g in guidelines if g.primary} == {
        GapType.KNOWLEDGE,
        GapType.SKILL,
        GapType.MOTIVATION,
    }


def test_the_plan_has_owners_dates_milestones_and_the_deliberate_gaps(seeded, db):
    initiatives = list(Initiative.objects.prefetch_related("milestones", "needs"))

    assert 8 <= len(initiatives) <= 14
    assert len([i for i in initiatives if i.owner is None]) == 1
    assert len([i for i in initiatives if i.due_date is None]) == 1
    statuses = {i.status for i in initiatives}
    assert {InitiativeStatus.DONE, InitiativeStatus.IN_PROGRESS, InitiativeStatus.AT_RISK} <= (
        statuses
    )
    # The plan's own milestones; factory projects add theirs to the initiatives they feed.
    own = Milestone.objects.filter(factory_task__isnull=True)
    for i in initiatives:
        assert 2 <= sum(1 for m in i.milestones.all() if m in own) <= 4, i.title
    assert all(i.budget for i in initiatives)
    overdue = own.filter(due_date__lt=TODAY, done_on__isnull=True)
    assert overdue.count() == 1
    assert own.filter(done_on__isnull=False).count() >= 10
    fed = Milestone.objects.filter(factory_task__isnull=False).select_related("factory_task")
    assert fed.exists()
    assert all(m.title.endswith(m.factory_task.name) for m in fed)


def test_seeding_adds_its_counts(seeded):
    assert seeded["strategy_versions"] == 2
    assert seeded["initiatives"] == len(strategy_document.INITIATIVES)
    assert seeded["delivery_guidelines"] == len(strategy_text.GUIDELINES)
    assert seeded["milestones"] > seeded["initiatives"] * 2
