from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from mainspring.strategy import actions, first_days, permissions, queries
from mainspring.web.http import AuthedRequest
from mainspring.web.widgets import DateInput

# link kind -> (URL name, URL name to fall back to)
LINKS: dict[str, tuple[str, str]] = {
    "goal": ("strategy:goal-edit", "strategy:goal-list"),
    "goals": ("strategy:goal-list", "strategy:index"),
    "kpi": ("strategy:kpi-edit", "strategy:kpi-list"),
    "partner": ("org:partner-detail", "org:partner-list"),
    "partner-create": ("org:partner-create", "org:partner-list"),
    "strategy": ("strategy:document", "strategy:index"),
}


class StartForm(forms.Form):
    # One field, used by this page alone: kept beside its view rather than in forms.py.
    start_date = forms.DateField(
        label="First day in the role",
        widget=DateInput(),
        help_text="The plan runs 60 days from this day; a past date is fine.",
    )


@dataclass(frozen=True, slots=True)
class ItemRow:
    item: first_days.Item
    url: str


def _url(link: first_days.Link | None) -> str:
    if link is None:
        return ""
    name, fallback = LINKS.get(link.kind, ("strategy:index", "strategy:index"))
    try:
        return reverse(name, kwargs={"pk": link.pk} if link.pk is not None else {})
    except NoReverseMatch:
        return reverse(fallback)


def _plan_context(request: AuthedRequest) -> dict[str, Any]:
    plan = queries.first_days_plan_of(request.user)
    if plan is None:
        return {"plan": None, "form": StartForm(initial={"start_date": timezone.localdate()})}
    built = first_days.build_plan(queries.first_days_facts(plan, timezone.localdate()))
    phases = [(p, [ItemRow(i, _url(i.link)) for i in p.items]) for p in built.phases]
    return {"plan": built, "phases": phases}


@login_required
@require_GET
def first_days_page(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_have_first_days_plan(request.user):
        raise PermissionDenied
    context = {"tab": "first-days", **_plan_context(request)}
    return render(request, "strategy/first_days.html", context)


@login_required
@require_POST
def first_days_start(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_have_first_days_plan(request.user):
        raise PermissionDenied
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            actions.start_first_days(
                actor=request.user, user=request.user, start_date=form.cleaned_data["start_date"]
            )
        except actions.Error as error:
            form.add_error("start_date", str(error))
        else:
            messages.success(request, "Your first-60-days plan has started.")
            return redirect("strategy:first-days")
    context = {"tab": "first-days", "plan": None, "form": form}
    return render(request, "strategy/first_days.html", context, status=400)


@login_required
@require_POST
def first_days_tick(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_have_first_days_plan(request.user):
        raise PermissionDenied
    plan = queries.first_days_plan_of(request.user)
    if plan is None:
        raise Http404("Start your plan first.")
    key, done = request.POST.get("key", ""), request.POST.get("done") == "1"
    try:
        actions.tick_first_days_item(actor=request.user, plan=plan, key=key, done=done)
    except actions.Error as error:
        if request.htmx:
            return HttpResponse(str(error), status=400)
        messages.error(request, str(error))
    if request.htmx:
        return render(request, "strategy/first_days.html#plan", _plan_context(request))
    return redirect("strategy:first-days")
