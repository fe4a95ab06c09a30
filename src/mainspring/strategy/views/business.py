from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from mainspring.org.queries import units_visible_to
from mainspring.strategy import actions, charts, permissions, queries
from mainspring.strategy.forms import GoalForm, KPIForm, NeedForm, ObservationForm
from mainspring.strategy.models import KPI
from mainspring.web.http import AuthedRequest, require

PAGE = 50
ERROR_FIELDS = {"unit": ("org_unit", "person"), "period": ("period",), "value": ("value",)}


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    return render(
        request,
        "strategy/index.html",
        {
            "goals": queries.goals_with_kpis(),
            "kpi_count": KPI.objects.count(),
            "can_edit": permissions.can_edit_strategy(request.user),
        },
    )


@login_required
@require_GET
def goal_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    page = Paginator(queries.goals_with_kpis(), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "strategy/goal_list.html",
        {"page": page, "can_edit": permissions.can_edit_strategy(request.user)},
    )


@login_required
@require_GET
def goal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    return render(
        request,
        "strategy/goal_detail.html",
        {
            "goal": queries.get_goal(pk),
            "needs": queries.needs_with_links(goal_id=pk),
            "can_edit": permissions.can_edit_strategy(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    goal = queries.get_goal(pk) if pk is not None else None
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if goal is None:
            try:
                goal = actions.create_goal(
                    actor=request.user, title=data["title"], driver=data["driver"],
                    description=data["description"], sponsor=data["sponsor"],
                    owner=data["owner"], horizon_start=data["horizon_start"],
                    horizon_end=data["horizon_end"], kpis=data["kpis"], reason=data["reason"],
                )  # fmt: skip
            except actions.Error as error:
                form.add_error(None, str(error))
        else:
            actions.update_goal(actor=request.user, goal=form.save(commit=False),
                                kpis=data["kpis"], reason=data["reason"])  # fmt: skip
        if goal is not None and form.is_valid():
            messages.success(request, f"Saved the goal “{goal}”.")
            return redirect("strategy:goal-detail", pk=goal.pk)
    return render(request, "strategy/goal_edit.html", {"form": form, "goal": goal})


@login_required
@require_GET
def kpi_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    page = Paginator(queries.kpis_with_goal_counts(), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "strategy/kpi_list.html",
        {"page": page, "can_edit": permissions.can_edit_strategy(request.user)},
    )


@login_required
@require_GET
def kpi_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    kpi = queries.get_kpi(pk)
    rows = queries.observations_visible_to(request.user, kpi)
    series = [(f"{period:%Y-%m}", value) for period, value in queries.trend(rows)]
    chart = charts.trend_svg(
        series,
        title=f"{kpi.name}: mean per {kpi.period}",
        baseline=float(kpi.baseline) if kpi.baseline is not None else None,
        target=float(kpi.target) if kpi.target is not None else None,
        unit=kpi.unit,
    )
    by_unit = queries.latest_by_unit(rows)
    can_edit = permissions.can_edit_strategy(request.user)
    form = ObservationForm(kpi=kpi, units=units_visible_to(request.user)) if can_edit else None
    return render(
        request,
        "strategy/kpi_detail.html",
        {
            "kpi": kpi,
            "goals": kpi.goals.all(),
            "chart": mark_safe(chart),  # noqa: S308  (built by charts.py, every text escaped)
            "by_unit": by_unit[:50],
            "max_value": max((abs(u.value) for u in by_unit), default=0) or 1,
            "page": Paginator(queries.recent_observations(rows), PAGE).get_page(
                request.GET.get("page")
            ),
            "can_edit": can_edit,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def kpi_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    kpi = queries.get_kpi(pk) if pk is not None else None
    form = KPIForm(request.POST or None, instance=kpi)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        reason = form.cleaned_data["reason"]
        if kpi is None:
            try:
                kpi = actions.create_kpi(actor=request.user, reason=reason, **data)
            except actions.Error as error:
                form.add_error("code", str(error))
        else:
            actions.update_kpi(actor=request.user, kpi=form.save(commit=False), reason=reason)
        if kpi is not None and form.is_valid():
            messages.success(request, f"Saved the KPI “{kpi}”.")
            return redirect("strategy:kpi-detail", pk=kpi.pk)
    return render(request, "strategy/kpi_edit.html", {"form": form, "kpi": kpi})


@login_required
@require_http_methods(["GET", "POST"])
def observation_add(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    kpi = queries.get_kpi(pk)
    form = ObservationForm(request.POST or None, kpi=kpi, units=units_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = queries.plan_one_observation(
            kpi, unit=data.get("org_unit"), person=data.get("person"),
            period=data["period"], value=data["value"],
        )  # fmt: skip
        for error in plan.errors:
            field = next((f for f in ERROR_FIELDS.get(error.column, ()) if f in form.fields), None)
            form.add_error(field, error.message[:1].upper() + error.message[1:])
        if plan.ok:
            counts = actions.apply_observation_plan(plan, actor=request.user, reason="by hand")
            verb = "Updated" if counts["updated"] else "Added"
            messages.success(request, f"{verb} the value.")
            return redirect("strategy:kpi-detail", pk=kpi.pk)
    return render(request, "strategy/observation_add.html", {"form": form, "kpi": kpi})


@login_required
@require_GET
def need_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    needs = queries.needs_with_links()
    goal = request.GET.get("goal", "")
    if goal.isdigit():
        needs = needs.filter(goal_id=int(goal))
    return render(
        request,
        "strategy/need_list.html",
        {
            "page": Paginator(needs, PAGE).get_page(request.GET.get("page")),
            "goals": queries.goals_with_kpis(),
            "goal": goal,
            "can_edit": permissions.can_edit_strategy(request.user),
        },
    )


@login_required
@require_GET
def need_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    return render(
        request,
        "strategy/need_detail.html",
        {"need": queries.get_need(pk), "can_edit": permissions.can_edit_strategy(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    need = queries.get_need(pk) if pk is not None else None
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        reason = form.cleaned_data["reason"]
        try:
            if need is None:
                need = actions.create_need(actor=request.user, reason=reason, **data)
            else:
                need = actions.update_need(
                    actor=request.user, need=form.save(commit=False), job_roles=data["job_roles"],
                    org_units=data["org_units"], reason=reason,
                )  # fmt: skip
        except actions.Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the need “{need}”.")
            return redirect("strategy:need-detail", pk=need.pk)
    return render(request, "strategy/need_edit.html", {"form": form, "need": need})
