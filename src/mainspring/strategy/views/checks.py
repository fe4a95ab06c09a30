from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from mainspring.strategy import checks, permissions, queries
from mainspring.strategy.models import StrategyVersion
from mainspring.web.http import AuthedRequest

PANEL_TOP = 5

# kind -> (label of the link, URL name, URL name to fall back to)
FIX_TARGETS: dict[str, tuple[str, str, str]] = {
    "goal": ("Edit the goal", "strategy:goal-edit", "strategy:goal-list"),
    "kpi": ("Edit the KPI", "strategy:kpi-edit", "strategy:kpi-list"),
    "observations": ("Add values", "strategy:observation-add", "strategy:kpi-list"),
    "need": ("Edit the need", "strategy:need-edit", "strategy:need-list"),
    "initiative": ("Edit the initiative", "strategy:initiative-edit", "strategy:index"),
    "section": ("Write the section", "strategy:section-edit", "strategy:index"),
    "strategy": ("Start the strategy", "strategy:document", "strategy:index"),
}


@dataclass(frozen=True, slots=True)
class Row:
    finding: checks.Finding
    url: str
    label: str


def fix_link(fix: checks.Fix, version: StrategyVersion | None) -> tuple[str, str]:
    """Return the URL and label of the page that fixes a finding.

    Pages of other areas may not exist yet; then the list they belong to is the target.
    """
    label, name, fallback = FIX_TARGETS.get(fix.kind, ("Open", "strategy:index", "strategy:index"))
    kwargs: dict[str, Any] = {"pk": fix.pk}
    if fix.kind == "section" and version is not None and version.is_draft:
        kwargs = {"number": version.number, "key": fix.key}
    elif fix.kind in ("section", "strategy"):
        # An approved version's sections change only in a revision, started from the document.
        name, kwargs = "strategy:document", {}
    try:
        return reverse(name, kwargs=kwargs), label
    except NoReverseMatch:
        return reverse(fallback), label


def _report(
    version: StrategyVersion | None,
) -> tuple[checks.Readiness, list[Row]]:
    facts = queries.strategy_facts(version, timezone.localdate())
    found = checks.run_checks(facts)
    rows = [Row(f, *fix_link(f.fix, version)) for f in found]
    return checks.readiness(facts, found), rows


def panel(request: AuthedRequest, version: StrategyVersion) -> dict[str, Any]:
    """The context of `strategy/checks_panel.html` on a strategy version's page."""
    ready, rows = _report(version)
    return {
        "version": version,
        "can_edit": permissions.can_edit_strategy(request.user),
        "readiness": ready,
        "counts": [(s, checks.SEVERITY_LABELS[s], ready.counts[s]) for s in checks.SEVERITIES],
        "top": rows[:PANEL_TOP],
        "more": max(len(rows) - PANEL_TOP, 0),
    }


@login_required
@require_GET
def checks_page(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_view_checks(request.user):
        raise PermissionDenied
    version = queries.checked_version()
    ready, rows = _report(version)
    severity = request.GET.get("severity", "")
    severity = severity if severity in checks.SEVERITIES else ""
    shown = [s for s in checks.SEVERITIES if severity in ("", s)]
    groups = [
        (s, checks.SEVERITY_LABELS[s], [r for r in rows if r.finding.severity == s]) for s in shown
    ]
    return render(
        request,
        "strategy/checks.html",
        {
            "tab": "checks",
            "version": version,
            "readiness": ready,
            "groups": groups,
            "severity": severity,
            "severities": [(s, checks.SEVERITY_LABELS[s]) for s in checks.SEVERITIES],
            "counts": ready.counts,
            "can_edit": permissions.can_edit_strategy(request.user),
        },
    )
