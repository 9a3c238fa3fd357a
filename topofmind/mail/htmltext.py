"""HTML mail bodies turned into readable plain text (stdlib ``html.parser``).

Mail HTML is table soup: block elements become line breaks, ``<br>`` a newline, list items
a dash, link targets are dropped (their text stays), and ``<script>``/``<style>``/``<head>``
vanish. Quoted replies (``<blockquote>``) get a leading ``> `` so the classifier can tell
a quote from the new text, as it does for plain-text replies. Never raises on bad HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset({
    "p", "div", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section",
    "article", "header", "footer", "blockquote", "pre", "hr", "center", "address", "dl", "dt",
    "dd", "form", "main", "nav", "aside", "title",
})
_SKIP = frozenset({"script", "style", "head", "noscript", "template", "svg"})
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"\s+")


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.quote = 0
        self.at_line_start = True

    def _newline(self) -> None:
        self.out.append("\n")
        self.at_line_start = True

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._newline()
        elif tag == "li":
            self._newline()
            self._emit("- ")
        elif tag == "blockquote":
            self._newline()
            self.quote += 1
        elif tag in _BLOCK:
            self._newline()
        elif tag in _CELL:
            self.out.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skip:
                self._emit(alt.strip() + " ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self._newline()
        elif tag in _BLOCK or tag == "li":
            self._newline()

    def _emit(self, text: str) -> None:
        if self.at_line_start and self.quote:
            self.out.append("> " * self.quote)
        self.out.append(text)
        self.at_line_start = False

    def handle_data(self, data):
        if self.skip:
            return
        data = _SPACES.sub(" ", data)
        if self.at_line_start:
            data = data.lstrip()
        if data:
            self._emit(data)


_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_TRAILING = re.compile(r"[ \t]+\n")


def html_to_text(html: str) -> str:
    """Readable text from an HTML body; the empty string when there is none."""
    if not html:
        return ""
    builder = _TextBuilder()
    try:
        builder.feed(html)
        builder.close()
    except Exception:  # html.parser is lenient; this guards against pathological input only
        pass
    text = "".join(builder.out).replace("\xa0", " ")
    text = _TRAILING.sub("\n", text)
    text = _BLANKS.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.strip().split("\n"))
