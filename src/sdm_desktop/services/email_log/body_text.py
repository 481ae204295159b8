"""An email body as plain text: HTML converted with the standard library's parser, and the quoted earlier
messages and the signature trimmed where the message marks them clearly (a "-- " line, an "On ... wrote:"
line, Outlook's "-----Original Message-----" or its "From: ... Sent: ..." block, or a run of "> " lines)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr",
          "ul", "ol", "pre", "section", "article", "header", "footer"}
SKIPPED = {"script", "style", "head", "title", "xml"}
MAX_HTML = 2_000_000            # characters of HTML converted; the rest of a huge body is not read


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.quoted = False

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "blockquote" or (tag == "div" and _is_quote_marker(dict(attrs))):
            self.parts.append("\n\x00QUOTE\x00\n")
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def _is_quote_marker(attrs: dict) -> bool:
    """Outlook's divider above the message replied to, Gmail's quote block, Apple Mail's."""
    ident = (attrs.get("id") or "") + " " + (attrs.get("class") or "")
    return any(mark in ident for mark in ("divRplyFwdMsg", "gmail_quote", "appendonsend", "moz-cite-prefix"))


def html_to_text(html: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(html[:MAX_HTML])
        parser.close()
    except (AssertionError, ValueError):      # the parser gives up on some broken markup: keep what it read
        pass
    text = "".join(parser.parts).replace("\xa0", " ")
    head, _marker, _rest = text.partition("\x00QUOTE\x00")
    return _tidy(head)


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


QUOTE_HEADERS = [
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}$", re.I),
    re.compile(r"^On .{4,200}wrote:$", re.I),
    re.compile(r"^_{10,}$"),                          # Outlook's rule above "From: ... Sent: ..."
]
OUTLOOK_BLOCK = re.compile(r"^From: .+$")
SENT_LINE = re.compile(r"^(Sent|Date): .+$")


def trim_reply(text: str) -> str:
    """The new part of a message: up to the first clearly marked quote of an earlier one, without the
    signature after a "-- " line."""
    lines = _tidy(text).split("\n")
    end = len(lines)
    for index in range(len(lines)):
        if _starts_quote(lines, index):
            end = index
            break
    lines = lines[:end]
    for index, line in enumerate(lines):
        if line in ("--", "-- "):
            lines = lines[:index]
            break
    kept = _tidy("\n".join(lines))
    return kept or _tidy(text)                  # a message that is all quote keeps its text


def _starts_quote(lines: list[str], index: int) -> bool:
    line = lines[index]
    if any(pattern.match(line) for pattern in QUOTE_HEADERS):
        return True
    if OUTLOOK_BLOCK.match(line) and index + 1 < len(lines) and SENT_LINE.match(lines[index + 1]):
        return True
    following = lines[index:index + 2]
    return len(following) == 2 and all(item.startswith(">") for item in following) and index > 0
