"""The learning strategy in the web UI: versions, section editing, approval, diffs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.strategy import actions, charts, content, document, markdown, permissions, queries
from mainspring.strategy.forms import SectionForm, VersionForm
from mainspring.strategy.models import SectionKey, StrategyVersion
from mainspring.strategy.views import checks, exports
from mainspring.web.http import AuthedRequest, require


def _rendered_sections(doc: document.Document) -> list[dict[str, Any]]:
    """Each section with its narrative as HTML and its blocks ready for the template."""
    sections = []
    for section in doc.sections:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, document.Chart):
                svg = charts.trend_svg(
                    block.series,
                    title=block.title,
                    baseline=block.baseline,
                    target=block.target,
                    unit=block.unit,
                )
                # trend_svg escapes every text it draws.
                blocks.append({"kind": "chart", "block": block, "svg": mark_safe(svg)})  # noqa: S308
            else:
                blocks.append({"kind": block.kind, "block": block})
        sections.append(
            {
                "section": section,
                # markdown-it runs with raw HTML off: the narrative cannot inject markup.
                "html": mark_safe(markdown.to_html(section.narrative)),  # noqa: S308
                "blocks": blocks,
            }
        )
    return sections


@login_required
@require_GET
def document_home(request: AuthedRequest) -> HttpResponse:
    version = queries.current_version_for(request.user)
    if version is not None:
        return redirect("strategy:version-detail", number=version.number)
    require(permissions.can_read_strategy_version(request.user, approved=True))
    return render(
        request,
        "strategy/document_empty.html",
        {"tab": "document", "can_edit": permissions.can_edit_strategy(request.user)},
    )


@login_required
@require_POST
def version_start(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_edit_strategy(request.user))
    form = VersionForm(request.POST)
    title = form.data.get("title", "").strip() or "Learning strategy"
    try:
        version = actions.start_strategy(
            actor=request.user, title=title, change_summary=form.data.get("change_summary", "")
        )
    except actions.Error as error:
        messages.error(request, str(error))
        return redirect("strategy:document")
    messages.success(request, f"Started version {version.number}, a draft.")
    return redirect("strategy:version-detail", number=version.number)


@login_required
@require_GET
def version_detail(request: AuthedRequest, number: int) -> HttpResponse:
    version = queries.get_version_for(request.user, number)
    doc = content.document_for(version)
    user = request.user
    previous = queries.versions_visible_to(user).filter(number__lt=number).first()
    return render(
        request,
        "strategy/version_detail.html",
        {
            "tab": "document",
            "version": version,
            "doc": doc,
            "sections": _rendered_sections(doc),
            "previous": previous,
            "versions": queries.versions_visible_to(user)[:20],
            "can_edit": version.is_draft and permissions.can_edit_strategy(user),
            "can_approve": version.is_draft and permissions.can_approve_strategy(user),
            "can_revise": not version.is_draft
            and permissions.can_edit_strategy(user)
            and not queries.versions_visible_to(user).filter(status="draft").exists(),
            "checks_panel": checks.panel(request, version)
            if permissions.can_edit_strategy(user) or permissions.can_approve_strategy(user)
            else None,
            "exports_panel": exports.panel(request, version),
        },
    )


def _draft_for_edit(request: AuthedRequest, number: int) -> StrategyVersion:
    require(permissions.can_edit_strategy(request.user))
    version = queries.get_version_for(request.user, number)
    if not version.is_draft:
        raise PermissionDenied("Approved versions do not change; start a revision.")
    return version


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: AuthedRequest, number: int) -> HttpResponse:
    version = _draft_for_edit(request, number)
    initial = {"title": version.title, "change_summary": version.change_summary}
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_version(actor=request.user, version=version, **form.cleaned_data)
        except actions.Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved.")
            return redirect("strategy:version-detail", number=number)
    return render(
        request, "strategy/version_edit.html", {"tab": "document", "form": form, "version": version}
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: AuthedRequest, number: int, key: str) -> HttpResponse:
    version = _draft_for_edit(request, number)
    section = queries.get_section(version, key)
    form = SectionForm(
        request.POST or None,
        initial={"narrative": section.narrative, "updated_at": section.updated_at.isoformat()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_section(
                actor=request.user,
                section=section,
                narrative=form.cleaned_data["narrative"],
                expected_updated_at=form.cleaned_data["updated_at"],
            )
        except actions.Error as error:
            form.add_error("narrative", str(error))
        else:
            messages.success(request, f"Saved “{section.get_key_display()}”.")
            url = redirect("strategy:version-detail", number=number)
            url["Location"] += f"#section-{key}"
            return url
    keys = list(SectionKey.values)
    position = keys.index(key)
    return render(
        request,
        "strategy/section_edit.html",
        {
            "tab": "document",
            "form": form,
            "version": version,
            "section": section,
            "number_in_document": position + 1,
            "next_key": keys[position + 1] if position + 1 < len(keys) else None,
        },
    )


@login_required
@require_POST
def version_approve(request: AuthedRequest, number: int) -> HttpResponse:
    require(permissions.can_approve_strategy(request.user))
    version = queries.get_version_for(request.user, number)
    try:
        actions.approve_version(actor=request.user, version=version)
    except actions.Error as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {number} is approved. Its text is now fixed.")
    return redirect("strategy:version-detail", number=number)


@login_required
@require_POST
def version_discard(request: AuthedRequest, number: int) -> HttpResponse:
    require(permissions.can_approve_strategy(request.user))
    version = queries.get_version_for(request.user, number)
    try:
        actions.discard_draft(actor=request.user, version=version)
    except actions.Error as error:
        messages.error(request, str(error))
        return redirect("strategy:version-detail", number=number)
    messages.success(request, f"Discarded the draft version {number}.")
    return redirect("strategy:document")


@login_required
@require_GET
def version_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_read_strategy_version(request.user, approved=True))
    return render(
        request,
        "strategy/version_list.html",
        {
            "tab": "document",
            "versions": queries.versions_visible_to(request.user),
            "can_edit": permissions.can_edit_strategy(request.user),
        },
    )


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_GET
def version_diff(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_read_strategy_version(request.user, approved=True))
    visible = queries.versions_visible_to(request.user)
    newest = visible.values_list("number", flat=True).first()
    new_number = _number(request.GET.get("new")) or newest
    if new_number is None:
        return redirect("strategy:document")
    new = queries.get_version_for(request.user, new_number)
    old_number = _number(request.GET.get("old"))
    old = (
        queries.get_version_for(request.user, old_number)
        if old_number is not None
        else visible.filter(number__lt=new.number).first()
    )
    diff = (
        document.diff_documents(content.document_for(old), content.document_for(new))
        if old is not None
        else []
    )
    return render(
        request,
        "strategy/version_diff.html",
        {
            "tab": "document",
            "old": old,
            "new": new,
            "diff": diff,
            "changed": sum(1 for d in diff if d.changed),
            "versions": visible,
        },
    )
