"""The learning manager's board, at the factory's root."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from mainspring.factory.permissions import can_edit_factory, can_view_factory
from mainspring.factory.queries import board as queries
from mainspring.web.http import AuthedRequest, require


def _url(name: str, *args: object) -> str:
    """The address of a factory page, or "" while the area serving it is not there."""
    try:
        return reverse(f"factory:{name}", args=args)
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    if queries.is_sent_to_requests(request.user):
        return redirect(_url("request-list") or reverse("web:home"))
    require(can_view_factory(request.user))
    board = queries.board_for(timezone.localdate())
    year = board.burn.year
    context = {
        "board": board,
        "can_edit": can_edit_factory(request.user),
        "waiting": [(w, _url("request-detail", w.request.pk)) for w in board.intake.oldest],
        "risks": [(r, _url("project-detail", r.project.pk)) for r in board.risks],
        "overloads": [(o, _url("member-detail", o.member.pk)) for o in board.overloads],
        "overruns": [
            (o, _url("program-costs", o.program_id) if o.program_id else _url("budget", year))
            for o in board.burn.overruns
        ],
        "links": {
            name.replace("-", "_"): _url(name)
            for name in ("request-list", "request-new", "backlog", "project-list", "team")
        },
        "budget_url": _url("budget", year),
    }
    return render(request, "factory/board.html", context)


urlpatterns: list[URLPattern] = [path("", index, name="index")]
