from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from rest_framework.authtoken.models import Token

from mainspring.evaluation import queries as evaluation_queries
from mainspring.experiences.models import Enrolment, LearningPath, Program, Step, StepProgress
from mainspring.factory.models import OPEN_REQUEST_STATUSES, RequestStatus
from mainspring.factory.queries import intake as intake_queries
from mainspring.org import permissions, queries
from mainspring.org.models import JobRole, OrgUnit, Person, User
from mainspring.strategy import queries as strategy_queries
from mainspring.web import sections
from mainspring.web.history import attach_changes
from mainspring.web.http import AuthedRequest


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {"sections": sections.visible_to(user)}
    if permissions.can_view_org_structure(user):
        glance = queries.org_at_a_glance(user, timezone.localdate())
        context["glance"] = glance
        context["max_top"] = max((n for _, n in glance.by_top_unit), default=0) or 1
    context["strategy"] = strategy_queries.strategy_glance(user, timezone.localdate())
    if permissions.can_manage_partnerships(user):
        context["follow_ups"] = list(queries.overdue_follow_ups(user, timezone.localdate())[:20])
        context["show_follow_ups"] = True
    if intake_queries.can_see_all_requests(user):
        context["triage_waiting"] = (
            intake_queries.open_requests().filter(status=RequestStatus.SUBMITTED).count()
        )
    elif intake_queries.can_follow_requests(user):
        context["my_open_requests"] = (
            intake_queries.requests_visible_to(user)
            .filter(requester=user, status__in=OPEN_REQUEST_STATUSES)
            .count()
        )
    if user.person_id is not None:
        person = Person.objects.select_related("org_unit", "job_role", "manager").get(
            pk=user.person_id
        )
        context["me"] = person
        context["team_size"] = Person.objects.filter(
            pk__in=queries.team_below(person.pk), active=True
        ).count()
        context["surveys_waiting"] = evaluation_queries.open_invitations(
            person, timezone.localdate()
        ).count()
    return render(request, "web/home.html", context)


@login_required
def section(request: AuthedRequest, slug: str) -> HttpResponse:
    found = sections.get(slug)
    if found is None:
        raise Http404("No such section.")
    if found not in sections.visible_to(request.user):
        raise PermissionDenied
    if found.url_name:
        return redirect(found.url_name)
    return render(request, "web/section.html", {"section": found})


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    token = Token.objects.filter(user=request.user).first()
    return render(request, "web/account.html", {"token": token})


@login_required
@require_POST
def account_token(request: AuthedRequest) -> HttpResponse:
    Token.objects.filter(user=request.user).delete()
    if request.POST.get("action") != "revoke":
        token = Token.objects.create(user=request.user)
        messages.success(
            request, f"Your new API token: {token.key} — copy it now; it replaces any earlier one."
        )
    else:
        messages.success(request, "Your API token was revoked.")
    return redirect("web:account")


AUDITED: dict[str, type[Model]] = {
    "people": Person,
    "units": OrgUnit,
    "roles": JobRole,
    "users": User,
    "enrolments": Enrolment,
    "programs": Program,
    "paths": LearningPath,
    "steps": Step,
    "progress": StepProgress,
}


@login_required
@require_GET
def audit_log(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind", "people")
    model = AUDITED.get(kind, Person)
    history = model.history.model.objects.select_related("history_user").order_by(  # type: ignore[attr-defined]  # added by simple-history
        "-history_date", "-history_id"
    )
    who = request.GET.get("by", "").strip()
    if who:
        history = history.filter(history_user__username__iexact=who)
    page = Paginator(history, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/audit_log.html",
        {
            "page": page,
            "rows": attach_changes(page.object_list),
            "kind": kind,
            "kinds": list(AUDITED),
            "by": who,
        },
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:  # noqa: ARG001  (a view takes a request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
