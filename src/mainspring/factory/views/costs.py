from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.factory import actions as factory_actions
from mainspring.factory import ledger
from mainspring.factory.actions import costs as actions
from mainspring.factory.forms.costs import (
    BudgetLineForm,
    EntryFilterForm,
    EntryForm,
    ImportForm,
    PeriodForm,
    RateForm,
    show_errors,
)
from mainspring.factory.imports import COLUMNS, CostPlan, plan_cost_import
from mainspring.factory.models import BudgetLine, CostCategory, CostEntry, CostImport
from mainspring.factory.permissions import can_edit_costs, can_view_costs
from mainspring.factory.queries import costs as queries
from mainspring.org.imports import ImportFileError, read_table
from mainspring.web.http import AuthedRequest, form_status, require

PAGE = 50
PREVIEW_ROWS = 50
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _today() -> date:
    return date.today()  # noqa: DTZ011  (budgets run on calendar days)


def _year(value: int) -> int:
    return min(max(value, FIRST_YEAR), LAST_YEAR)


@login_required
@require_GET
def overview(request: AuthedRequest) -> HttpResponse:
    require(can_view_costs(request.user))
    today = _today()
    grid = ledger.budget_grid(today.year, today=today)
    context = {
        "grid": grid,
        "overruns": sum(len(row.overruns) for row in grid.rows),
        "can_edit": can_edit_costs(request.user),
        "today": today,
    }
    return render(request, "factory/budget_overview.html", context)


@login_required
@require_GET
def budget(request: AuthedRequest, year: int) -> HttpResponse:
    require(can_view_costs(request.user))
    year = _year(year)
    grid = ledger.budget_grid(year, today=_today())
    rows = [(row, zip(grid.categories, row.cells, strict=True)) for row in grid.rows]
    context = {
        "grid": grid,
        "rows": rows,
        "totals": zip(grid.categories, grid.totals, strict=True),
        "can_edit": can_edit_costs(request.user),
    }
    return render(request, "factory/budget.html", context)


@login_required
@require_GET
def budget_months(request: AuthedRequest, year: int) -> HttpResponse:
    require(can_view_costs(request.user))
    year, which = _year(year), request.GET.get("program", "")
    program = queries.get_program(int(which)) if which.isdigit() else None
    months = ledger.monthly_plan_actual(
        year, program.pk if program else None, today=_today(), shared=which == "shared"
    )
    top = max([max(m.plan, m.actual) for m in months] + [Decimal(1)])
    context = {
        "year": year,
        "which": which if program or which == "shared" else "",
        "program": program,
        "programs": queries.programs_for_costs().only("pk", "title"),
        "months": [(m, int(m.plan / top * 100), int(m.actual / top * 100)) for m in months],
        "plan": sum((m.plan for m in months), Decimal(0)),
        "actual": sum((m.actual for m in months), Decimal(0)),
        "overrun": sum((m.overrun for m in months), Decimal(0)),
    }
    return render(request, "factory/budget_months.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: AuthedRequest, year: int) -> HttpResponse:
    require(can_edit_costs(request.user))
    year = _year(year)
    form = BudgetLineForm(request.POST or None, initial=_line_initial(request, year))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            line = actions.save_budget_line(
                actor=request.user,
                year=year,
                program=data["program"],
                category=data["category"],
                amount=data["amount"],
                phasing=data["months"],
                notes=data["notes"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            label = CostCategory(data["category"]).label
            messages.success(
                request, f"Budget for {label} in {year} {'saved' if line else 'removed'}."
            )
            return redirect("factory:budget", year=year)
    status = 400 if form.errors else 200
    context = {"form": form, "year": year}
    return render(request, "factory/budget_line_edit.html", context, status=status)


def _line_initial(request: AuthedRequest, year: int) -> dict[str, object]:
    which, category = request.GET.get("program", ""), request.GET.get("category", "")
    program_id = int(which) if which.isdigit() else None
    initial: dict[str, object] = {"program": program_id, "category": category}
    lines = BudgetLine.objects.filter(year=year, category=category)
    line = (
        lines.filter(program_id=program_id) if program_id else lines.filter(program__isnull=True)
    ).first()
    if line is not None:
        initial.update(amount=line.amount, notes=line.notes, phasing="even")
        if line.phasing:
            initial["phasing"] = "monthly"
            initial.update({f"m{i + 1}": v for i, v in enumerate(line.phasing)})
    return initial


@login_required
@require_GET
def program_costs(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_view_costs(request.user))
    program = queries.get_program(pk)
    today = _today()
    form = PeriodForm(request.GET or None, initial={"start": date(today.year, 1, 1), "end": today})
    start, end = date(today.year, 1, 1), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    costs = ledger.program_costs(program.pk, start, end)
    completers = ledger.unique_completers(program.pk, start, end)
    context = {
        "program": program,
        "form": form,
        "start": start,
        "end": end,
        "costs": costs,
        "categories": [(c.label, costs.by_category[c.value]) for c in CostCategory],
        "time": ledger.participant_time(program.pk, start, end),
        "shared": [
            (CostCategory(category).label.lower(), amount)
            for category, amount in ledger.shared_to_prorate(start, end).items()
        ],
        "completers": completers,
        "per_learner": costs.total / completers if completers else None,
        "default_rate": ledger.default_rate(),
        "can_edit": can_edit_costs(request.user),
    }
    return render(request, "factory/program_costs.html", context, status=form_status(form))


@login_required
@require_GET
def entry_list(request: AuthedRequest) -> HttpResponse:
    require(can_view_costs(request.user))
    form = EntryFilterForm(request.GET or None)
    entries = CostEntry.objects.none()
    if not form.is_bound:
        entries = ledger.entries_matching()
    elif form.is_valid():
        data = form.cleaned_data
        program = int(data["program"]) if data["program"].isdigit() else data["program"] or None
        entries = ledger.entries_matching(
            program=program, category=data["category"], month=data["month"]
        )
    context = {
        "form": form,
        "page": Paginator(entries, PAGE).get_page(request.GET.get("page")),
        "total": entries.aggregate(total=Sum("amount"))["total"],
        "can_edit": can_edit_costs(request.user),
        "filtered": any(request.GET.get(k) for k in ("program", "category", "month")),
    }
    return render(request, "factory/entry_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: AuthedRequest) -> HttpResponse:
    require(can_edit_costs(request.user))
    today = _today()
    form = EntryForm(request.POST or None, today=today, initial={"on": today})
    if request.method == "POST" and form.is_valid():
        try:
            entry = actions.create_cost_entry(actor=request.user, today=today, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Booked {entry.amount:,.2f} on {entry.date:%d %b %Y}.")
            if "another" in request.POST:
                return redirect("factory:entry-create")
            return redirect("factory:entry-list")
    status = 400 if form.errors else 200
    return render(request, "factory/entry_edit.html", {"form": form, "entry": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_costs(request.user))
    entry, today = queries.get_entry(pk), _today()
    initial = {
        "on": entry.date,
        "program": entry.program_id,
        "category": entry.category,
        "amount": entry.amount,
        "vendor": entry.vendor,
        "description": entry.description,
        "reference": entry.reference,
    }
    form = EntryForm(request.POST or None, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_cost_entry(
                actor=request.user, entry=entry, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The cost entry was saved.")
            return redirect("factory:entry-list")
    history = entry.history.select_related("history_user").order_by("-history_date")[:20]
    context = {"form": form, "entry": entry, "history": history}
    return render(request, "factory/entry_edit.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_costs(request.user))
    entry = queries.get_entry(pk)
    if request.method == "POST":
        actions.delete_cost_entry(actor=request.user, entry=entry)
        messages.success(request, "The cost entry was deleted.")
        return redirect("factory:entry-list")
    return render(request, "factory/entry_delete.html", {"entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def rates(request: AuthedRequest) -> HttpResponse:
    require(can_view_costs(request.user))
    problem: tuple[str, str] | None = None
    if request.method == "POST":
        require(can_edit_costs(request.user))
        form = RateForm(request.POST)
        key = request.POST.get("job_role", "")
        if form.is_valid():
            role, rate = form.cleaned_data["job_role"], form.cleaned_data["hourly_rate"]
            actions.set_loaded_rate(actor=request.user, job_role=role, hourly_rate=rate)
            who = role.name if role else "the default"
            done = f"set to {rate:,.2f} an hour" if rate else "removed"
            messages.success(request, f"The loaded rate of {who} was {done}.")
            return redirect("factory:rates")
        problem = (key, "Enter an hourly rate above zero, or leave it empty to remove it.")
    context = {
        "roles": queries.job_roles_with_rates(),
        "default": queries.default_rate_row(),
        "default_rate": ledger.default_rate(),
        "problem": problem,
        "can_edit": can_edit_costs(request.user),
    }
    return render(request, "factory/rates.html", context, status=400 if problem else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: AuthedRequest) -> HttpResponse:
    require(can_edit_costs(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    plan: CostPlan | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = _plan(content, upload.name)
        if plan.ok:
            batch = actions.upload_cost_import(
                actor=request.user, name=upload.name, content=content, total_rows=plan.total_rows
            )
            return redirect("factory:import-detail", code=batch.code)
    status = 400 if form.errors or plan else 200
    context = {"form": form, "plan": plan, "columns": COLUMNS, "categories": CostCategory}
    return render(request, "factory/import_new.html", context, status=status)


def _plan(content: bytes, name: str) -> CostPlan:
    try:
        table = read_table(io.BytesIO(content), name)
    except (ImportFileError, ValueError) as error:
        return CostPlan(file_problems=[str(error)])
    return plan_cost_import(table, queries.program_lookup(), today=_today())


def _preview(batch: CostImport, plan: CostPlan) -> dict[str, object]:
    titles = dict(queries.programs_for_costs().values_list("pk", "title"))
    by_program: dict[str, Decimal] = {}
    for row in plan.rows:
        title = titles.get(row.program_id, "") if row.program_id else "Shared (department-wide)"
        by_program[title] = by_program.get(title, Decimal(0)) + row.amount
    return {
        "batch": batch,
        "plan": plan,
        "by_program": sorted(by_program.items()),
        "sample": [
            (
                row,
                titles.get(row.program_id) if row.program_id else None,
                CostCategory(row.category).label,
            )
            for row in plan.rows[:PREVIEW_ROWS]
        ],
        "preview_rows": PREVIEW_ROWS,
    }


@login_required
@require_GET
def import_detail(request: AuthedRequest, code: UUID) -> HttpResponse:
    require(can_edit_costs(request.user))
    batch = queries.get_cost_import(code)
    plan = _plan(bytes(batch.content), batch.original_name) if not batch.applied_at else None
    context = _preview(batch, plan) if plan else {"batch": batch, "plan": None}
    return render(request, "factory/import_detail.html", context)


@login_required
@require_POST
def import_apply(request: AuthedRequest, code: UUID) -> HttpResponse:
    require(can_edit_costs(request.user))
    batch = queries.get_cost_import(code)
    plan = _plan(bytes(batch.content), batch.original_name)
    if not plan.ok:
        messages.error(request, "The file no longer checks out (a program was renamed?).")
        return redirect("factory:import-detail", code=batch.code)
    try:
        count = actions.apply_cost_import(actor=request.user, batch=batch, rows=plan.rows)
    except factory_actions.Error as error:
        messages.error(request, str(error))
        return redirect("factory:import-detail", code=batch.code)
    messages.success(request, f"Imported {count:,} cost entries from {batch.original_name}.")
    return redirect(reverse("factory:entry-list"))
