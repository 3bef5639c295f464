"""Remove scraped-page boilerplate from a text and record what was removed.

The engine here is language-independent; what counts as boilerplate in a
language (credit lines, "read also" links, menu words) is data that the
language plug-in adds to ``GENERIC_RULES`` with ``CleaningRules.extend``.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field, replace

from annotate.document import Removal

# Characters that carry no text: zero-width marks, BOM, soft hyphen, controls.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_IMAGE_MARKDOWN = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_RESIDUE_ONLY = re.compile(r"^[\s|\-–—•·>*#_=~\[\]()!]*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: international prefix or trunk 0, then groups split by space
# or hyphen (never by ".", the thousands separator in many languages).
_PHONE = re.compile(r"(?:\+\d{1,3}[\s-]?\(?\d{1,4}\)?|\(0\d{1,4}\)|(?<![\w.,])0\d{1,4})[\s-]?\d{3,4}[\s-]?\d{3,5}\b")
_MENU_SEPARATORS = re.compile(r"\s*[|•»›·]\s*")
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)]$")
# HTML left in text: comments, script/style elements with their content, doctype and
# processing instructions, and tags (only of HTML element names, so "<Jakarta>" or "a < b" stay).
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 head header hr html li main nav ol option p pre section summary table tbody td tfoot th "
    "thead title tr ul".split())
_INLINE_TAGS = frozenset(
    "a abbr audio b bdi bdo big button canvas center cite code data del dfn em embed font i iframe img input ins "
    "kbd label link mark meta noscript object picture q s samp script select small source span strike strong style "
    "sub sup svg template textarea time tt u var video wbr".split())
# (No part may run past the next "<" or ">", and closing tags are looked up once, so that
# unbalanced input costs linear time.)
_MARKUP = re.compile(
    r"<!--|<![A-Za-z][^<>]*>|<\?[^<>]*>"
    rf"|</?({'|'.join(sorted(_BLOCK_TAGS | _INLINE_TAGS, key=len, reverse=True))})"
    r"(?:\s(?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*')*)?\s*/?>", re.I)
# Elements dropped with their content; an opening tag without its closing tag is dropped alone.
_CLOSING = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript", "template")}
_CLOSING["!--"] = re.compile("-->")
# A character reference with its semicolon ("&amp;", "&#8220;", "&#x2014;"); "R&D" and "AT&T" are text.
_CHARREF = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SHOWN_MARKUP = 160


@dataclass(frozen=True)
class CleaningRules:
    """What a language calls boilerplate.

    ``line_rules``: (rule name, pattern); a line where the pattern is found is
    removed. ``footer_start``: a line matching it, and every line after it,
    is removed as footer. ``dateline``: a prefix of the first body paragraph
    (e.g. ``JAKARTA, KOMPAS.com -``) removed when it matches.
    ``contact_max_words``: lines this short that hold an e-mail address or a
    phone number are removed. ``line_max_words``: longer lines are
    paragraphs, never removed whole by a line rule (a paragraph that mentions
    a promotion or says "klik di sini" is kept). ``markup``: HTML tags, comments and
    script/style elements left in the text are removed and character
    references (``&amp;``, ``&#8220;``) decoded (see ``strip_markup``).
    """

    line_rules: tuple[tuple[str, re.Pattern], ...] = ()
    footer_start: re.Pattern | None = None
    dateline: re.Pattern | None = None
    contact_max_words: int = 25
    headline_max_words: int = 25
    line_max_words: int = 80
    markup: bool = True

    def extend(self, *, line_rules=(), footer_start=None, dateline=None) -> "CleaningRules":
        """These rules plus a language's own."""
        return replace(self, line_rules=self.line_rules + tuple(line_rules),
                       footer_start=footer_start or self.footer_start,
                       dateline=dateline or self.dateline)


GENERIC_RULES = CleaningRules(line_rules=(
    ("copyright", re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved", re.I)),
    ("filler", re.compile(r"\blorem ipsum\b|\bdolor sit amet\b", re.I)),
))


@dataclass
class CleanText:
    """The cleaned text, the removals, and the headline when one was found."""

    text: str
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None


def normalize(text: str) -> str:
    """NFC, invisible characters dropped, no-break and other spaces made plain."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _INVISIBLE.sub("", text)


def strip_markup(text: str, removed: list[Removal]) -> list[tuple[int, str]]:
    """The text's non-empty pieces with HTML markup taken out, each with its 1-based input line.

    Tags of HTML elements, comments and script/style elements (content
    included) are dropped; a block tag (``<p>``, ``<br>``, ``<li>`` ...) ends
    a piece as a line break does. Character references are decoded. What
    was dropped is appended to ``removed`` (rule ``markup``, one entry per
    line), what was decoded too (rule ``entity``). Text without ``<`` or
    ``&`` comes back line by line, untouched.
    """
    if "<" not in text and "&" not in text:
        return [(number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    pieces: list[tuple[int, str]] = []
    piece: list[str] = []
    dropped: list[str] = []
    line = piece_line = 1

    def end_piece() -> None:
        joined = "".join(piece)
        piece.clear()
        if "&" in joined:
            refs: list[str] = []
            joined = _CHARREF.sub(lambda m: _decoded(m.group(), refs), joined)
            if refs:
                removed.append(Removal(piece_line, "entity", " ".join(dict.fromkeys(refs))))
                joined = normalize(joined)
        if joined.strip():
            pieces.append((piece_line, joined))

    def end_line() -> None:
        if dropped:
            shown = " ".join(dropped)
            removed.append(Removal(line, "markup", shown if len(shown) <= _SHOWN_MARKUP
                                   else f"{shown[:_SHOWN_MARKUP]}… ({len(dropped)} pieces of markup)"))
            dropped.clear()

    position = 0
    unclosed: dict[str, int] = {}  # element -> a position after which its closing tag never comes
    while True:
        match = _MARKUP.search(text, position)
        for i, part in enumerate(text[position:match.start() if match else len(text)].split("\n")):
            if i:
                end_piece()
                end_line()
                line += 1
                piece_line = line
            piece.append(part)
        if match is None:
            break
        markup, position = match.group(), match.end()
        element = "!--" if markup == "<!--" else (match.group(1) or "").lower()
        if element in _CLOSING and not markup.startswith("</"):
            closing = None if position >= unclosed.get(element, len(text) + 1) else \
                _CLOSING[element].search(text, position)
            if closing:
                markup, position = text[match.start():closing.end()], closing.end()
            else:
                unclosed.setdefault(element, position)
                if element == "!--":  # an unclosed "<!--" is text
                    piece.append(markup)
                    continue
        dropped.append(" ".join(markup.split()) if len(markup) < 200 else f"{' '.join(markup[:80].split())}…")
        newlines = markup.count("\n")
        if newlines or element in _BLOCK_TAGS:
            end_piece()
            for _ in range(newlines):
                end_line()
                line += 1
            piece_line = line
    end_piece()
    end_line()
    return pieces


def _decoded(reference: str, decoded: list[str]) -> str:
    text = html.unescape(reference)
    if text != reference:
        decoded.append(reference)
    return text


def _is_menu(line: str) -> bool:
    parts = [p for p in _MENU_SEPARATORS.split(line) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


def _is_contact(line: str, rules: CleaningRules) -> bool:
    return len(line.split()) <= rules.contact_max_words and bool(_EMAIL.search(line) or _PHONE.search(line))


def _line_rule(line: str, rules: CleaningRules) -> str | None:
    if _is_contact(line, rules):
        return "contact"
    if len(line.split()) > rules.line_max_words:
        return None
    for name, pattern in rules.line_rules:
        if pattern.search(line):
            return name
    if _is_menu(line):
        return "menu"
    return None


def clean(text: str, rules: CleaningRules = GENERIC_RULES) -> CleanText:
    """Clean one scraped page.

    Kept lines become paragraphs separated by a blank line; each removed
    line (or line fragment) is recorded with its 1-based line number.
    """
    kept: list[str] = []
    removed: list[Removal] = []
    seen: set[str] = set()
    in_footer = dateline_done = False
    text = normalize(text)
    lines = strip_markup(text, removed) if rules.markup else enumerate(text.split("\n"), start=1)
    for number, raw in lines:
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        if in_footer or (rules.footer_start is not None and rules.footer_start.search(line)):
            in_footer = True
            removed.append(Removal(number, "footer", line))
            continue
        without_images = _SPACES.sub(" ", _IMAGE_MARKDOWN.sub(" ", line)).strip()
        if without_images != line:
            if _RESIDUE_ONLY.match(without_images):
                removed.append(Removal(number, "image", line))
                continue
            removed.extend(Removal(number, "image", m.group()) for m in _IMAGE_MARKDOWN.finditer(line))
            line = without_images.strip(" |")
        rule = _line_rule(line, rules)
        if rule is None and _RESIDUE_ONLY.match(line):
            rule = "residue"
        key = line.casefold()
        if rule is None and key in seen:
            rule = "repeated"
        if rule is not None:
            removed.append(Removal(number, rule, line))
            continue
        seen.add(key)
        if rules.dateline is not None and not dateline_done and len(kept) <= 1:
            match = rules.dateline.match(line)
            if match and len(line) - match.end() > 20:
                removed.append(Removal(number, "dateline", match.group().strip()))
                line = line[match.end():]
                dateline_done = True
        kept.append(line)
    removed.sort(key=lambda r: r.line)
    return CleanText("\n\n".join(kept), removed, _headline(kept, rules))


def _headline(kept: list[str], rules: CleaningRules) -> str | None:
    if len(kept) < 2:
        return None
    first = kept[0]
    if _SENTENCE_END.search(first) or len(first.split()) > rules.headline_max_words:
        return None
    return first
