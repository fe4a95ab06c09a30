"""The leader's narrative is Markdown; this turns it into safe HTML for pages and PDFs."""

from __future__ import annotations

from markdown_it import MarkdownIt

# CommonMark with tables and strikethrough; raw HTML stays escaped text, and links
# with scripts are refused by markdown-it's own URL validation.
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_PARSER.enable(["table", "strikethrough"])


def to_html(text: str) -> str:
    """Render Markdown to HTML; raw HTML in the text is shown, not run."""
    html: str = _PARSER.render(text or "")
    return html


def parser() -> MarkdownIt:
    """The configured parser, for renderers that walk the tokens (DOCX)."""
    return _PARSER
