"""The L&D team: load by week, members, the competency model, ratings, development plans.

Ratings and development plans are personal (see
:func:`mainspring.factory.queries.team.can_see_personal`): their pages answer 403 to
roles outside L&D and 404 to L&D staff who are neither the member, one of their
managers on the team, nor the learning leader.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.factory import capacity
from mainspring.factory.actions import Error
from mainspring.factory.actions import team as actions
from mainspring.factory.forms.team import CompetencyForm, DevelopmentForm, MemberForm, RatingsForm
from mainspring.factory.permissions import can_edit_factory, can_view_factory
from mainspring.factory.queries import team as queries
from mainspring.web.http import AuthedRequest, form_status, require

# Shading of the load grid and the heat map: the share of capacity, the size of a gap.
LOAD_ALPHA = 0.35
GAP_STYLES = {
    0: "background-color: #d1e7dd",
    1: "background-color: #fff3cd",
    2: "background-color: #ffd8a8",
    3: "background-color: #f5a3ab",
}
GAP_STRONG = "background-color: #dc3545; color: #fff"


def _today() -> date:
    return timezone.localdate()


def project_url(pk: int) -> str:
    """The project's page, or "" while the projects area does not provide one."""
    try:
        return reverse("factory:project-detail", args=[pk])
    except NoReverseMatch:
        return ""


def _load_style(load: capacity.WeekLoad) -> str:
    share = load.share
    if not load.hours or share is None or load.over:
        return ""
    return f"background-color: rgba(13, 110, 253, {min(share, 1.0) * LOAD_ALPHA:.2f})"


def _gap_style(value: float | None) -> str:
    if value is None:
        return ""
    return GAP_STYLES.get(round(value), GAP_STRONG)


def _week(text: str) -> date | None:
    try:
        return capacity.monday(date.fromisoformat(text))
    except ValueError:
        return None


@login_required
@require_GET
def team(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    load = queries.team_load(_today())
    rows = [(m, [(w, _load_style(w)) for w in m.weeks]) for m in load.members]
    warnings = [(m, max(m.over_weeks, key=lambda w: (w.over, w.week))) for m in load.over_allocated]
    context = {
        "load": load,
        "rows": rows,
        "warnings": [(m, worst, len(m.over_weeks) - 1) for m, worst in warnings],
        "inactive": queries.inactive_members(),
        "can_edit": can_edit_factory(request.user),
    }
    return render(request, "factory/team_list.html", context)


@login_required
@require_GET
def member_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_view_factory(request.user))
    member, today = queries.get_member(pk), _today()
    work = queries.member_work(member, today)
    personal = queries.can_see_personal(request.user, member)
    context: dict[str, Any] = {
        "member": member,
        "work": work,
        "open_tasks": [(t, project_url(t.plan.task.project_id)) for t in work.open_tasks],
        "weeks": [
            (w, _load_style(w.load), [(t, project_url(t.plan.task.project_id)) for t in w.tasks])
            for w in work.weeks
        ],
        "chosen_week": _week(request.GET.get("week", "")),
        "personal": personal,
        "reports": member.reports.filter(active=True).select_related("person"),
        "can_edit": can_edit_factory(request.user),
    }
    if personal:
        context["competencies"] = [
            (c, gap, _gap_style(gap.value)) for c, gap in queries.member_competencies(member)
        ]
        context["plan"] = queries.development_plan(member, today)
        context["rights"] = queries.rating_rights(request.user, member)
    return render(request, "factory/team_member.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: AuthedRequest) -> HttpResponse:
    require(can_edit_factory(request.user))
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = actions.add_member(actor=request.user, **form.cleaned_data)
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{member} is on the team.")
            return redirect("factory:member-detail", pk=member.pk)
    context = {"form": form, "member": None}
    return render(request, "factory/team_member_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    member = queries.get_member(pk)
    initial = {
        "role": member.role,
        "weekly_capacity": member.weekly_capacity,
        "manager": member.manager_id,
        "active": member.active,
    }
    form = MemberForm(request.POST or None, member=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_member(actor=request.user, member=member, **form.cleaned_data)
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{member} was saved.")
            return redirect("factory:member-detail", pk=member.pk)
    context = {"form": form, "member": member}
    return render(request, "factory/team_member_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def member_ratings(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    member = queries.get_member_personal_for(request.user, pk)
    rights = queries.rating_rights(request.user, member)
    rows = queries.member_competencies(member)
    form = RatingsForm(request.POST or None, rows=rows, rights=rights)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.save_ratings(
                actor=request.user,
                member=member,
                own=form.levels("self"),
                manager=form.levels("manager"),
                targets=form.levels("target"),
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            done = (
                f"{changed} rating{'s' if changed != 1 else ''} saved" if changed else "No change"
            )
            messages.success(request, f"{done} for {member}.")
            return redirect(reverse("factory:member-detail", args=[member.pk]) + "#competencies")
    context = {"member": member, "form": form, "rights": rights, "levels": queries.LEVELS}
    return render(request, "factory/team_ratings.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def development_new(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    member = queries.get_member_personal_for(request.user, pk)
    wanted = request.GET.get("competency", "")
    form = DevelopmentForm(
        request.POST or None, initial={"competency": int(wanted) if wanted.isdigit() else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_development_action(actor=request.user, member=member, **form.cleaned_data)
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Added to the development plan of {member}.")
            return redirect(reverse("factory:member-detail", args=[member.pk]) + "#development")
    context = {"form": form, "member": member, "item": None}
    return render(request, "factory/team_development_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def development_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    item = queries.get_development_action_for(request.user, pk)
    initial = {
        "action": item.action,
        "competency": item.competency_id,
        "due": item.due,
        "status": item.status,
        "notes": item.notes,
    }
    form = DevelopmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_development_action(actor=request.user, item=item, **form.cleaned_data)
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The development action was saved.")
            return redirect(
                reverse("factory:member-detail", args=[item.member_id]) + "#development"
            )
    context = {"form": form, "member": item.member, "item": item}
    return render(request, "factory/team_development_form.html", context, status=form_status(form))


@login_required
@require_GET
def heatmap(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    hm = queries.heat_map(request.user)
    context = {
        "map": hm,
        "rows": [(r.member, [(g, _gap_style(g.value)) for g in r.gaps]) for r in hm.rows],
        "averages": [
            (avg, n, _gap_style(avg)) for avg, n in zip(hm.averages, hm.rated, strict=True)
        ],
        "min_group": queries.MIN_GROUP,
        "default_target": queries.DEFAULT_TARGET,
        "styles": [(n, _gap_style(n)) for n in range(5)],
        "is_leader": queries.can_edit_competency_model(request.user),
    }
    return render(request, "factory/team_heatmap.html", context)


@login_required
@require_GET
def competencies(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    model = queries.competency_model()
    rated = queries.rating_counts()
    context = {
        "rows": [(c, rated.get(c.pk, 0)) for c in model],
        "team": [c for c in model if not c.leadership],
        "leading": [c for c in model if c.leadership],
        "can_edit": queries.can_edit_competency_model(request.user),
    }
    return render(request, "factory/competency_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def competency_new(request: AuthedRequest) -> HttpResponse:
    require(queries.can_edit_competency_model(request.user))
    form = CompetencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competency = actions.create_competency(actor=request.user, **form.cleaned_data)
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{competency.name} was added to the model.")
            return redirect("factory:competencies")
    context = {"form": form, "competency": None}
    return render(request, "factory/competency_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def competency_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(queries.can_edit_competency_model(request.user))
    competency = queries.get_competency(pk)
    initial = {
        "name": competency.name,
        "area": competency.area,
        "description": competency.description,
        "leadership": competency.leadership,
    }
    form = CompetencyForm(request.POST or None, competency=competency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_competency(
                actor=request.user, competency=competency, **form.cleaned_data
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{competency.name} was saved.")
            return redirect("factory:competencies")
    context = {"form": form, "competency": competency}
    return render(request, "factory/competency_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def competency_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require(queries.can_edit_competency_model(request.user))
    competency = queries.get_competency(pk)
    if request.method == "POST":
        try:
            actions.delete_competency(actor=request.user, competency=competency)
        except Error as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{competency.name} was taken out of the model.")
        return redirect("factory:competencies")
    context = {"competency": competency, "rated": queries.rating_counts().get(competency.pk, 0)}
    return render(request, "factory/competency_delete.html", context)


@login_required
@require_POST
def competency_move(request: AuthedRequest, pk: int) -> HttpResponse:
    require(queries.can_edit_competency_model(request.user))
    competency = queries.get_competency(pk)
    actions.move_competency(
        actor=request.user, competency=competency, up=request.POST.get("to") != "down"
    )
    return redirect(reverse("factory:competencies") + f"#competency-{competency.pk}")


urlpatterns: list[URLPattern] = [
    path("team/", team, name="team"),
    path("team/members/new/", member_new, name="member-new"),
    path("team/members/<int:pk>/", member_detail, name="member-detail"),
    path("team/members/<int:pk>/edit/", member_edit, name="member-edit"),
    path("team/members/<int:pk>/ratings/", member_ratings, name="member-ratings"),
    path("team/members/<int:pk>/development/new/", development_new, name="development-new"),
    path("team/development/<int:pk>/edit/", development_edit, name="development-edit"),
    path("team/heat-map/", heatmap, name="heatmap"),
    path("team/competencies/", competencies, name="competencies"),
    path("team/competencies/new/", competency_new, name="competency-new"),
    path("team/competencies/<int:pk>/edit/", competency_edit, name="competency-edit"),
    path("team/competencies/<int:pk>/delete/", competency_delete, name="competency-delete"),
    path("team/competencies/<int:pk>/move/", competency_move, name="competency-move"),
]
