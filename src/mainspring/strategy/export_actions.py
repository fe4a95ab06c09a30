"""Exports of the strategy document: start one, build it in the background, keep the files.

An export is a :class:`~mainspring.strategy.models.StrategyExport` row: queued by
:func:`start_export`, claimed and built by :func:`run_export` (from the task in
:mod:`mainspring.strategy.tasks`), which writes its progress to the row as it goes so
the page can poll it. An approved version cannot change, so its finished files are
reused; a draft reads live data, so each request builds anew and only the newest few
files per kind are kept.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mainspring.org.models import User
from mainspring.strategy import content, exports
from mainspring.strategy.actions import Error
from mainspring.strategy.models import (
    ExportFormat,
    ExportStatus,
    StrategyExport,
    StrategyStatus,
    StrategyVersion,
)

log = logging.getLogger(__name__)

KEEP_DRAFT_FILES = 3  # per version, format and kind (document or summary)
EXTENSIONS = {ExportFormat.DOCX: "docx", ExportFormat.PDF: "pdf", ExportFormat.MARKDOWN: "md"}


def export_filename(export: StrategyExport) -> str:
    """The name a downloaded file gets, e.g. ``northwind-freight-learning-strategy-v2.docx``."""
    version = export.version
    organisation = content.organisation_name()
    # "Northwind Freight learning strategy" already says whose it is.
    named = exports.filename_stem([version.title]).startswith(exports.filename_stem([organisation]))
    parts = [*([] if named else [organisation]), version.title, f"v{version.number}"]
    if export.summary:
        parts.append("summary")
    return f"{exports.filename_stem(parts)}.{EXTENSIONS[ExportFormat(export.format)]}"


def reusable_export(version: StrategyVersion, fmt: str, summary: bool) -> StrategyExport | None:
    """The finished file of an approved version in this format, if one is on disk."""
    if version.is_draft:
        return None
    found = (
        StrategyExport.objects.filter(
            version=version, format=fmt, summary=summary, status=ExportStatus.DONE
        )
        .exclude(file="")
        .first()
    )
    if found is not None and found.file.storage.exists(found.file.name):
        return found
    return None


def start_export(
    *, actor: User | None, version: StrategyVersion, format: str, summary: bool = False
) -> StrategyExport:
    """Queue an export of a version, or return the approved version's finished one.

    Raises:
        Error: when the format is not one Mainspring writes.
    """
    if format not in ExportFormat.values:
        raise Error(f"'{format}' is not an export format: choose Word, PDF or Markdown.")
    reused = reusable_export(version, format, summary)
    if reused is not None:
        return reused
    with transaction.atomic():
        export = StrategyExport.objects.create(
            version=version,
            format=format,
            summary=summary,
            created_by=actor,
            message="Waiting for a worker",
        )
        from mainspring.strategy.tasks import run_export_task  # noqa: PLC0415  (tasks import us)

        export_id = export.pk
        transaction.on_commit(lambda: run_export_task.enqueue(export_id))
    log.info("strategy export #%s queued by %s", export.pk, actor)
    return export


def _progress(export_id: int) -> exports.Progress:
    last = {"percent": -1}

    def report(percent: int, message: str) -> None:
        percent = max(0, min(100, percent))
        if percent == last["percent"] and not message.startswith("Drawing"):
            return
        last["percent"] = percent
        # Outside any transaction on purpose: the polling page must see it at once.
        StrategyExport.objects.filter(pk=export_id).update(progress=percent, message=message)

    return report


def run_export(export_id: int) -> StrategyExport:
    """Build a queued export's file; the claim makes a second run of the same task a no-op."""
    claimed = StrategyExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=1, message="Reading the strategy"
    )
    export = StrategyExport.objects.select_related("version").get(pk=export_id)
    if claimed != 1:
        return export
    try:
        doc = content.document_for(export.version)
        rendered = exports.render(
            doc, export.format, summary=export.summary, progress=_progress(export_id)
        )
    except exports.ExportError as error:
        return _fail(export, str(error))
    except Exception:  # a background job must record its failure, whatever it was
        log.exception("strategy export #%s failed", export_id)
        return _fail(export, "The export failed unexpectedly. Try again, or tell your admin.")
    export.file.save(export_filename(export), ContentFile(rendered.content), save=False)
    export.size = len(rendered.content)
    export.pages = rendered.pages
    export.status, export.progress = ExportStatus.DONE, 100
    export.message = f"Done: {rendered.pages} pages" if rendered.pages else "Done"
    export.finished_at = timezone.now()
    export.save()
    _prune(export)
    return export


def _fail(export: StrategyExport, message: str) -> StrategyExport:
    export.status, export.message = ExportStatus.FAILED, message
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "message", "finished_at"])
    return export


def _prune(export: StrategyExport) -> None:
    """Keep only the newest few files of a draft's kind; an approved version keeps its one."""
    keep = KEEP_DRAFT_FILES if export.version.is_draft else 1
    older = StrategyExport.objects.filter(
        version=export.version,
        format=export.format,
        summary=export.summary,
        status__in=[ExportStatus.DONE, ExportStatus.FAILED],
    ).order_by("-created_at", "-id")[keep:]
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()


def default_version() -> StrategyVersion | None:
    """The version an export means when none is named: the latest approved, else the draft."""
    approved = StrategyVersion.objects.filter(status=StrategyStatus.APPROVED).order_by("-number")
    return approved.first() or StrategyVersion.objects.order_by("-number").first()


def run_now(
    *,
    actor: User | None,
    version: StrategyVersion,
    format: str,
    summary: bool = False,
    progress: exports.Progress | None = None,
) -> exports.Rendered:
    """Render an export in the foreground (the CLI), without storing a row or a file.

    Raises:
        Error: for an unknown format.
        exports.ExportError: when the file cannot be made (no Pango for PDF).
    """
    if format not in ExportFormat.values:
        raise Error(f"'{format}' is not an export format: choose docx, pdf or md.")
    log.info("strategy v%s exported as %s by %s", version.number, format, actor or "the CLI")
    return exports.render(content.document_for(version), format, summary=summary, progress=progress)
