"""The strategy document: versions, sections, approval, snapshots, diffs, and their pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from mainspring.org.models import User
from mainspring.strategy import actions, content, document
from mainspring.strategy.models import (
    Initiative,
    Milestone,
    Observation,
    SectionKey,
    StrategySection,
    StrategyStatus,
    StrategyVersion,
)
from tests.conftest import Cast
from tests.strategy.factories import make_kpi


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _section(version: StrategyVersion, key: str) -> StrategySection:
    return version.sections.get(key=key)


# ----------------------------------------------------------------------------- pure document


def _doc(narrative: str, rows: tuple[tuple[str, ...], ...] = ()) -> document.Document:
    table = document.Table("Needs", ("Need", "Gap"), rows)
    empty = document.Table("T", ("a",), ())
    return document.Document(
        title="Learning strategy",
        organisation="Acme",
        version=1,
        status="draft",
        created_at="2026-01-01T00:00:00+00:00",
        approved_by="",
        approved_at="",
        change_summary="",
        as_of="2026-01-02T00:00:00+00:00",
        sections=(
            document.Section("vision", 1, "Vision", narrative, (table,)),
            document.Section(
                "needs",
                2,
                "Macro learning needs",
                "",
                (document.Chart("Trend", "Incidents", "per 100", (("2025-01", 2.0),), 3.0, 1.5),),
            ),
        ),
        summary=document.Summary("v", empty, empty, empty, "e"),
    )


def test_json_round_trip_keeps_every_block() -> None:
    doc = _doc("We grow people.", rows=(("Load securing", "Skill"),))
    assert document.from_json(document.to_json(doc)) == doc


def test_from_json_refuses_another_schema() -> None:
    data = document.to_json(_doc("x"))
    data["schema"] = 99
    with pytest.raises(ValueError, match="schema"):
        document.from_json(data)


def test_markdown_escapes_pipes_in_cells_and_describes_charts() -> None:
    text = document.to_markdown(_doc("Hello", rows=(("A | B", "Skill"),)))
    assert "| A \\| B | Skill |" in text
    assert "## 1. Vision" in text
    assert "## 2. Macro learning needs" in text
    assert "baseline 3" in text
    assert "target 1.5" in text
    assert "_This section has no narrative yet._" in text


def test_diff_reports_only_changed_sections_with_their_lines() -> None:
    old = _doc("Line one\n\nLine two")
    new = _doc("Line one\n\nLine three")
    diff = document.diff_documents(old, new)
    vision, needs = diff
    assert vision.changed
    assert not needs.changed
    assert [line.text for line in vision.lines if line.op == "added"] == ["Line three"]
    assert [line.text for line in vision.lines if line.op == "removed"] == ["Line two"]


# ----------------------------------------------------------------------------- actions


def test_start_creates_nine_empty_sections(db: None, cast: Cast) -> None:
    version = actions.start_strategy(actor=cast.staff)
    assert version.number == 1
    assert version.is_draft
    assert list(version.sections.values_list("key", flat=True)) == list(SectionKey.values)


def test_only_one_draft_at_a_time(db: None, cast: Cast) -> None:
    actions.start_strategy(actor=cast.staff)
    with pytest.raises(actions.Error, match="already open"):
        actions.start_strategy(actor=cast.leader)
    with pytest.raises(IntegrityError):
        StrategyVersion.objects.create(number=7, status=StrategyStatus.DRAFT)


def test_approval_freezes_the_document_and_records_who_and_when(db: None, cast: Cast) -> None:
    # given a draft whose needs section shows a KPI chart
    kpi = make_kpi("INC", name="Incidents", baseline=Decimal(4), target=Decimal(2))
    Observation.objects.create(kpi=kpi, period=date(2025, 1, 1), value=4.0)
    actions.create_need(actor=None, title="Load securing", gap_type="skill", kpi=kpi)
    version = actions.start_strategy(actor=cast.staff)
    actions.update_section(
        actor=cast.staff, section=_section(version, "vision"), narrative="Safe drivers."
    )
    # when the leader approves it and the data changes afterwards
    actions.approve_version(actor=cast.leader, version=version)
    Observation.objects.create(kpi=kpi, period=date(2025, 2, 1), value=9.0)
    actions.create_need(actor=None, title="Later need", gap_type="knowledge")
    # then the approved version still reads as it did
    version.refresh_from_db()
    assert version.status == StrategyStatus.APPROVED
    assert version.approved_by == cast.leader
    assert version.approved_at is not None
    frozen = content.document_for(version)
    text = document.to_markdown(frozen)
    assert "Safe drivers." in text
    assert "Later need" not in text
    chart = next(b for s in frozen.sections for b in s.blocks if isinstance(b, document.Chart))
    assert chart.series == (("2025-01", 4.0),)
    with pytest.raises(actions.Error, match="cannot change"):
        actions.update_section(actor=cast.staff, section=_section(version, "vision"), narrative="x")


def test_revision_copies_the_narrative_and_the_diff_shows_the_edit(db: None, cast: Cast) -> None:
    v1 = actions.start_strategy(actor=cast.staff, title="Northwind learning strategy")
    actions.update_section(actor=cast.staff, section=_section(v1, "vision"), narrative="Old aim.")
    actions.approve_version(actor=cast.leader, version=v1)
    v2 = actions.start_strategy(actor=cast.staff, change_summary="Sharper vision")
    assert v2.number == 2
    assert v2.title == "Northwind learning strategy"
    assert _section(v2, "vision").narrative == "Old aim."
    actions.update_section(actor=cast.staff, section=_section(v2, "vision"), narrative="New aim.")
    diff = document.diff_documents(content.document_for(v1), content.document_for(v2))
    changed = [d.key for d in diff if d.changed]
    assert changed == ["vision"]


def test_a_stale_editor_cannot_overwrite_a_newer_save(db: None, cast: Cast) -> None:
    version = actions.start_strategy(actor=cast.staff)
    section = _section(version, "vision")
    loaded_at = section.updated_at.isoformat()
    actions.update_section(
        actor=cast.leader, section=section, narrative="Leader's text", expected_updated_at=loaded_at
    )
    with pytest.raises(actions.Error, match="saved this section while you were editing"):
        actions.update_section(
            actor=cast.staff, section=section, narrative="Mine", expected_updated_at=loaded_at
        )
    assert _section(version, "vision").narrative == "Leader's text"


def test_discarding_keeps_approved_versions(db: None, cast: Cast) -> None:
    v1 = actions.start_strategy(actor=cast.staff)
    actions.approve_version(actor=cast.leader, version=v1)
    with pytest.raises(actions.Error, match="kept"):
        actions.discard_draft(actor=cast.leader, version=v1)
    v2 = actions.start_strategy(actor=cast.staff)
    actions.discard_draft(actor=cast.leader, version=v2)
    assert list(StrategyVersion.objects.values_list("number", flat=True)) == [1]


def test_initiative_dates_must_be_in_order(db: None) -> None:
    initiative = Initiative(title="Pilot", start_date=date(2026, 3, 1), due_date=date(2026, 1, 1))
    with pytest.raises(actions.Error, match="before the start"):
        actions.save_initiative(actor=None, initiative=initiative)
    assert not Initiative.objects.exists()


def test_guideline_refuses_not_a_learning_problem(db: None) -> None:
    with pytest.raises(actions.Error, match="knowledge, skill or motivation"):
        actions.save_guideline(actor=None, gap_type="not_a_learning_problem", method="reading")
    saved = actions.save_guideline(actor=None, gap_type="skill", method="coaching")
    again = actions.save_guideline(actor=None, gap_type="skill", method="coaching", primary=False)
    assert saved.pk == again.pk
    assert not again.primary


# ----------------------------------------------------------------------------- pages


def test_leader_starts_writes_and_approves_through_the_pages(cast: Cast) -> None:
    staff, leader = _client(cast.staff), _client(cast.leader)
    assert "There is no learning strategy yet" in staff.get(reverse("strategy:document")).text
    response = staff.post(reverse("strategy:version-start"), {"title": "Our strategy"})
    assert response.status_code == 302
    page = staff.get(response["Location"])
    assert "Our strategy" in page.text
    assert "This section has no narrative yet." in page.text
    edit_url = reverse("strategy:section-edit", kwargs={"number": 1, "key": "vision"})
    form = staff.get(edit_url)
    loaded = form.context["form"].initial["updated_at"]
    staff.post(edit_url, {"narrative": "### Why\n\nSafer **roads**.", "updated_at": loaded})
    page = staff.get(reverse("strategy:version-detail", kwargs={"number": 1}))
    assert "<h3>Why</h3>" in page.text
    assert "<strong>roads</strong>" in page.text
    assert "Approve</button>" not in page.text  # staff write; only the leader approves
    assert leader.post(reverse("strategy:version-approve", kwargs={"number": 1})).status_code == 302
    page = leader.get(reverse("strategy:version-detail", kwargs={"number": 1}))
    assert "Approved by" in page.text
    assert "Start a revision" in page.text
    assert staff.get(edit_url).status_code == 403


def test_section_form_shows_the_conflict_next_to_the_text(cast: Cast) -> None:
    version = actions.start_strategy(actor=cast.staff)
    section = _section(version, "vision")
    client = _client(cast.staff)
    url = reverse("strategy:section-edit", kwargs={"number": 1, "key": "vision"})
    actions.update_section(actor=cast.leader, section=section, narrative="Theirs")
    response = client.post(url, {"narrative": "Mine", "updated_at": "2000-01-01T00:00:00+00:00"})
    assert response.status_code == 200
    assert "saved this section while you were editing" in response.text
    assert _section(version, "vision").narrative == "Theirs"


def test_markdown_narrative_cannot_inject_html(cast: Cast) -> None:
    version = actions.start_strategy(actor=cast.staff)
    actions.update_section(
        actor=cast.staff, section=_section(version, "vision"), narrative="<script>alert(1)</script>"
    )
    page = _client(cast.leader).get(reverse("strategy:version-detail", kwargs={"number": 1}))
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_stakeholder_sees_approved_versions_only(cast: Cast) -> None:
    v1 = actions.start_strategy(actor=cast.staff)
    actions.approve_version(actor=cast.leader, version=v1)
    actions.start_strategy(actor=cast.staff)
    client = _client(cast.stakeholder)
    assert client.get(reverse("strategy:document"))["Location"].endswith("/document/v1/")
    assert client.get(reverse("strategy:version-detail", kwargs={"number": 2})).status_code == 404
    listing = client.get(reverse("strategy:version-list")).text
    assert "/document/v1/" in listing
    assert "/document/v2/" not in listing


def test_diff_page_shows_added_and_removed_lines(cast: Cast) -> None:
    v1 = actions.start_strategy(actor=cast.staff)
    actions.update_section(actor=cast.staff, section=_section(v1, "vision"), narrative="Old aim.")
    actions.approve_version(actor=cast.leader, version=v1)
    v2 = actions.start_strategy(actor=cast.staff)
    actions.update_section(actor=cast.staff, section=_section(v2, "vision"), narrative="New aim.")
    page = _client(cast.executive).get(reverse("strategy:version-diff") + "?old=1&new=2")
    assert page.status_code == 200
    assert "1 of 9 sections changed" in page.text
    assert '<span class="ms-diff-added">+ New aim.</span>' in page.text
    assert '<span class="ms-diff-removed">\u2212 Old aim.</span>' in page.text


def test_initiative_and_milestone_through_the_pages(cast: Cast) -> None:
    need = actions.create_need(actor=None, title="Load securing", gap_type="skill")
    client = _client(cast.staff)
    response = client.post(
        reverse("strategy:initiative-create"),
        {
            "title": "Safe Driver rollout",
            "owner": cast.org.dan.pk,
            "needs": [need.pk],
            "start_date": "2026-01-01",
            "due_date": "2026-06-30",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert list(initiative.needs.all()) == [need]
    url = reverse("strategy:milestone-add", kwargs={"initiative_pk": initiative.pk})
    bad = client.post(url, {"title": "Pilot done"})
    assert bad.status_code == 200
    assert not Milestone.objects.exists()
    client.post(url, {"title": "Pilot done", "due_date": "2026-03-01"})
    page = client.get(reverse("strategy:initiative-detail", kwargs={"pk": initiative.pk}))
    assert "Pilot done" in page.text
    reversed_dates = client.post(
        reverse("strategy:initiative-edit", kwargs={"pk": initiative.pk}),
        {"title": "X", "start_date": "2026-05-01", "due_date": "2026-01-01", "status": "planned"},
    )
    assert "The due date is before the start date." in reversed_dates.text
    assert Initiative.objects.get().title == "Safe Driver rollout"


def test_initiative_list_query_count_does_not_grow(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    for i in range(30):
        initiative = actions.save_initiative(
            actor=None, initiative=Initiative(title=f"Initiative {i}", owner=cast.org.dan)
        )
        actions.save_milestone(
            actor=None,
            milestone=Milestone(initiative=initiative, title="M", due_date=date(2026, 1, 1)),
        )
    client = _client(cast.staff)
    with django_assert_max_num_queries(10):  # type: ignore[operator]  # pytest-django fixture
        response = client.get(reverse("strategy:initiative-list"))
    assert response.text.count("Initiative ") >= 30


def test_version_page_query_count_does_not_grow_with_needs(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    kpi = make_kpi("INC", name="Incidents")
    for i in range(25):
        actions.create_need(actor=None, title=f"Need {i}", gap_type="skill", kpi=kpi)
    actions.start_strategy(actor=cast.staff)
    client = _client(cast.executive)
    with django_assert_max_num_queries(40):  # type: ignore[operator]  # pytest-django fixture
        response = client.get(reverse("strategy:version-detail", kwargs={"number": 1}))
    assert response.status_code == 200
    assert "Need 24" in response.text


def test_delivery_guidelines_page(cast: Cast) -> None:
    client = _client(cast.staff)
    assert "No delivery guidelines yet" in client.get(reverse("strategy:guideline-list")).text
    client.post(
        reverse("strategy:guideline-list"),
        {"gap_type": "skill", "method": "coaching", "primary": "on", "rationale": "Practice"},
    )
    page = _client(cast.stakeholder).get(reverse("strategy:guideline-list"))
    assert "Coaching" in page.text
    assert "Practice" in page.text
    assert "Remove" not in page.text


def test_home_page_shows_the_strategy_to_those_who_may_read_it(cast: Cast) -> None:
    version = actions.start_strategy(actor=cast.staff)
    leader = _client(cast.leader).get(reverse("web:home")).text
    assert "Learning strategy" in leader
    assert "Version 1" in leader
    assert "readiness" in leader
    # A stakeholder reads approved versions only, and no checks.
    stakeholder = _client(cast.stakeholder).get(reverse("web:home")).text
    assert "has not published one yet" in stakeholder
    assert "readiness" not in stakeholder
    actions.approve_version(actor=cast.leader, version=version)
    assert "Version 1" in _client(cast.stakeholder).get(reverse("web:home")).text
    assert "Learning strategy" not in _client(cast.learner).get(reverse("web:home")).text
