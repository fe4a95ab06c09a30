"""ROI analyses in the web UI: the list, computing one for a program, and its working."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from mainspring.factory.models import CostCategory
from mainspring.impact import actions, permissions, queries
from mainspring.impact.forms import RoiForm
from mainspring.web.http import AuthedRequest, require

PAGE = 25


@login_required
@require_GET
def roi_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    page = Paginator(queries.roi_visible_to(request.user), PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "can_run": permissions.can_run_studies(request.user)}
    return render(request, "impact/roi_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def roi_new(request: AuthedRequest, program_pk: int) -> HttpResponse:
    require(permissions.can_run_studies(request.user))
    program = queries.get_program_for(request.user, program_pk)
    today = timezone.localdate()
    form = RoiForm(request.POST or None, program=program, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            analysis = actions.compute_roi(
                actor=request.user,
                program=program,
                basis=data["basis"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                study=data["study"],
                notes=data["notes"],
                cap=data["cap"],
            )
        except actions.Error as error:
            form.add_error(None, str(error))
        else:
            if analysis.refused:
                messages.warning(request, "No ROI was computed: the reason is below.")
            return redirect("impact:roi-detail", pk=analysis.pk)
    return render(request, "impact/roi_new.html", {"form": form, "program": program})


@login_required
@require_GET
def roi_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_impact(request.user))
    analysis = queries.get_roi_for(request.user, pk)
    by_category = analysis.inputs.get("costs_by_category") or {}
    costs = [(label, by_category.get(value, "0")) for value, label in CostCategory.choices]
    context = {
        "roi": analysis,
        "w": analysis.inputs,
        "costs": costs,
        "can_run": permissions.can_run_studies(request.user),
    }
    return render(request, "impact/roi_detail.html", context)
