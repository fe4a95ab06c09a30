"""The factory's pages through the test client: budgets, entries, imports and rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mainspring.factory.actions import costs as actions
from mainspring.factory.models import BudgetLine, CostEntry, CostImport, LoadedRate
from mainspring.factory.models import CostCategory as C
from mainspring.org.models import JobRole
from tests.conftest import Cast
from tests.factory.factories import book, complete, make_program, make_worker


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_budget_page_flags_an_overrun_in_red_with_its_amount(cast: Cast) -> None:
    sales, _ = make_program("Sales Academy", [60])
    actions.save_budget_line(
        actor=None, year=2025, program=sales, category=C.DELIVERY, amount=Decimal(1200)
    )
    actions.save_budget_line(
        actor=None, year=2025, program=sales, category=C.DESIGN, amount=Decimal(1000)
    )
    book(date(2025, 3, 1), C.DELIVERY, "1500", sales)
    book(date(2025, 3, 1), C.DESIGN, "400", sales)
    response = client_for(cast.executive).get(reverse("factory:budget", args=[2025]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "over by 300" in html  # delivery: 1,500 against 1,200
    assert html.count("table-danger") == 2  # the delivery cell and the delivery total
    assert "Sales Academy" in html


def test_budget_months_show_plan_and_actual_with_overruns(cast: Cast) -> None:
    sales, _ = make_program("Sales Academy", [60])
    actions.save_budget_line(
        actor=None, year=2025, program=sales, category=C.DELIVERY, amount=Decimal(1200)
    )
    book(date(2025, 3, 1), C.DELIVERY, "350", sales)
    url = reverse("factory:budget-months", args=[2025]) + f"?program={sales.pk}"
    html = client_for(cast.leader).get(url).content.decode()
    assert "Month by month, 2025: Sales Academy" in html
    assert html.count('class="table-danger"') == 1  # March: 350 against 100
    assert ">250<" in html


def test_budget_line_edit_checks_monthly_phasing(cast: Cast) -> None:
    url = reverse("factory:budget-line-edit", args=[2026])
    data = {"program": "", "category": C.OVERHEAD, "amount": "1200", "phasing": "monthly"}
    data |= {f"m{m}": "100" for m in range(1, 13)}
    data["m12"] = "50"
    response = client_for(cast.staff).post(url, data)
    assert response.status_code == 400
    assert (
        "The months add up to 1,150.00, not the year&#x27;s 1,200.00." in response.content.decode()
    )
    data["m12"] = "100"
    response = client_for(cast.staff).post(url, data)
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert line.program is None
    assert len(line.phasing) == 12


def test_booking_a_cost_validates_amount_and_date_next_to_the_fields(cast: Cast) -> None:
    safe, _ = make_program("Safe Driver", [60])
    url = reverse("factory:entry-create")
    bad = {"on": "1999-12-31", "program": safe.pk, "category": C.DELIVERY, "amount": "0"}
    response = client_for(cast.staff).post(url, bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter an amount above zero" in html
    assert "Enter a date from 2000 on." in html
    assert not CostEntry.objects.exists()
    good = bad | {"on": "2026-01-15", "amount": "1250.50", "vendor": "RoadSafe Ltd"}
    response = client_for(cast.staff).post(url, good)
    assert response.status_code == 302
    entry = CostEntry.objects.get()
    assert (entry.amount, entry.program, entry.created_by) == (
        Decimal("1250.50"),
        safe,
        cast.staff,
    )


def test_editing_and_deleting_a_cost_keep_its_history(cast: Cast) -> None:
    entry = book(date(2026, 1, 5), C.OVERHEAD, "100")
    client = client_for(cast.leader)
    data = {"on": "2026-01-05", "program": "", "category": C.OVERHEAD, "amount": "120"}
    assert client.post(reverse("factory:entry-edit", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert entry.amount == Decimal(120)
    assert client.post(reverse("factory:entry-delete", args=[entry.pk])).status_code == 302
    assert not CostEntry.objects.exists()
    kinds = list(CostEntry.history.order_by("history_date").values_list("history_type", flat=True))
    assert kinds == ["+", "~", "-"]
    assert CostEntry.history.latest("history_date").history_user == cast.leader


def test_executives_read_costs_but_cannot_change_them(cast: Cast) -> None:
    entry = book(date(2026, 1, 5), C.OVERHEAD, "100")
    client = client_for(cast.executive)
    assert client.get(reverse("factory:entry-list")).status_code == 200
    assert client.post(reverse("factory:rates"), {"hourly_rate": "30"}).status_code == 403
    assert client.post(reverse("factory:entry-delete", args=[entry.pk])).status_code == 403
    assert CostEntry.objects.exists()
    assert not LoadedRate.objects.exists()


def test_entry_list_filters_and_pages_in_few_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    safe, _ = make_program("Safe Driver", [60])
    for day in range(1, 29):
        book(date(2026, 2, day), C.DELIVERY, "10", safe)
    book(date(2026, 3, 1), C.DELIVERY, "99", safe)
    book(date(2026, 2, 1), C.OVERHEAD, "77")
    client = client_for(cast.staff)
    url = reverse("factory:entry-list") + f"?program={safe.pk}&category=delivery&month=2026-02"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert "28 entries, 280.00 in all." in html
    assert "99.00" not in html
    response = client.get(reverse("factory:entry-list") + "?month=March")
    assert "Enter a month as YYYY-MM" in response.content.decode()


def test_rates_page_sets_and_removes_a_job_roles_rate(cast: Cast) -> None:
    driver = JobRole.objects.create(name="Driver")
    client = client_for(cast.staff)
    url = reverse("factory:rates")
    assert client.post(url, {"job_role": driver.pk, "hourly_rate": "28.50"}).status_code == 302
    assert LoadedRate.objects.get().hourly_rate == Decimal("28.50")
    response = client.post(url, {"job_role": driver.pk, "hourly_rate": "-3"})
    assert response.status_code == 400
    assert LoadedRate.objects.get().hourly_rate == Decimal("28.50")
    assert client.post(url, {"job_role": driver.pk, "hourly_rate": ""}).status_code == 302
    assert not LoadedRate.objects.exists()
    assert client.post(url, {"job_role": "", "hourly_rate": "33"}).status_code == 302
    assert LoadedRate.objects.get(is_default=True).hourly_rate == Decimal(33)


def test_program_cost_sheet_shows_time_share_and_cost_per_learner(cast: Cast) -> None:
    driver = JobRole.objects.create(name="Driver")
    actions.set_loaded_rate(actor=None, job_role=driver, hourly_rate=Decimal(28))
    safe, (step,) = make_program("Safe Driver", [120])
    complete(make_worker("Ann", driver), step, date(2025, 5, 5), path_done=True)
    complete(make_worker("Bob", driver), step, date(2025, 5, 6), path_done=True)
    book(date(2025, 5, 1), C.DELIVERY, "944", safe)
    book(date(2025, 5, 1), C.OVERHEAD, "300")
    url = reverse("factory:program-costs", args=[safe.pk]) + "?start=2025-01-01&end=2025-12-31"
    html = client_for(cast.executive).get(url).content.decode()
    # 944 + 4 h x 28 = 112 + all 300 of overhead (the only program with hours) = 1,356
    assert "1,356" in html
    assert "678" in html  # per learner: 1,356 / 2
    assert "<strong>300</strong> is this program" in html
    bad = client_for(cast.executive).get(
        reverse("factory:program-costs", args=[safe.pk]) + "?start=2025-12-31&end=2025-01-01"
    )
    assert bad.status_code == 400
    assert "The end comes before the start." in bad.content.decode()


# ----------------------------------------------------------------------------- import


def upload(client: Client, text: str) -> Any:
    file = SimpleUploadedFile("costs.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("factory:import-new"), {"file": file})


GOOD = """Date,Program,Category,Amount,Vendor,Description,Reference
2026-01-31,Safe Driver,delivery,"1,200.00",RoadSafe Ltd,Classroom days,INV-1
2026-02-28,safe-driver,Design and development,800,,E-learning module,INV-2
2026-02-28,,overhead,150.5,,Room hire,
"""


@pytest.mark.parametrize("user", ["leader", "staff"])
def test_a_good_file_is_previewed_then_booked_once(cast: Cast, user: str) -> None:
    safe, _ = make_program("Safe Driver", [60])
    client = client_for(getattr(cast, user))
    response = upload(client, GOOD)
    assert response.status_code == 302
    assert not CostEntry.objects.exists()  # only a preview so far
    preview = client.get(response["Location"]).content.decode()
    assert "3</strong> cost entries, <strong>2,150.50</strong> in all" in preview
    batch = CostImport.objects.get()
    apply = reverse("factory:import-apply", args=[batch.code])
    assert client.post(apply).status_code == 302
    assert client.post(apply).status_code == 302  # a second click books nothing
    entries = CostEntry.objects.order_by("date", "amount")
    assert [(e.program_id, e.category, e.amount) for e in entries] == [
        (safe.pk, C.DELIVERY, Decimal(1200)),
        (None, C.OVERHEAD, Decimal("150.50")),
        (safe.pk, C.DESIGN, Decimal(800)),
    ]
    assert {e.source for e in entries} == {"import"}
    assert {e.batch_id for e in entries} == {batch.pk}


def test_a_file_with_bad_rows_names_each_and_books_nothing(cast: Cast) -> None:
    make_program("Safe Driver", [60])
    text = GOOD + ("2026-13-01,Safe Driver,delivery,10,,,\n2026-03-01,Unsafe Driver,travel,-5,,,\n")
    response = upload(client_for(cast.staff), text)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported." in html
    assert "Row 5, column &#x27;date&#x27;: &#x27;2026-13-01&#x27; is not a date" in html
    assert "Row 6, column &#x27;amount&#x27;: Enter an amount above zero" in html
    assert "Row 6, column &#x27;category&#x27;: &#x27;travel&#x27; is not a cost category" in html
    assert (
        "Row 6, column &#x27;program&#x27;: No program is called &#x27;Unsafe Driver&#x27;" in html
    )
    assert not CostEntry.objects.exists()
    assert not CostImport.objects.exists()


def test_a_file_without_the_required_columns_says_which(cast: Cast) -> None:
    response = upload(client_for(cast.staff), "when,what\n2026-01-01,10\n")
    assert "The file has no column &#x27;date&#x27;, &#x27;category&#x27;, &#x27;amount&#x27;" in (
        response.content.decode()
    )


def test_overview_names_each_category_over_plan(cast: Cast) -> None:
    sales, _ = make_program("Sales Academy", [60])
    actions.save_budget_line(
        actor=None, year=2025, program=sales, category=C.DELIVERY, amount=Decimal(1000)
    )
    actions.save_budget_line(
        actor=None, year=2025, program=sales, category=C.DESIGN, amount=Decimal(5000)
    )
    book(date(2025, 3, 1), C.DELIVERY, "1300", sales)
    # the program's total is within plan, the delivery line is not
    html = client_for(cast.leader).get(reverse("factory:budget", args=[2025])).content.decode()
    assert "over by 300" in html
    from mainspring.factory import ledger  # noqa: PLC0415

    grid = ledger.budget_grid(2025, today=date(2026, 1, 1))
    assert grid.rows[0].overruns == [
        ("Delivery (facilitators, materials, facilities, travel)", Decimal(300))
    ]


def test_budget_pages_take_the_same_queries_for_many_programs(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    for i in range(8):
        program, (step,) = make_program(f"Program {i}", [30])
        actions.save_budget_line(
            actor=None, year=2025, program=program, category=C.DELIVERY, amount=Decimal(100)
        )
        book(date(2025, 2, 1), C.DELIVERY, "50", program)
        complete(make_worker(f"W{i}", None), step, date(2025, 2, 2))
    client = client_for(cast.executive)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("factory:budget", args=[2025])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("factory:budget-months", args=[2025])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("factory:rates")).status_code == 200
