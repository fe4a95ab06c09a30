from __future__ import annotations

import io

import docx
import pypdfium2
import pytest

from mainspring.cli import main
from mainspring.strategy import actions


def test_export_without_a_strategy_says_so(org, tmp_path, capsys):
    assert main(["export", "strategy", "--format", "md", "--out", str(tmp_path / "s.md")]) == 2
    assert "There is no strategy yet" in capsys.readouterr().out
    assert not (tmp_path / "s.md").exists()


def test_export_defaults_to_the_latest_approved_version(cast, tmp_path, capsys):
    # given: v1 approved, v2 a draft with another title
    v1 = actions.start_strategy(actor=cast.leader, title="Approved plan")
    actions.approve_version(actor=cast.leader, version=v1)
    v2 = actions.start_strategy(actor=cast.leader)
    actions.update_version(actor=cast.leader, version=v2, title="Draft plan", change_summary="")
    out = tmp_path / "strategy.docx"
    # when
    assert main(["export", "strategy", "--format", "docx", "--out", str(out)]) == 0
    # then
    captured = capsys.readouterr()
    assert "version 1 (Approved)" in captured.out
    assert f"Wrote {out} (" in captured.out
    assert "Writing section 9" in captured.err
    paragraphs = [p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs]
    assert "Approved plan" in paragraphs
    assert "Draft plan" not in paragraphs


@pytest.mark.pdf
def test_export_of_a_named_version_as_a_one_page_pdf(cast, tmp_path, capsys):
    actions.start_strategy(actor=cast.leader)
    out = tmp_path / "summary.pdf"
    args = ["export", "strategy", "--version", "1", "--format", "pdf", "--summary"]
    assert main([*args, "--out", str(out)]) == 0
    assert "1 page)" in capsys.readouterr().out
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == 1


def test_export_of_a_missing_version_lists_the_versions(cast, tmp_path, capsys):
    actions.start_strategy(actor=cast.leader)
    out = tmp_path / "s.md"
    assert main(["export", "strategy", "--version", "7", "--format", "md", "--out", str(out)]) == 2
    assert "no version 7 of the strategy (versions: 1)" in capsys.readouterr().out


def test_export_into_a_missing_folder_is_refused(cast, tmp_path, capsys):
    out = tmp_path / "nowhere" / "s.md"
    assert main(["export", "strategy", "--format", "md", "--out", str(out)]) == 2
    assert "no such folder" in capsys.readouterr().out
