from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.org import actions, permissions, queries
from mainspring.org.forms import (
    EngagementForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from mainspring.org.models import Engagement
from mainspring.web.http import AuthedRequest


def _require_partnerships(request: AuthedRequest) -> None:
    if not permissions.can_manage_partnerships(request.user):
        raise PermissionDenied


@login_required
@require_GET
def partner_list(request: AuthedRequest) -> HttpResponse:
    _require_partnerships(request)
    form = StakeholderFilterForm(request.GET or None)
    stakeholders = queries.stakeholders_visible_to(request.user)
    if form.is_valid():
        if form.cleaned_data["category"]:
            stakeholders = stakeholders.filter(category=form.cleaned_data["category"])
        if form.cleaned_data["health"]:
            stakeholders = stakeholders.filter(health=form.cleaned_data["health"])
    template = "org/partner_list.html#results" if request.htmx else "org/partner_list.html"
    context = {"form": form, "stakeholders": stakeholders, "today": timezone.localdate()}
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_partnerships(request)
    stakeholder = queries.get_stakeholder_for(request.user, pk)
    form = EngagementForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.log_engagement(
            actor=request.user,
            stakeholder=stakeholder,
            on=d["date"],
            kind=d["kind"],
            notes=d["notes"],
            next_step=d["next_step"],
            next_step_due=d["next_step_due"],
        )
        messages.success(request, "Engagement logged.")
        return redirect("org:partner-detail", pk=stakeholder.pk)
    engagements = stakeholder.engagements.select_related("created_by")
    context = {
        "stakeholder": stakeholder,
        "engagements": engagements,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "org/partner_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    _require_partnerships(request)
    stakeholder = queries.get_stakeholder_for(request.user, pk) if pk else None
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            if stakeholder is None:
                stakeholder = actions.create_stakeholder(actor=request.user, data=form.to_data())
            else:
                actions.update_stakeholder(
                    actor=request.user, stakeholder=stakeholder, data=form.to_data()
                )
        except actions.Error as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Saved {stakeholder}.")
            return redirect("org:partner-detail", pk=stakeholder.pk)
    return render(request, "org/partner_edit.html", {"form": form, "stakeholder": stakeholder})


@login_required
@require_POST
def engagement_done(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_partnerships(request)
    engagement = get_object_or_404(
        Engagement,
        pk=pk,
        stakeholder__in=queries.stakeholders_visible_to(request.user).values("pk"),
    )
    try:
        actions.complete_next_step(actor=request.user, engagement=engagement)
    except actions.Error as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Next step done.")
    return redirect("org:partner-detail", pk=engagement.stakeholder_id)
