"""Requests (submit, follow, triage, decide) and the prioritised backlog with its weights."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.factory import prioritisation
from mainspring.factory.actions import Error
from mainspring.factory.actions import intake as actions
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.forms.intake import (
    DECISIONS,
    QUESTIONS,
    FilterForm,
    RatingsForm,
    SaveWeightsForm,
    SubmitForm,
    TriageForm,
    WeightsForm,
    weights_initial,
)
from mainspring.factory.models import (
    OPEN_REQUEST_STATUSES,
    PriorityChange,
    Request,
    RequestStatus,
)
from mainspring.factory.permissions import (
    can_edit_factory,
    can_set_priority_weights,
    can_submit_request,
    can_view_factory,
)
from mainspring.factory.queries import intake as queries
from mainspring.web.http import AuthedRequest, require

PAGE = 50
HISTORY_PAGE = 20


def _project_url(pk: int) -> str:
    # The projects area may not be there yet (it is built beside this one).
    try:
        return reverse("factory:project-detail", args=[pk])
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def request_list(request: AuthedRequest) -> HttpResponse:
    require(queries.can_follow_requests(request.user))
    form = FilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    visible = queries.requests_visible_to(request.user)
    found = queries.search_requests(
        visible, status=data.get("status", ""), unit=data.get("unit"), text=data.get("q", "")
    )
    context = {
        "form": form,
        "page": Paginator(found, PAGE).get_page(request.GET.get("page")),
        "counts": queries.status_counts(visible),
        "filtered": any(data.values()),
        "all_requests": queries.can_see_all_requests(request.user),
        "can_submit": can_submit_request(request.user),
    }
    return render(request, "factory/intake_request_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: AuthedRequest) -> HttpResponse:
    require(can_submit_request(request.user))
    today, person = timezone.localdate(), request.user.person
    initial = {
        "sponsor": queries.sponsor_label(person),
        "unit": person.org_unit_id if person else None,
    }
    form = SubmitForm(request.POST or None, user=request.user, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.submit_request(actor=request.user, today=today, **form.cleaned_data)
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your request “{made.title}” was sent to the learning team. Follow it here: "
                "each step and decision appears on this page.",
            )
            return redirect("factory:request-detail", pk=made.pk)
    status = 400 if form.errors else 200
    return render(request, "factory/intake_request_form.html", {"form": form}, status=status)


def _detail_context(user: Any, item: Request) -> dict[str, Any]:
    team = queries.can_see_all_requests(user)
    context: dict[str, Any] = {
        "item": item,
        "events": queries.timeline(item),
        "team": team,
        "can_triage": can_edit_factory(user),
        "open": item.status in OPEN_REQUEST_STATUSES,
    }
    if item.project_id is not None and item.project is not None:
        context["forecast"] = queries.forecast_of(item.project, timezone.localdate())
        context["project_url"] = _project_url(item.project_id) if team else ""
    if item.merged_into_id is not None:
        context["merged_into_visible"] = (
            queries.requests_visible_to(user).filter(pk=item.merged_into_id).exists()
        )
    if team:
        context["changes"] = [(c, _change_rows(c)) for c in queries.priority_changes(item)]
        context["merged"] = queries.merged_into_this(item)
        context["suggestion"] = queries.suggest_impact(item)
        context["criteria"] = [
            (c.name, getattr(item, f"rating_{c.code}")) for c in prioritisation.CRITERIA
        ]
    return context


def _change_rows(change: PriorityChange) -> list[tuple[str, Any, Any]]:
    """The criteria a ratings change touched: (name, before, after)."""
    return [
        (c.name, change.before.get(c.code), change.after.get(c.code))
        for c in prioritisation.CRITERIA
        if change.before.get(c.code) != change.after.get(c.code)
    ]


@login_required
@require_GET
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(queries.can_follow_requests(request.user))
    item = queries.get_request_for(request.user, pk)
    return render(
        request, "factory/intake_request_detail.html", _detail_context(request.user, item)
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_triage(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    ensure_defaults()  # the ADDIE and SAM templates a new project starts from
    item, today = queries.request_to_triage(pk), timezone.localdate()
    form = TriageForm(request.POST or None, request=item, today=today)
    if request.method == "POST":
        if item.status not in actions.DECIDABLE:
            messages.error(request, "This request is not in triage: start the triage first.")
            return redirect("factory:request-triage", pk=item.pk)
        if form.is_valid():
            try:
                _triage(request, item, form)
            except Error as error:
                form.add_error(None, str(error))
                item.refresh_from_db()
            else:
                return redirect("factory:request-detail", pk=item.pk)
    context = {
        "item": item,
        "form": form,
        "questions": QUESTIONS,
        "suggestion": queries.suggest_impact(item),
        "decidable": item.status in actions.DECIDABLE,
        "groups": [(v, label, form.decision_fields(v)) for v, label in DECISIONS if v],
    }
    status = 400 if form.errors else 200
    return render(request, "factory/intake_triage.html", context, status=status)


def _triage(request: AuthedRequest, item: Request, form: TriageForm) -> None:
    data = form.cleaned_data
    actions.triage_request(
        actor=request.user,
        request=item,
        diagnosis=data["diagnosis"],
        notes=data["notes"],
        ratings=form.ratings(),
        rating_reason=data["rating_reason"],
        decision=form.chosen(),
        reason=data["reason"],
        today=timezone.localdate(),
    )
    if item.status in (RequestStatus.IN_TRIAGE, RequestStatus.DEFERRED) and not data["decision"]:
        messages.success(request, "The triage was saved. Decide when you are ready.")
    else:
        label = item.get_status_display().lower()
        messages.success(request, f"The request was {label}; the requester can read why.")


@login_required
@require_POST
def request_triage_start(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    item = queries.request_to_triage(pk)
    try:
        actions.start_triage(actor=request.user, request=item)
    except Error as error:
        messages.error(request, str(error))
        return redirect("factory:request-detail", pk=item.pk)
    messages.success(request, "Triage started: the requester sees that you are on it.")
    return redirect("factory:request-triage", pk=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    item = queries.request_to_triage(pk)
    form = RatingsForm(request.POST or None, request=item)
    back = request.GET.get("back") or request.POST.get("back") or ""
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.rate_request(
                actor=request.user,
                request=item,
                ratings=form.ratings(),
                reason=form.cleaned_data["rating_reason"],
            )
        except Error as error:
            form.add_error(None, str(error))
            item.refresh_from_db()
        else:
            messages.success(request, "Ratings saved." if change else "The ratings are unchanged.")
            if back == "backlog":
                return redirect("factory:backlog")
            return redirect("factory:request-detail", pk=item.pk)
    context = {
        "item": item,
        "form": form,
        "back": back,
        "open": item.status in OPEN_REQUEST_STATUSES,
        "suggestion": queries.suggest_impact(item),
    }
    status = 400 if form.errors else 200
    return render(request, "factory/intake_rate.html", context, status=status)


@login_required
@require_GET
def backlog(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    in_force = queries.weights_in_force()
    asked = any(key.startswith("w_") for key in request.GET)
    form = WeightsForm(request.GET if asked else None, initial=weights_initial(in_force))
    whatif = form.weights() if asked and form.is_valid() else None
    board = queries.backlog(in_force, whatif)
    page = Paginator(board.rows, PAGE).get_page(request.GET.get("page"))
    team = queries.can_see_all_requests(request.user)
    shown = [row.request.pk for row in page.object_list]
    linked = (
        set(shown)
        if team
        else set(
            queries.requests_visible_to(request.user)
            .filter(pk__in=shown)
            .values_list("pk", flat=True)
        )
    )
    context = {
        "form": form,
        "board": board,
        "page": page,
        "linked": linked,
        "team": team,
        "today": timezone.localdate(),
        "weights": [
            (c, board.weights[c.code], queries.COLOURS[c.code]) for c in prioritisation.CRITERIA
        ],
        "can_save": whatif is not None and can_set_priority_weights(request.user),
        "save_form": SaveWeightsForm(initial=weights_initial(whatif or in_force)),
    }
    return render(request, "factory/backlog_list.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def weights(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    in_force = queries.weights_in_force()
    form = SaveWeightsForm(request.POST or None, initial=weights_initial(in_force))
    if request.method == "POST":
        require(can_set_priority_weights(request.user))
        if form.is_valid():
            try:
                actions.save_priority_weights(
                    actor=request.user, weights=form.weights(), reason=form.cleaned_data["reason"]
                )
            except Error as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The new weights are in force: the backlog is re-ranked.")
                return redirect("factory:backlog")
    page = Paginator(queries.weights_history(), HISTORY_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "in_force": [(c, in_force[c.code]) for c in prioritisation.CRITERIA],
        "page": page,
        "history": [
            (row, [row.weights.get(c.code, 0) for c in prioritisation.CRITERIA])
            for row in page.object_list
        ],
        "criteria": prioritisation.CRITERIA,
        "defaults": not page.paginator.count,
        "can_save": can_set_priority_weights(request.user),
    }
    return render(
        request, "factory/backlog_weights.html", context, status=400 if form.errors else 200
    )


urlpatterns: list[URLPattern] = [
    path("requests/", request_list, name="request-list"),
    path("requests/new/", request_new, name="request-new"),
    path("requests/<int:pk>/", request_detail, name="request-detail"),
    path("requests/<int:pk>/triage/", request_triage, name="request-triage"),
    path("requests/<int:pk>/triage/start/", request_triage_start, name="request-triage-start"),
    path("requests/<int:pk>/ratings/", request_rate, name="request-rate"),
    path("priorities/", backlog, name="backlog"),
    path("priorities/weights/", weights, name="weights"),
]
