"""The Impact section's home, the business-goal dashboards and a program's chain L1 -> ROI."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from mainspring.impact import permissions, queries
from mainspring.impact.forms import ChainPeriodForm, default_period
from mainspring.strategy.models import BusinessGoal
from mainspring.web.http import AuthedRequest, require

# Pages of the evaluation and reports apps the Impact home links to, when they exist.
SECTION_LINKS = (
    (
        "evaluation:program-list",
        "Evaluation plans and results",
        "What each program is evaluated on and how, and its survey results (levels 1 to 3).",
    ),
    ("evaluation:survey-list", "Surveys", "Reaction, learning and follow-up surveys."),
    ("reports:index", "Reports", "Management reports: summary, program and operations."),
)


def _link(name: str, *args: object) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    links = [
        (url, label, text)
        for name, label, text in SECTION_LINKS
        if (url := _link(name)) is not None
    ]
    context = {
        "links": links,
        "goals": BusinessGoal.objects.order_by("title"),
        "studies": queries.studies_visible_to(request.user)[:5],
        "rois": queries.roi_visible_to(request.user)[:5],
        "can_run": permissions.can_run_studies(request.user),
    }
    return render(request, "impact/index.html", context)


@login_required
@require_GET
def goal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    goal = get_object_or_404(BusinessGoal, pk=pk)
    context = {
        "board": queries.goal_dashboard(request.user, goal),
        "can_run": permissions.can_run_studies(request.user),
    }
    return render(request, "impact/goal_detail.html", context)


@login_required
@require_GET
def program_chain(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    program = queries.get_program_for(request.user, pk)
    start, end = default_period(timezone.localdate())
    form = ChainPeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_valid() and form.cleaned_data["start"] <= form.cleaned_data["end"]:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    chain = queries.program_chain(program, start, end)
    context = {
        "chain": chain,
        "form": form,
        "plan_url": _link("evaluation:plan-edit", program.pk),
        "results_url": _link("evaluation:results", program.pk),
        "costs_url": _link("factory:program-costs", program.pk),
        "can_run": permissions.can_run_studies(request.user),
    }
    return render(request, "impact/program_chain.html", context)
