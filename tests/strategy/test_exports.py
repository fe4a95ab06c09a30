"""Strategy exports: PDF, DOCX and Markdown files, the one-page summary, background runs."""

from __future__ import annotations

import builtins
import io
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mainspring.strategy import actions, content, export_actions, exports
from mainspring.strategy.document import Chart, Document, Table
from mainspring.strategy.models import (
    ExportStatus,
    Initiative,
    Milestone,
    Observation,
    StrategyExport,
    StrategyVersion,
)
from mainspring.strategy.views import exports as export_views
from tests.conftest import Cast

NARRATIVE = """We serve the business goals below.

## Why now

Incidents cost **a lot** and *rising*; see the numbers.

- First point
- Second point

1. Step one
2. Step two
"""


@pytest.fixture
def version(cast: Cast) -> StrategyVersion:
    """A draft with a narrative in every section, goals, three charted KPIs and a plan."""
    kpis = []
    for i, code in enumerate(("INC", "OTD", "CSAT")):
        kpi = actions.create_kpi(
            actor=None,
            code=code,
            name=f"{code} rate",
            unit="%",
            baseline=Decimal(50 + i),
            target=Decimal(80 + i),
        )
        for month in range(1, 13):
            Observation.objects.create(kpi=kpi, period=date(2025, month, 1), value=50 + month + i)
        kpis.append(kpi)
    goal = actions.create_goal(
        actor=None, title="Fewer incidents", driver="pain", kpis=kpis[:2], sponsor=cast.org.olivia
    )
    actions.create_goal(actor=None, title="Happier customers", driver="gain", kpis=kpis[2:])
    need = actions.create_need(
        actor=None,
        title="Load securing",
        gap_type="skill",
        goal=goal,
        kpi=kpis[0],
        priority="high",
    )
    initiative = actions.save_initiative(
        actor=None,
        initiative=Initiative(title="Depot rollout", start_date=date(2030, 1, 1)),
        needs=[need],
    )
    actions.save_milestone(
        actor=None,
        milestone=Milestone(initiative=initiative, title="Pilot", due_date=date(2030, 3, 1)),
    )
    version = actions.start_strategy(actor=cast.leader, change_summary="First version.")
    for section in version.sections.all():
        actions.update_section(actor=cast.leader, section=section, narrative=NARRATIVE)
    return version


@pytest.fixture
def doc(version: StrategyVersion) -> Document:
    return content.document_for(version)


def pdf_pages_text(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def headings(doc: Document) -> list[str]:
    return list(exports.section_titles(doc))


# ----------------------------------------------------------------------------- PDF


@pytest.mark.pdf
def test_pdf_has_title_contents_and_every_section_in_order(doc: Document) -> None:
    # when
    rendered = exports.render_pdf_file(doc)
    # then
    texts = pdf_pages_text(rendered.content)
    assert rendered.pages == len(texts) >= 2 + len(doc.sections)  # title, contents, sections
    assert doc.organisation in texts[0]
    assert doc.title in texts[0]
    assert "Draft" in texts[0]
    assert "First version." in texts[0]
    everything = "\n".join(texts[2:])
    positions = [everything.index(h) for h in headings(doc)]
    assert positions == sorted(positions)
    contents = texts[1]
    assert "Contents" in contents
    for heading in headings(doc):
        assert heading in contents
    # Each contents line ends with the page its section starts on.
    first = next(i for i, t in enumerate(texts) if t.lstrip().startswith(headings(doc)[0]))
    line = next(x for x in contents.splitlines() if headings(doc)[0] in x)
    assert line.rstrip().endswith(str(first + 1))
    # The running footer numbers the pages.
    assert f"Page 3 of {len(texts)}" in texts[2]


@pytest.mark.pdf
def test_pdf_pages_are_not_blank(doc: Document) -> None:
    pdf = pypdfium2.PdfDocument(exports.render_pdf(doc))
    try:
        for page in pdf:
            image = page.render(scale=0.3).to_pil().convert("L")
            darkest, _ = image.getextrema()
            assert darkest < 128  # some ink on every page
    finally:
        pdf.close()


@pytest.mark.pdf
def test_pdf_reports_progress_per_chart(doc: Document) -> None:
    seen: list[tuple[int, str]] = []
    exports.render_pdf(doc, lambda percent, message: seen.append((percent, message)))
    charts = len(exports.charts_of(doc))
    assert charts == 3
    messages = [m for _, m in seen]
    assert f"Drawing chart {charts} of {charts}" in messages
    assert "Laying out page 3" in messages
    percents = [p for p, _ in seen]
    assert percents == sorted(percents)
    assert percents[-1] == 100


@pytest.mark.pdf
def test_summary_pdf_is_exactly_one_page(doc: Document) -> None:
    rendered = exports.render_pdf_file(doc, summary=True)
    assert rendered.pages == 1
    text = pdf_pages_text(rendered.content)[0]
    assert "executive summary" in text
    assert "Fewer incidents" in text
    assert "Load securing" in text


@pytest.mark.pdf
def test_summary_pdf_cuts_long_lists_to_stay_one_page(doc: Document) -> None:
    many = tuple((f"Goal {i}", "KPI", "1", "2", "3") for i in range(60))
    goals = Table(caption="Goals", columns=("Goal", "KPI", "Base", "Latest", "Target"), rows=many)
    crowded = Document(
        **{
            **{f: getattr(doc, f) for f in doc.__dataclass_fields__},
            "summary": type(doc.summary)(
                vision="Long vision. " * 200,
                goals=goals,
                priorities=goals,
                milestones=goals,
                evaluation=doc.summary.evaluation,
            ),
        }
    )
    rendered = exports.render_pdf_file(crowded, summary=True)
    assert rendered.pages == 1
    assert "more in the full strategy" in pdf_pages_text(rendered.content)[0]


def test_pdf_without_pango_fails_with_what_to_install(
    doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pango(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(exports.ExportError, match="apt-get install libpango"):
        exports.render_pdf(doc)


def test_narrative_html_escapes_raw_html_and_shifts_headings() -> None:
    html = exports.narrative_html(
        "# Title\n\n<script>alert(1)</script>\n\n| a | b |\n|--|--|\n|1|2|"
    )
    assert "<h3>Title</h3>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<table" in html


# ----------------------------------------------------------------------------- DOCX


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def test_docx_has_headings_in_order_and_a_toc_field(doc: Document) -> None:
    out = open_docx(exports.render_docx(doc))
    level_one = [p.text for p in out.paragraphs if p.style.name == "Heading 1"]
    assert level_one == headings(doc)
    body = out.element.body.xml
    assert "TOC \\o" in body
    # The static list under the TOC field names every section even before Word updates it.
    texts = [p.text for p in out.paragraphs]
    contents_at = texts.index("Contents")
    assert texts[contents_at + 2 : contents_at + 2 + len(doc.sections)] == headings(doc)


def test_docx_tables_have_repeating_header_rows(doc: Document) -> None:
    out = open_docx(exports.render_docx(doc))
    tables = [b for s in doc.sections for b in s.blocks if isinstance(b, Table) and b.rows]
    assert len(out.tables) >= len(tables)
    headers = [tuple(c.text for c in t.rows[0].cells) for t in out.tables]
    for table in tables:
        assert table.columns in headers
    assert all("w:tblHeader" in t.rows[0]._tr.xml for t in out.tables)


def test_docx_has_a_picture_and_caption_per_kpi_chart(doc: Document) -> None:
    out = open_docx(exports.render_docx(doc))
    charts = [b for s in doc.sections for b in s.blocks if isinstance(b, Chart)]
    assert len(out.inline_shapes) >= len(charts) == 3
    captions = {p.text for p in out.paragraphs if p.style.name == "Caption"}
    assert {c.caption for c in charts} <= captions


def test_docx_footer_has_a_page_field(doc: Document) -> None:
    out = open_docx(exports.render_docx(doc))
    footer = out.sections[0].footer._element.xml
    assert "PAGE" in footer
    assert "fldChar" in footer


def test_docx_narrative_keeps_emphasis_lists_and_subheadings(doc: Document) -> None:
    out = open_docx(exports.render_docx(doc))
    assert "Why now" in [p.text for p in out.paragraphs if p.style.name == "Heading 2"]
    assert "First point" in [p.text for p in out.paragraphs if p.style.name == "List Bullet"]
    assert "Step two" in [p.text for p in out.paragraphs if p.style.name == "List Number"]
    bold = [r.text for p in out.paragraphs for r in p.runs if r.bold]
    italic = [r.text for p in out.paragraphs for r in p.runs if r.italic]
    assert "a lot" in bold
    assert "rising" in italic


def test_summary_docx_has_the_summary_tables(doc: Document) -> None:
    out = open_docx(exports.render_docx(doc, summary=True))
    assert "executive summary" in out.paragraphs[1].text
    assert len(out.tables) == 3
    assert out.tables[0].rows[1].cells[0].text == "Fewer incidents"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice(doc: Document, tmp_path: Path) -> None:
    source = tmp_path / "strategy.docx"
    source.write_bytes(exports.render_docx(doc))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert len(pdf_pages_text((tmp_path / "strategy.pdf").read_bytes())) >= 3


# ----------------------------------------------------------------------------- Markdown


def test_markdown_has_headings_and_tables(doc: Document) -> None:
    text = exports.render_markdown(doc).decode()
    assert text.startswith(f"# {doc.title}")
    for heading in headings(doc):
        assert f"## {heading}" in text
    assert "| Goal | Driver | Sponsor | Horizon | KPIs |" in text


def test_summary_markdown_is_the_summary(doc: Document) -> None:
    text = exports.render_markdown(doc, summary=True).decode()
    assert "executive summary" in text
    assert "## How we will know" in text


# ----------------------------------------------------------------------------- background, web


def start(
    client: Client, version: StrategyVersion, fmt: str, *, htmx: bool = False, **data: Any
) -> Any:
    url = reverse("strategy:export-start", kwargs={"number": version.number})
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, {"format": fmt, **data}, headers=headers)


def test_leader_exports_in_the_background_and_downloads_the_file(
    cast: Cast, version: StrategyVersion, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client.force_login(cast.leader)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, version, "docx")
    # then
    export = StrategyExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy:export-detail", kwargs={"pk": export.pk})
    assert export.status == ExportStatus.DONE
    assert export.progress == 100
    assert export.size > 10_000
    assert export.finished_at is not None
    download = client.get(reverse("strategy:export-download", kwargs={"pk": export.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == exports.CONTENT_TYPES["docx"]
    assert 'filename="acme-learning-strategy-v1.docx"' in download["Content-Disposition"]
    data = download.getvalue()
    assert len(data) == export.size
    assert open_docx(data).paragraphs


@pytest.mark.pdf
def test_pdf_export_records_its_pages(
    cast: Cast, version: StrategyVersion, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.executive)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, version, "pdf", summary="1")
    export = StrategyExport.objects.get()
    assert export.status == ExportStatus.DONE
    assert export.summary
    assert export.pages == 1
    assert export.message == "Done: 1 pages"
    page = client.get(reverse("strategy:export-detail", kwargs={"pk": export.pk}))
    assert b"1 page" in page.content
    assert b"hx-trigger" not in page.content


def test_htmx_start_returns_the_panel_with_the_running_export(
    cast: Cast, version: StrategyVersion, client: Client
) -> None:
    # Without running on-commit callbacks the task never runs: the export stays queued.
    client.force_login(cast.staff)
    response = start(client, version, "md", htmx=True)
    assert response.status_code == 200
    body = response.content.decode()
    export = StrategyExport.objects.get()
    assert export.status == ExportStatus.QUEUED
    assert 'id="exports-panel"' in body
    assert "<html" not in body
    assert reverse("strategy:export-detail", kwargs={"pk": export.pk}) in body
    assert 'hx-trigger="every 1s"' in body


def test_status_fragment_polls_while_running_and_stops_when_done(
    cast: Cast, version: StrategyVersion, client: Client
) -> None:
    client.force_login(cast.leader)
    export = export_actions.start_export(actor=cast.leader, version=version, format="md")
    url = reverse("strategy:export-detail", kwargs={"pk": export.pk})
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert "Waiting for a worker" in running
    export_actions.run_export(export.pk)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert reverse("strategy:export-download", kwargs={"pk": export.pk}) in done


def test_unknown_format_is_refused_with_a_message(
    cast: Cast, version: StrategyVersion, client: Client
) -> None:
    client.force_login(cast.leader)
    response = start(client, version, "xls", htmx=True)
    assert "Choose Word, PDF or Markdown." in response.content.decode()
    assert not StrategyExport.objects.exists()


def test_stakeholder_cannot_export_a_draft(
    cast: Cast, version: StrategyVersion, client: Client
) -> None:
    client.force_login(cast.stakeholder)
    assert start(client, version, "pdf").status_code == 404
    client.force_login(cast.learner)
    assert start(client, version, "pdf").status_code == 403
    assert not StrategyExport.objects.exists()


def test_stakeholder_exports_an_approved_version(
    cast: Cast, version: StrategyVersion, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    actions.approve_version(actor=cast.leader, version=version)
    client.force_login(cast.stakeholder)
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, version, "md")
    assert response.status_code == 302
    assert StrategyExport.objects.get().status == ExportStatus.DONE


def test_approved_version_reuses_its_finished_file(
    cast: Cast, version: StrategyVersion, django_capture_on_commit_callbacks: Any
) -> None:
    approved = actions.approve_version(actor=cast.leader, version=version)
    with django_capture_on_commit_callbacks(execute=True):
        first = export_actions.start_export(actor=cast.leader, version=approved, format="docx")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = export_actions.start_export(actor=cast.staff, version=approved, format="docx")
    assert again.pk == first.pk
    assert not callbacks
    assert StrategyExport.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        summary = export_actions.start_export(
            actor=cast.staff, version=approved, format="docx", summary=True
        )
    assert summary.pk != first.pk


def test_draft_builds_anew_and_keeps_the_newest_files(
    cast: Cast, version: StrategyVersion, django_capture_on_commit_callbacks: Any
) -> None:
    made, names = [], []
    for _ in range(export_actions.KEEP_DRAFT_FILES + 2):
        with django_capture_on_commit_callbacks(execute=True):
            export = export_actions.start_export(actor=cast.leader, version=version, format="md")
        made.append(export.pk)
        names.append(StrategyExport.objects.get(pk=export.pk).file.name)
    kept = list(StrategyExport.objects.order_by("id").values_list("pk", flat=True))
    assert kept == made[-export_actions.KEEP_DRAFT_FILES :]
    assert len(set(names)) == len(names)  # each request built its own file
    storage = StrategyExport._meta.get_field("file").storage
    assert not storage.exists(names[0])
    assert storage.exists(names[-1])


def test_running_an_export_twice_builds_it_once(cast: Cast, version: StrategyVersion) -> None:
    export = export_actions.start_export(actor=cast.leader, version=version, format="md")
    done = export_actions.run_export(export.pk)
    again = export_actions.run_export(export.pk)
    assert again.file.name == done.file.name
    assert again.finished_at == done.finished_at


def test_panel_reads_the_exports_in_one_query(
    cast: Cast, version: StrategyVersion, rf: Any, django_assert_num_queries: Any
) -> None:
    for fmt in ("md", "pdf", "docx", "md"):
        export_actions.start_export(actor=cast.leader, version=version, format=fmt)
    request = rf.get("/")
    request.user = cast.leader
    with django_assert_num_queries(1):
        panel = export_views.panel(request, version)
    assert len(panel["exports"]) == 4


def test_version_page_shows_the_export_panel(
    cast: Cast, version: StrategyVersion, client: Client
) -> None:
    client.force_login(cast.leader)
    page = client.get(reverse("strategy:version-detail", kwargs={"number": version.number}))
    body = page.content.decode()
    assert reverse("strategy:export-start", kwargs={"number": version.number}) in body
    assert "No files yet" in body


@pytest.mark.pdf
def test_summary_vision_keeps_its_emphasis_without_asterisks(doc: Document) -> None:
    # given a vision whose first paragraph uses Markdown emphasis
    emphatic = Document(
        **{
            **{f: getattr(doc, f) for f in doc.__dataclass_fields__},
            "summary": type(doc.summary)(
                vision="Move **fewer incidents** and *happier* customers.",
                goals=doc.summary.goals,
                priorities=doc.summary.priorities,
                milestones=doc.summary.milestones,
                evaluation=doc.summary.evaluation,
            ),
        }
    )
    # when the summary is rendered
    text = pdf_pages_text(exports.render_pdf_file(emphatic, summary=True).content)[0]
    word = docx.Document(io.BytesIO(exports.render_docx(emphatic, summary=True)))
    # then the words are there and the Markdown marks are not
    assert "Move fewer incidents and happier customers." in " ".join(text.split())
    assert "**" not in text
    bold = [r.text for p in word.paragraphs for r in p.runs if r.bold]
    assert "fewer incidents" in bold


def test_discarding_a_draft_deletes_its_exported_files(
    cast: Cast, version: StrategyVersion, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.leader)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, version, "md")
    export = StrategyExport.objects.get()
    path = Path(export.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.discard_draft(actor=cast.leader, version=version)
    assert not StrategyExport.objects.exists()
    assert not path.exists()


def test_an_export_whose_worker_died_says_so_and_stops_polling(
    cast: Cast, version: StrategyVersion, client: Client
) -> None:
    # given an export claimed by a worker an hour ago and never finished
    export = StrategyExport.objects.create(
        version=version, format="pdf", status=ExportStatus.RUNNING, progress=40
    )
    StrategyExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(cast.leader)
    # when its status is polled
    response = client.get(
        reverse("strategy:export-detail", kwargs={"pk": export.pk}), headers={"HX-Request": "true"}
    )
    # then it reads as stopped, and the fragment no longer asks to be polled
    assert "stopped without finishing" in response.text
    assert "hx-trigger" not in response.text
