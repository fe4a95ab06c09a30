"""The report pages, their PDF and XLSX, the interpretation box and the plan grid."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mainspring.reports import actions
from mainspring.reports.measures import Scope
from mainspring.reports.models import MeasurePlan, ReportNote
from mainspring.reports.queries import build_report, last_complete_month
from tests.conftest import Cast
from tests.org.factories import make_person
from tests.reports.factories import History, enrol, make_history

MARCH = {"year": 2026, "month": 3}


@pytest.fixture
def history(cast: Cast) -> History:
    history = make_history(cast.org)
    # 10 participants planned a month; 85% of enrolments completed
    actions.save_plans(
        actor=None,
        scope=Scope.company(),
        year=2026,
        rows=[
            actions.PlanValues("participants", None, None, (1.0,) * 12),
            actions.PlanValues("completion_rate", None, 85.0, (None,) * 12),
        ],
    )
    return history


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_last_complete_month_is_the_month_before() -> None:
    assert last_complete_month(date(2026, 1, 15)) == (2025, 12)
    assert last_complete_month(date(2026, 11, 1)) == (2026, 10)


def test_the_operations_report_shows_the_six_columns_and_the_figures(
    cast: Cast, history: History
) -> None:
    response = client_for(cast.executive).get(reverse("reports:report", args=["operations"]), MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    for header in ("Last year actual", "Plan", "YTD actual", "YTD % of plan", "Forecast",
                   "Forecast % of plan"):  # fmt: skip
        assert f">{header}</th>" in html
    report = response.context["report"]
    participants = next(r for r in report.blocks[0].rows if r.measure.code == "participants")
    # 4 started by March against 3 planned; forecast 4 + 9 more months at 1
    assert [c.text for c in participants.cells] == ["1", "12", "4", "133%", "13", "108%"]
    rate = next(r for r in report.blocks[0].rows if r.measure.code == "completion_rate")
    assert rate.cells[2].text == "66.7%"
    assert rate.cells[0].text == "100.0%"  # Olivia, due and done in 2025
    reach = next(r for r in report.blocks[0].rows if r.measure.code == "reach")
    assert reach.cells[3].text == "—"
    assert reach.cells[3].reason == "No plan entered for this year"
    assert reach.cells[4].text == "66.7% *"  # no plan: the run rate, marked
    assert reach.cells[4].reason == "No plan: YTD pace carried to year end (run rate)"
    assert 'title="No plan entered for this year"' in html


def test_the_summary_report_lists_goals_with_their_kpi(cast: Cast, history: History) -> None:
    response = client_for(cast.leader).get(reverse("reports:report", args=["summary"]), MARCH)
    assert response.status_code == 200
    assert "Fewer incidents" in response.content.decode()
    goal = response.context["report"].blocks[0]
    assert [r.label for r in goal.rows] == ["Incidents", "Learning's part in Incidents"]
    assert goal.rows[0].cells[2].text == "4.00"


def test_the_program_report_shows_key_programs_or_one(cast: Cast, history: History) -> None:
    client = client_for(cast.staff)
    url = reverse("reports:report", args=["program"])
    report = client.get(url, MARCH).context["report"]
    assert [b.title for b in report.blocks] == ["Safe driving"]
    one = client.get(url, {**MARCH, "program": history.program.pk}).context["report"]
    assert one.note_scope == f"program:{history.program.pk}"
    assert client.get(url, {**MARCH, "program": 999_999}).status_code == 404


@pytest.mark.pdf
def test_the_pdf_is_a_pdf(cast: Cast, history: History) -> None:
    response = client_for(cast.executive).get(
        reverse("reports:report-pdf", args=["summary"]), MARCH
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "summary-report-2026-03.pdf" in response["Content-Disposition"]


def test_the_xlsx_holds_numbers_with_a_frozen_header(cast: Cast, history: History) -> None:
    actions.save_note(actor=cast.leader, kind="operations", scope="company", year=2026,
                      month=3, text="Ahead on participants.")  # fmt: skip
    response = client_for(cast.leader).get(
        reverse("reports:report-xlsx", args=["operations"]), MARCH
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[2][:8] == ["Measure", "Unit", "Last year actual", "Plan", "YTD actual",
                           "YTD % of plan", "Forecast", "Forecast % of plan"]  # fmt: skip
    assert sheet.freeze_panes == "A4"
    participants = next(r for r in rows if r[0] == "Participants")
    assert participants[2:8] == [1, 12, 4, pytest.approx(4 / 3), 13, pytest.approx(13 / 12)]
    assert next(r[:1] for i, r in enumerate(rows) if i and rows[i - 1][0] == "Interpretation") == [
        "Ahead on participants."
    ]


def test_ld_write_the_interpretation_and_executives_read_it(cast: Cast, history: History) -> None:
    url = reverse("reports:note-save", args=["summary"])
    response = client_for(cast.staff).post(
        url, {**MARCH, "scope": "company", "text": "  Reach is behind: depots start in May. ",
              "query": "year=2026&month=3"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2026&month=3#interpretation")
    note = ReportNote.objects.get(kind="summary", year=2026, month=3)
    assert note.text == "Reach is behind: depots start in May."
    assert note.author == cast.staff
    page = client_for(cast.executive).get(reverse("reports:report", args=["summary"]), MARCH)
    html = page.content.decode()
    assert "Reach is behind: depots start in May." in html
    assert "Save the interpretation" not in html
    assert client_for(cast.executive).post(url, {**MARCH, "text": "x"}).status_code == 403
    assert client_for(cast.learner).post(url, {**MARCH, "text": "x"}).status_code == 403


def test_an_overlong_interpretation_is_refused_and_nothing_changes(
    cast: Cast, history: History
) -> None:
    url = reverse("reports:note-save", args=["summary"])
    client_for(cast.leader).post(url, {**MARCH, "text": "x" * 5001})
    assert not ReportNote.objects.exists()


def test_stakeholders_and_learners_get_no_report(cast: Cast, history: History) -> None:
    url = reverse("reports:report", args=["program"])
    assert client_for(cast.stakeholder).get(url).status_code == 403
    assert client_for(cast.learner).get(url).status_code == 403


def grid_url(scope: str = "company", year: int = 2026) -> str:
    return f"{reverse('reports:plans')}?scope={scope}&year={year}"


def test_the_plan_grid_saves_months_and_clears_empty_cells(cast: Cast, history: History) -> None:
    data = {"participants.m1": "5", "participants.m2": "7", "reach.annual": "60"}
    response = client_for(cast.staff).post(grid_url(), data)
    assert response.status_code == 302
    plans = {(p.measure, p.month): p.value for p in MeasurePlan.objects.filter(year=2026)}
    # the fixture's other months and its completion-rate plan were cleared: empty cells
    assert plans == {("participants", 1): 5, ("participants", 2): 7, ("reach", None): 60}


def test_spreading_an_annual_plan_fills_the_months(cast: Cast, history: History) -> None:
    response = client_for(cast.leader).post(
        grid_url(), {"learning_hours.annual": "1000", "spread": "learning_hours"}
    )
    assert response.status_code == 302
    months = MeasurePlan.objects.filter(measure="learning_hours", month__isnull=False)
    assert months.count() == 12
    assert sum(p.value for p in months) == pytest.approx(1000)


def test_a_bad_cell_saves_nothing_and_says_where(cast: Cast, history: History) -> None:
    before = list(MeasurePlan.objects.values_list("measure", "month", "value"))
    response = client_for(cast.leader).post(
        grid_url(), {"participants.m1": "many", "reach.m2": "150", "spend.annual": "-5"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"participants.m1", "reach.m2", "spend.annual"}
    assert "Nothing was saved" in response.content.decode()
    assert list(MeasurePlan.objects.values_list("measure", "month", "value")) == before


def test_months_that_do_not_add_up_to_the_year_are_refused(cast: Cast, history: History) -> None:
    data = {"participants.annual": "100", **{f"participants.m{m}": "10" for m in range(1, 13)}}
    response = client_for(cast.leader).post(grid_url(), data)
    assert response.status_code == 200
    assert "The months add up to 120.00, not 100.00" in response.content.decode()


def test_plans_per_program_and_kpi(cast: Cast, history: History) -> None:
    scope = f"program:{history.program.pk}"
    key = f"kpi_value.{history.kpi.pk}"
    response = client_for(cast.leader).post(grid_url(scope), {f"{key}.annual": "3.5"})
    assert response.status_code == 302
    plan = MeasurePlan.objects.get(measure="kpi_value")
    assert (plan.program, plan.kpi, plan.month, plan.value) == (
        history.program,
        history.kpi,
        None,
        3.5,
    )
    report = build_report("program", 2026, 3)
    row = next(r for r in report.blocks[0].rows if r.measure.code == "kpi_value")
    # lower is better: 4 against a plan of 3.5 is behind
    assert row.line.status == "behind"


def test_executives_read_the_plans_but_cannot_change_them(cast: Cast, history: History) -> None:
    client = client_for(cast.executive)
    page = client.get(grid_url())
    assert page.status_code == 200
    assert "Save plans" not in page.content.decode()
    assert client.post(grid_url(), {"participants.m1": "1"}).status_code == 403


def test_an_unknown_scope_is_404(cast: Cast) -> None:
    client = client_for(cast.leader)
    assert client.get(grid_url("program:999999")).status_code == 404
    assert client.get(grid_url("galaxy")).status_code == 404


def test_a_note_belongs_to_the_company_or_one_program(cast: Cast, history: History) -> None:
    url = reverse("reports:note-save", args=["program"])
    client = client_for(cast.leader)
    client.post(url, {**MARCH, "scope": f"program:{history.program.pk}", "text": "Safe driving."})
    assert ReportNote.objects.get().scope == f"program:{history.program.pk}"
    response = client.post(url, {**MARCH, "scope": "program:999999", "text": "Lost."}, follow=True)
    assert "A note belongs to the company or to one program." in response.content.decode()
    assert ReportNote.objects.count() == 1


def test_the_report_costs_the_same_queries_whatever_the_headcount(
    cast: Cast, history: History, django_assert_num_queries: Any
) -> None:
    with CaptureQueriesContext(connection) as small:
        build_report("operations", 2026, 3)
    for n in range(30):
        person = make_person(hris_id=f"X{n}", first_name="X", last_name=str(n),
                             org_unit=cast.org.depot)  # fmt: skip
        enrol(person, history.path, date(2026, 2, 1), date(2026, 3, 1), date(2026, 2, 20))
    with django_assert_num_queries(len(small)):
        report = build_report("operations", 2026, 3)
    participants = next(r for r in report.blocks[0].rows if r.measure.code == "participants")
    assert participants.line.ytd == 34
