"""Turn a strategy :class:`~mainspring.strategy.document.Document` into files people open.

Three formats, each for the whole document or the one-page executive summary:

- PDF through WeasyPrint from print-ready HTML (:func:`render_html`): title page, a
  table of contents whose page numbers WeasyPrint fills in with ``target-counter``,
  numbered sections, table headers repeated on every page, KPI charts as SVG, running
  header and page numbers from CSS ``@page`` rules, A4.
- DOCX through python-docx: title page, a real Word TOC field (Word and LibreOffice fill
  it when the file is opened; a static list of sections sits under it so it is never
  blank), Heading 1/2 styles, narrative converted from Markdown tokens, Word tables with
  a repeating header row, charts as PNG pictures with captions, a PAGE field in the footer.
- Markdown, from :mod:`mainspring.strategy.document`.

Pure rendering: plain values in, bytes out, no database. WeasyPrint and matplotlib are
imported inside the functions that need them: WeasyPrint needs the system Pango library,
and an install without it must still start (only PDF export then fails, with a message
that says what to install).
"""

from __future__ import annotations

import base64
import io
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING, Any

from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mainspring.strategy import markdown
from mainspring.strategy.document import (
    Block,
    Chart,
    Document,
    Note,
    Section,
    Table,
    number,
    summary_markdown,
    to_markdown,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

Progress = Callable[[int, str], None]
"""Called with a percentage (0-100) and a message such as "Drawing chart 3 of 7"."""

PANGO_MISSING = (
    "PDF export needs the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}
# The executive summary must fit one page: these are the most rows each table may show,
# tried largest first until the page holds them all.
SUMMARY_LIMITS = ((8, 6, 6), (6, 5, 5), (5, 4, 4), (4, 3, 3), (3, 3, 2), (2, 2, 2))
SUMMARY_VISION_CHARS = 700


class ExportError(Exception):
    """An export that cannot be made, with a message a person can act on."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished file: its bytes and, for PDFs, how many pages it has."""

    content: bytes
    pages: int | None = None


def _noop(percent: int, message: str) -> None:
    """Progress sink when nobody listens."""


# ----------------------------------------------------------------------------- Markdown


def _markdown_parser() -> MarkdownIt:
    # The same parser as the web pages: raw HTML in a narrative stays text.
    return markdown.parser()


def narrative_tokens(text: str) -> list[Token]:
    """Parse a narrative into markdown-it block tokens."""
    return _markdown_parser().parse(text)


def narrative_html(text: str, *, shift: int = 2) -> str:
    """Render a narrative as HTML, its headings pushed ``shift`` levels down.

    Section titles are the document's ``h2``; a leader's ``# Heading`` inside a
    section must read as a sub-heading of it, not as a new chapter.
    """
    parser = _markdown_parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + shift, 6)
            token.tag = f"h{level}"
        if token.type == "table_open":
            token.attrSet("class", "narrative-table")
    return str(parser.renderer.render(tokens, parser.options, {}))


# ----------------------------------------------------------------------------- charts


def _draw(chart: Chart, fmt: str, dpi: int) -> bytes:
    """Draw a chart with matplotlib: the line, baseline and target, labelled axes."""
    from matplotlib import rc_context  # noqa: PLC0415  (slow import)

    # SVG text stays text (not glyph outlines): half the size, twice as fast in WeasyPrint.
    with rc_context({"svg.fonttype": "none"}):
        return _figure(chart, fmt, dpi)


def _figure(chart: Chart, fmt: str, dpi: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415  (slow import)
    from matplotlib.figure import Figure  # noqa: PLC0415  (slow import)

    # An object-oriented Figure, not pyplot: no global state, safe in a threaded worker.
    figure = Figure(figsize=(6.4, 2.6), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [label for label, _ in chart.series]
    values = [value for _, value in chart.series]
    if values:
        axes.plot(range(len(values)), values, color="#0d6efd", marker="o", markersize=3, lw=2)
        step = max(1, len(labels) // 8)
        ticks = list(range(0, len(labels), step))
        axes.set_xticks(ticks, [labels[i] for i in ticks], fontsize=7)
    else:
        axes.text(0.5, 0.5, "No values yet", ha="center", va="center", color="#666")
        axes.set_xticks([])
    for name, level, colour in (
        ("Baseline", chart.baseline, "#6c757d"),
        ("Target", chart.target, "#198754"),
    ):
        if level is not None:
            axes.axhline(level, color=colour, linestyle="--", lw=1.2)
            axes.annotate(
                f"{name} {number(level)}",
                xy=(1, level),
                xycoords=("axes fraction", "data"),
                ha="right",
                va="bottom",
                fontsize=7,
                color=colour,
            )
    axes.set_title(chart.title, fontsize=9, loc="left")
    if chart.unit:
        axes.set_ylabel(chart.unit, fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    # No date in the SVG metadata, so the same chart draws to the same bytes.
    metadata = {"Date": None} if fmt == "svg" else None
    figure.savefig(out, format=fmt, metadata=metadata)
    return out.getvalue()


def chart_png(chart: Chart, *, dpi: int = 150) -> bytes:
    """Draw a chart as PNG (for Word)."""
    return _draw(chart, "png", dpi)


def chart_svg(chart: Chart) -> bytes:
    """Draw a chart as SVG (for the PDF): the same drawing as :func:`chart_png`, vector."""
    return _draw(chart, "svg", 72)


def chart_data_uri(chart: Chart) -> str:
    """The chart's SVG as a ``data:`` URI for an ``<img>`` (WeasyPrint fetches nothing)."""
    return "data:image/svg+xml;base64," + base64.b64encode(chart_svg(chart)).decode("ascii")


def charts_of(doc: Document) -> list[Chart]:
    """Every chart of the document, in reading order."""
    return [b for s in doc.sections for b in s.blocks if isinstance(b, Chart)]


# ----------------------------------------------------------------------------- summary


def _cut(table: Table, rows: int) -> Table:
    if len(table.rows) <= rows:
        return table
    more = len(table.rows) - rows
    return replace(
        table,
        caption=f"{table.caption} (first {rows}; {more} more in the full strategy)",
        rows=table.rows[:rows],
    )


def _clip(text: str, chars: int) -> str:
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    clipped = text[:chars].rsplit(" ", 1)[0]
    # An emphasis cut in half would print its asterisks; drop the unmatched opener.
    if clipped.count("**") % 2:
        head, _, tail = clipped.rpartition("**")
        clipped = head + tail
    return clipped + " …"


@dataclass(frozen=True, slots=True)
class _SummaryView:
    vision: str
    goals: Table
    priorities: Table
    milestones: Table
    evaluation: str


def _summary_view(doc: Document, limits: tuple[int, int, int]) -> _SummaryView:
    s = doc.summary
    goals, priorities, milestones = limits
    return _SummaryView(
        vision=_clip(s.vision, SUMMARY_VISION_CHARS),
        goals=_cut(s.goals, goals),
        priorities=_cut(s.priorities, priorities),
        milestones=_cut(s.milestones, milestones),
        evaluation=s.evaluation,
    )


# ----------------------------------------------------------------------------- HTML / PDF

CSS = """
@page {
  size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left { content: string(doctitle); font-size: 8pt; color: #666; }
  @top-right { content: string(section); font-size: 8pt; color: #666; }
  @bottom-left { content: string(docstatus); font-size: 8pt; color: #666; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt;
                  color: #666; }
}
@page :first { @top-left { content: none; } @top-right { content: none; }
               @bottom-left { content: none; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
       line-height: 1.4; color: #212529; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; break-after: avoid; }
.title-page { page: first; break-after: page; padding-top: 60mm; }
.title-page .org { font-size: 14pt; color: #555; string-set: docstatus content(); }
.title-page h1 { font-size: 28pt; margin: 4mm 0 8mm; string-set: doctitle content(); }
.title-page .meta { font-size: 11pt; }
.title-page .change { margin-top: 12mm; border-left: 3px solid #0d6efd; padding-left: 4mm; }
.toc { break-after: page; }
.toc h2 { font-size: 16pt; }
.toc ol { list-style: none; padding: 0; }
.toc li { margin: 2mm 0; }
.toc a { color: inherit; text-decoration: none; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
section.doc-section { break-before: page; }
section.doc-section > h2 { font-size: 16pt; string-set: section content();
                           border-bottom: 1px solid #ccc; padding-bottom: 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 1.2mm 1.8mm; text-align: left; vertical-align: top; }
th { background: #e9ecef; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 1.5mm; }
.empty { font-style: italic; color: #666; }
figure { margin: 3mm 0 6mm; break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 8.5pt; color: #555; }
.note { background: #f8f9fa; border-left: 3px solid #adb5bd; padding: 2mm 3mm; }
.summary { font-size: 9pt; }
.summary h1 { font-size: 17pt; margin: 0 0 1mm; }
.summary h2 { font-size: 11pt; margin: 3mm 0 1mm; }
.summary .meta { color: #555; margin: 0 0 2mm; }
.summary table { font-size: 8pt; margin-bottom: 2mm; }
.summary th, .summary td { padding: 0.8mm 1.5mm; }
"""

SUMMARY_CSS = """
@page { size: A4; margin: 14mm 14mm 14mm 14mm;
        @bottom-right { content: string(docstatus); font-size: 7pt; color: #666; } }
"""


def _html_table(table: Table) -> str:
    rows = table.rows
    if not rows:
        return (
            f'<p class="table-caption"><strong>{escape(table.caption)}</strong></p>'
            f'<p class="empty">{escape(table.empty)}</p>'
        )
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _html_chart(chart: Chart, image: str) -> str:
    return (
        f'<figure class="chart"><img alt="{escape(chart.title)}" src="{image}">'
        f"<figcaption>{escape(chart.caption)}</figcaption></figure>"
    )


def _html_block(block: Block, images: Iterator[str]) -> str:
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, Chart):
        return _html_chart(block, next(images))
    return f'<p class="note">{escape(block.text)}</p>'


def _html_section(section: Section, images: Iterator[str]) -> str:
    narrative = (
        narrative_html(section.narrative)
        if section.narrative.strip()
        else '<p class="empty">This section has no narrative yet.</p>'
    )
    blocks = "".join(_html_block(b, images) for b in section.blocks)
    return (
        f'<section class="doc-section" id="s-{section.number}">'
        f"<h2>{section.number}. {escape(section.title)}</h2>{narrative}{blocks}</section>"
    )


def _page(title: str, css: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{css}</style></head>"
        f"<body>{body}</body></html>"
    )


def render_html(
    doc: Document, *, summary: bool = False, images: Sequence[str] | None = None
) -> str:
    """Return the document (or its executive summary) as print-ready HTML for WeasyPrint.

    Args:
        doc: the strategy version.
        summary: the one-page executive summary instead of the whole document.
        images: the charts as ``data:`` URIs in reading order (:func:`chart_data_uri`);
            drawn here when not given.
    """
    if summary:
        return _summary_html(doc, SUMMARY_LIMITS[0])
    change = (
        f'<div class="change"><strong>What this version changes</strong>'
        f"<p>{escape(doc.change_summary.strip())}</p></div>"
        if doc.change_summary.strip()
        else ""
    )
    title_page = (
        '<div class="title-page">'
        f'<p class="org">{escape(doc.organisation)}</p>'
        f"<h1>{escape(doc.title)}</h1>"
        f'<p class="meta">Version {doc.version}<br>{escape(doc.status_label)}</p>'
        f"{change}</div>"
    )
    toc = (
        '<nav class="toc"><h2>Contents</h2><ol>'
        + "".join(
            f'<li><a href="#s-{s.number}">{s.number}. {escape(s.title)}</a></li>'
            for s in doc.sections
        )
        + "</ol></nav>"
    )
    pictures = iter(images if images is not None else [chart_data_uri(c) for c in charts_of(doc)])
    body = title_page + toc + "".join(_html_section(s, pictures) for s in doc.sections)
    return _page(f"{doc.title} v{doc.version}", CSS, body)


def _summary_html(doc: Document, limits: tuple[int, int, int]) -> str:
    view = _summary_view(doc, limits)
    vision = narrative_html(view.vision) if view.vision else '<p class="empty">No vision yet.</p>'
    body = (
        '<div class="summary">'
        f'<p class="meta org" style="string-set: docstatus content()">{escape(doc.organisation)}'
        f" · version {doc.version} · {escape(doc.status_label)}</p>"
        f"<h1>{escape(doc.title)}: executive summary</h1>"
        f"<h2>Vision</h2>{vision}"
        f"{_html_table(view.goals)}{_html_table(view.priorities)}{_html_table(view.milestones)}"
        f"<h2>How we will know</h2><p>{escape(view.evaluation)}</p></div>"
    )
    return _page(f"{doc.title} v{doc.version}: executive summary", CSS + SUMMARY_CSS, body)


def _weasyprint() -> Any:
    try:
        import weasyprint  # noqa: PLC0415  (needs system Pango; see the module docstring)
    except OSError as error:
        raise ExportError(PANGO_MISSING) from error
    return weasyprint


class _LayoutProgress(logging.Handler):
    """Turn WeasyPrint's "Creating layout - Page N" log lines into progress reports."""

    def __init__(self, say: Progress) -> None:
        super().__init__()
        self.say = say
        self.highest = 0  # WeasyPrint lays some pages out again (page counters); skip those

    def emit(self, record: logging.LogRecord) -> None:
        found = re.search(r"Creating layout - Page (\d+)$", record.getMessage())
        if found and int(found[1]) > self.highest:
            self.highest = page = int(found[1])
            self.say(min(90, 35 + page), f"Laying out page {page}")


@contextmanager
def _layout_progress(say: Progress) -> Iterator[None]:
    # WeasyPrint logs every step at INFO on "weasyprint.progress"; report the pages to our
    # callback and keep the rest out of the application's logs while we render.
    logger = logging.getLogger("weasyprint.progress")
    handler, propagate = _LayoutProgress(say), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _pdf(html: str, say: Progress = _noop) -> Rendered:
    with _layout_progress(say):
        weasyprint = _weasyprint()  # its first import parses the default CSS, and logs it
        rendered = weasyprint.HTML(string=html).render()
        content = rendered.write_pdf()
    return Rendered(content=content, pages=len(rendered.pages))


def render_pdf_file(
    doc: Document, *, summary: bool = False, progress: Progress | None = None
) -> Rendered:
    """Render a PDF and count its pages.

    The summary is laid out with fewer and fewer table rows until it fits one page.

    Raises:
        ExportError: when WeasyPrint cannot load (no Pango on this machine).
    """
    say = progress or _noop
    if summary:
        say(20, "Laying out the executive summary")
        result = Rendered(b"")
        for limits in SUMMARY_LIMITS:
            result = _pdf(_summary_html(doc, limits))
            if result.pages == 1:
                break
        say(100, "Done")
        return result
    charts = charts_of(doc)
    images = []
    for i, chart in enumerate(charts, start=1):
        say(5 + 25 * (i - 1) // len(charts), f"Drawing chart {i} of {len(charts)}")
        images.append(chart_data_uri(chart))
    html = render_html(doc, images=images)
    say(35, "Laying out the pages")
    result = _pdf(html, say)
    say(100, f"Done: {result.pages} pages")
    return result


def render_pdf(doc: Document, progress: Progress | None = None, *, summary: bool = False) -> bytes:
    """Render the document (or its one-page summary) as PDF bytes."""
    return render_pdf_file(doc, summary=summary, progress=progress).content


# ----------------------------------------------------------------------------- DOCX


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (``PAGE``, ``TOC ...``) that Word computes when it opens."""
    from docx.oxml import OxmlElement  # noqa: PLC0415  (python-docx loads lxml)
    from docx.oxml.ns import qn  # noqa: PLC0415

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            fld.set(qn("w:dirty"), "true")  # ask Word to update the field on open
        run._r.append(fld)
        return run

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _docx_table(out: DocxDocument, table: Table, *, font_pt: float = 8.5) -> None:
    from docx.shared import Pt  # noqa: PLC0415

    out.add_paragraph(table.caption, style="Caption")
    rows = table.rows
    if not rows:
        out.add_paragraph().add_run(table.empty).italic = True
        return
    grid = out.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, table.columns, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(font_pt)
    for row, values in zip(grid.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=False):
            cell.paragraphs[0].add_run(text).font.size = Pt(font_pt)
    out.add_paragraph()


def _inline(paragraph: Paragraph, token: Token) -> None:
    """Write an inline token's children as runs, keeping bold, italic and code."""
    bold = italic = False
    link: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind == "link_open":
            link = str(child.attrGet("href") or "")
        elif kind == "link_close":
            if link:
                paragraph.add_run(f" ({link})")
            link = None
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break() if kind == "hardbreak" else paragraph.add_run(" ")
        elif kind in ("text", "code_inline", "image"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
            if kind == "code_inline":
                run.font.name = "Courier New"


def _narrative_docx(out: DocxDocument, text: str) -> None:  # noqa: PLR0912  (one flat token switch)
    """Convert narrative Markdown into Word paragraphs, headings, lists and tables."""
    tokens = narrative_tokens(text)
    lists: list[str] = []  # "bullet" / "ordered", innermost last
    style: str | None = None
    in_table = False
    table_rows: list[list[str]] = []
    row: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            lists.append("bullet")
        elif kind == "ordered_list_open":
            lists.append("ordered")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "heading_open":
            # Section titles are Heading 1; a narrative's own headings sit below them.
            style = "Heading 2" if token.tag in ("h1", "h2") else "Heading 3"
        elif kind == "blockquote_open":
            style = "Quote"
        elif kind == "blockquote_close":
            style = None
        elif kind == "table_open":
            in_table, table_rows = True, []
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            table_rows.append(row)
        elif kind == "table_close":
            in_table = False
            if table_rows:
                columns = tuple(table_rows[0])
                body = tuple(tuple(r) for r in table_rows[1:])
                _docx_table(out, Table(caption="", columns=columns, rows=body))
        elif kind == "inline" and in_table:
            row.append(token.content)
        elif kind == "inline":
            if style is not None:
                paragraph_style = style
            elif lists:
                base = "List Bullet" if lists[-1] == "bullet" else "List Number"
                depth = min(len(lists), 3)
                paragraph_style = base if depth == 1 else f"{base} {depth}"
            else:
                paragraph_style = "Normal"
            _inline(out.add_paragraph(style=paragraph_style), token)
        elif kind == "heading_close":
            style = None
        elif kind in ("fence", "code_block"):
            out.add_paragraph().add_run(token.content.rstrip()).font.name = "Courier New"


def _footer(out: DocxDocument, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    footer = out.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(f"{text} · Page ")
    _field(paragraph, "PAGE", "1")


def _new_docx(doc: Document) -> DocxDocument:
    import docx  # noqa: PLC0415
    from docx.shared import Mm, Pt  # noqa: PLC0415

    out = docx.Document()
    section = out.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    out.styles["Normal"].font.size = Pt(10)
    out.core_properties.title = doc.title
    out.core_properties.subject = f"{doc.organisation}, version {doc.version}"
    return out


def _save(out: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def render_docx(doc: Document, progress: Progress | None = None, *, summary: bool = False) -> bytes:
    """Render the document (or its one-page summary) as a Word file."""
    if summary:
        return _summary_docx(doc)
    from docx.enum.text import WD_BREAK  # noqa: PLC0415
    from docx.shared import Inches, Pt  # noqa: PLC0415

    say = progress or _noop
    out = _new_docx(doc)
    say(5, "Writing the title page")
    out.add_paragraph(doc.organisation, style="Subtitle")
    out.add_paragraph(doc.title, style="Title")
    out.add_paragraph(f"Version {doc.version}").runs[0].font.size = Pt(12)
    out.add_paragraph(doc.status_label)
    if doc.change_summary.strip():
        out.add_paragraph("What this version changes").runs[0].bold = True
        out.add_paragraph(doc.change_summary.strip(), style="Quote")
    out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    out.add_paragraph("Contents", style="TOC Heading")
    _field(
        out.add_paragraph(),
        'TOC \\o "1-1" \\h \\z \\u',
        "Right-click and choose Update Field to show page numbers.",
    )
    for s in doc.sections:
        out.add_paragraph(f"{s.number}. {s.title}")
    _footer(out, f"{doc.title} v{doc.version}")

    charts, drawn = charts_of(doc), 0
    for i, section in enumerate(doc.sections):
        out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        say(10 + 80 * i // len(doc.sections), f"Writing section {section.number}")
        out.add_heading(f"{section.number}. {section.title}", level=1)
        if section.narrative.strip():
            _narrative_docx(out, section.narrative)
        else:
            out.add_paragraph().add_run("This section has no narrative yet.").italic = True
        for block in section.blocks:
            if isinstance(block, Table):
                _docx_table(out, block)
            elif isinstance(block, Chart):
                drawn += 1
                say(10 + 80 * i // len(doc.sections), f"Drawing chart {drawn} of {len(charts)}")
                out.add_picture(io.BytesIO(chart_png(block)), width=Inches(6.3))
                out.add_paragraph(block.caption, style="Caption")
            elif isinstance(block, Note):
                out.add_paragraph(block.text)
    say(95, "Saving the file")
    return _save(out)


def _summary_docx(doc: Document) -> bytes:
    from docx.shared import Mm, Pt  # noqa: PLC0415

    # Word lays out its own pages, so fit by construction: the tightest row limits that
    # the PDF also falls back to, small type and narrow margins.
    view = _summary_view(doc, SUMMARY_LIMITS[1])
    out = _new_docx(doc)
    section = out.sections[0]
    section.top_margin = section.bottom_margin = Mm(14)
    section.left_margin = section.right_margin = Mm(15)
    out.styles["Normal"].font.size = Pt(9)
    out.add_paragraph(
        f"{doc.organisation} · version {doc.version} · {doc.status_label}", style="Subtitle"
    )
    out.add_heading(f"{doc.title}: executive summary", level=1)
    out.add_heading("Vision", level=2)
    if view.vision:
        _narrative_docx(out, view.vision)
    else:
        out.add_paragraph("No vision written yet.")
    for table in (view.goals, view.priorities, view.milestones):
        _docx_table(out, table, font_pt=8)
    out.add_heading("How we will know", level=2)
    out.add_paragraph(view.evaluation)
    return _save(out)


# ----------------------------------------------------------------------------- Markdown


def render_markdown(doc: Document, *, summary: bool = False) -> bytes:
    """Render the document (or its summary) as UTF-8 Markdown."""
    return (summary_markdown(doc) if summary else to_markdown(doc)).encode()


# ----------------------------------------------------------------------------- any format


def render(
    doc: Document, fmt: str, *, summary: bool = False, progress: Progress | None = None
) -> Rendered:
    """Render ``doc`` in ``fmt`` ("pdf", "docx" or "md").

    Raises:
        ExportError: for an unknown format, or a PDF without Pango on this machine.
    """
    if fmt == "pdf":
        return render_pdf_file(doc, summary=summary, progress=progress)
    if fmt == "docx":
        return Rendered(render_docx(doc, progress, summary=summary))
    if fmt == "md":
        return Rendered(render_markdown(doc, summary=summary))
    raise ExportError(f"'{fmt}' is not an export format: choose docx, pdf or md.")


def section_titles(doc: Document) -> Iterator[str]:
    """The numbered section headings, as every format writes them."""
    return (f"{s.number}. {s.title}" for s in doc.sections)


def filename_stem(parts: Sequence[str]) -> str:
    """Join words into a lowercase, hyphenated ASCII file name stem."""
    return slugify(" ".join(parts)) or "strategy"
