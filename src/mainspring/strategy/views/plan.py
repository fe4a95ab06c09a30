"""The implementation plan (initiatives and milestones) and the delivery guidelines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.strategy import actions, permissions, queries
from mainspring.strategy.forms import GuidelineForm, InitiativeForm, MilestoneForm
from mainspring.strategy.models import DeliveryGuideline, Initiative, Milestone
from mainspring.web.http import AuthedRequest, require

PAGE = 50


@login_required
@require_GET
def initiative_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    rows = queries.initiatives_with_links()
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    return render(
        request,
        "strategy/initiative_list.html",
        {
            "tab": "initiatives",
            "page": Paginator(rows, PAGE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": Initiative._meta.get_field("status").choices,
            "today": timezone.localdate(),
            "can_edit": permissions.can_edit_strategy(request.user),
        },
    )


@login_required
@require_GET
def initiative_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    can_edit = permissions.can_edit_strategy(request.user)
    return render(
        request,
        "strategy/initiative_detail.html",
        {
            "tab": "initiatives",
            "initiative": queries.get_initiative(pk),
            "today": timezone.localdate(),
            "can_edit": can_edit,
            "milestone_form": MilestoneForm() if can_edit else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    initiative = queries.get_initiative(pk) if pk is not None else None
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_initiative(
                actor=request.user,
                initiative=form.save(commit=False),
                needs=form.cleaned_data["needs"],
            )
        except actions.Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the initiative “{saved}”.")
            return redirect("strategy:initiative-detail", pk=saved.pk)
    return render(
        request,
        "strategy/initiative_edit.html",
        {"tab": "initiatives", "form": form, "initiative": initiative},
    )


@login_required
@require_POST
def initiative_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    initiative = queries.get_initiative(pk)
    actions.delete_initiative(actor=request.user, initiative=initiative)
    messages.success(request, f"Deleted the initiative “{initiative}”.")
    return redirect("strategy:initiative-list")


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(
    request: AuthedRequest, pk: int | None = None, initiative_pk: int | None = None
) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    milestone = queries.get_milestone(pk) if pk is not None else None
    initiative = milestone.initiative if milestone else queries.get_initiative(initiative_pk or 0)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        found: Milestone = form.save(commit=False)
        found.initiative = initiative
        try:
            actions.save_milestone(actor=request.user, milestone=found)
        except actions.Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the milestone “{found}”.")
            return redirect("strategy:initiative-detail", pk=initiative.pk)
    return render(
        request,
        "strategy/milestone_edit.html",
        {"tab": "initiatives", "form": form, "milestone": milestone, "initiative": initiative},
    )


@login_required
@require_POST
def milestone_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    milestone = queries.get_milestone(pk)
    actions.delete_milestone(actor=request.user, milestone=milestone)
    messages.success(request, f"Deleted the milestone “{milestone}”.")
    return redirect("strategy:initiative-detail", pk=milestone.initiative_id)


@login_required
@require_http_methods(["GET", "POST"])
def guideline_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_strategy(request.user))
    can_edit = permissions.can_edit_strategy(request.user)
    form = GuidelineForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        require(can_edit)
        assert form is not None
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_guideline(actor=request.user, **data)
            except actions.Error as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Saved the delivery guideline.")
                return redirect("strategy:guideline-list")
    return render(
        request,
        "strategy/guideline_list.html",
        {
            "tab": "delivery",
            "guidelines": DeliveryGuideline.objects.order_by("gap_type", "-primary", "method"),
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def guideline_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    guideline = get_object_or_404(DeliveryGuideline, pk=pk)
    actions.delete_guideline(actor=request.user, guideline=guideline)
    messages.success(request, f"Removed “{guideline}”.")
    return redirect("strategy:guideline-list")
