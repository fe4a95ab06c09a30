"""A built :class:`~mainspring.reports.queries.Report` as a file: PDF (WeasyPrint) or XLSX.

Pure rendering: the report's values in, bytes out. The PDF is A4 landscape, one or two
pages for the summary and operations reports, from the same template partial the page
uses, so screen and paper agree. WeasyPrint is imported on use, as in
:mod:`mainspring.strategy.exports` (it needs the system Pango library; without it only
the PDF fails, with a message saying what to install).

The XLSX holds one sheet per report: numbers as numbers with number formats (percent
columns as fractions formatted "0%"), the column header row frozen, empty cells with
their reason in a comment column, and the interpretation at the bottom.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from mainspring.reports.measures import Unit
from mainspring.reports.queries import COLUMNS, Report, ReportRow

PANGO_MISSING = (
    "PDF export needs the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {
    Unit.COUNT: "#,##0",
    Unit.MONEY: "#,##0",
    Unit.HOURS: "#,##0",
    Unit.PERCENT: "0.0",
    Unit.SCORE: "0.0",
    Unit.KPI: "#,##0.00",
}


class ExportError(Exception):
    """An export that cannot be made, with a message a person can act on."""


def filename(report: Report, extension: str) -> str:
    """E.g. "summary-report-2026-10.pdf"."""
    return f"{report.kind}-report-{report.year}-{report.month:02d}.{extension}"


def render_html(report: Report) -> str:
    """The report as print-ready HTML (A4 landscape) for WeasyPrint."""
    return render_to_string(
        "reports/report_print.html", {"report": report, "columns": COLUMNS, "now": timezone.now()}
    )


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes.

    Raises:
        ExportError: when WeasyPrint cannot load (no Pango on this machine).
    """
    # WeasyPrint logs each step at INFO (its first import too); keep them out of our logs.
    progress = logging.getLogger("weasyprint.progress")
    propagate, progress.propagate = progress.propagate, False
    try:
        try:
            import weasyprint  # noqa: PLC0415  (needs system Pango; see the module docstring)
        except OSError as error:
            raise ExportError(PANGO_MISSING) from error
        content: bytes = weasyprint.HTML(string=render_html(report)).write_pdf()
    finally:
        progress.propagate = propagate
    return content


def _row_values(row: ReportRow) -> list[Any]:
    line = row.line
    pct = [None if v is None else v / 100 for v in (line.ytd_pct, line.forecast_pct)]
    return [line.last_year, line.plan, line.ytd, pct[0], line.forecast, pct[1]]


def render_xlsx(report: Report) -> bytes:
    """The report as an XLSX workbook with one sheet."""
    from openpyxl import Workbook  # noqa: PLC0415  (heavy, import on use)
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = report.title[:31]
    bold = Font(bold=True)
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{report.period_label} · {report.audience}"])
    header = ["Measure", "Unit", *(label for _, label in COLUMNS), "Forecast rule", "Notes"]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="E9ECEF")
    sheet.freeze_panes = f"A{header_row + 1}"
    for block in report.blocks:
        sheet.append([block.title + (f" ({block.subtitle})" if block.subtitle else "")])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        if not block.rows:
            sheet.append([block.empty or "No measures."])
        for row in block.rows:
            reasons = "; ".join(
                f"{label}: {row.line.reasons[key]}"
                for key, label in COLUMNS
                if key in row.line.reasons
            )
            sheet.append([row.label, row.unit, *_row_values(row), row.forecast_rule, reasons])
            number = NUMBER_FORMATS[row.measure.unit]
            for column in (3, 4, 5, 7):
                sheet.cell(row=sheet.max_row, column=column).number_format = number
            for column in (6, 8):
                sheet.cell(row=sheet.max_row, column=column).number_format = "0%"
    sheet.append([])
    sheet.append(["Interpretation"])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    note = report.note.text if report.note and report.note.text else "No interpretation yet."
    sheet.append([note])
    sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True)
    sheet.append([])
    for rule in report.rules:
        sheet.append([rule])
    widths = [44, 12, 16, 14, 14, 14, 14, 16, 40, 60]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
