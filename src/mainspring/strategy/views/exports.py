"""Exports of the strategy document in the web UI: start one, watch it, download the file."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mainspring.strategy import actions, export_actions, exports, permissions, queries
from mainspring.strategy.models import ExportFormat, ExportStatus, StrategyExport, StrategyVersion
from mainspring.web.http import AuthedRequest

PANEL_EXPORTS = 12
RUNNING = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=ExportFormat.choices)
    summary = forms.BooleanField(required=False)


def panel(_request: AuthedRequest, version: StrategyVersion, error: str = "") -> dict[str, Any]:
    """The context of `strategy/exports_panel.html` on a strategy version's page."""
    recent = list(
        StrategyExport.objects.filter(version=version).order_by("-created_at", "-id")[
            :PANEL_EXPORTS
        ]
    )
    return {
        "version": version,
        "formats": ExportFormat.choices,
        "exports": recent,
        "error": error,
    }


def _version_readable(request: AuthedRequest, version: StrategyVersion) -> None:
    """Learners and others without the strategy get 403; a stakeholder asking for a draft 404."""
    if not permissions.can_view_strategy(request.user):
        raise PermissionDenied
    if not permissions.can_read_strategy_version(request.user, approved=not version.is_draft):
        raise Http404("No such version of the strategy.")


def _export_for(request: AuthedRequest, pk: int) -> StrategyExport:
    export = StrategyExport.objects.select_related("version").filter(pk=pk).first()
    if export is None:
        if not permissions.can_view_strategy(request.user):
            raise PermissionDenied
        raise Http404("No such export.")
    _version_readable(request, export.version)
    return export


@login_required
@require_POST
def export_start(request: AuthedRequest, number: int) -> HttpResponse:
    if not permissions.can_view_strategy(request.user):
        raise PermissionDenied
    version = queries.get_version_for(request.user, number)
    form = ExportForm(request.POST)
    error = ""
    export = None
    if form.is_valid():
        try:
            export = export_actions.start_export(
                actor=request.user,
                version=version,
                format=form.cleaned_data["format"],
                summary=form.cleaned_data["summary"],
            )
        except actions.Error as failure:
            error = str(failure)
    else:
        error = "Choose Word, PDF or Markdown."
    if request.htmx:
        context = {"panel": panel(request, version, error)}
        return render(request, "strategy/exports_panel.html#panel", context)
    if export is None:
        messages.error(request, error)
        return redirect("strategy:version-detail", number=version.number)
    return redirect("strategy:export-detail", pk=export.pk)


@login_required
@require_GET
def export_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    export = _export_for(request, pk)
    template = (
        "strategy/export_detail.html#status" if request.htmx else "strategy/export_detail.html"
    )
    return render(request, template, {"export": export, "running": export.status in RUNNING})


@login_required
@require_GET
def export_download(request: AuthedRequest, pk: int) -> FileResponse:
    export = _export_for(request, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404("This export has no file yet.")
    try:
        # Read whole (exports are a few MB at most) so no file handle outlives the request,
        # whether or not the client reads the body to the end.
        with export.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as missing:
        raise Http404("The file of this export is gone; export again.") from missing
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=export_actions.export_filename(export),
        content_type=exports.CONTENT_TYPES[export.format],
    )
