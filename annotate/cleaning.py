"""Remove scraped-page boilerplate from a text and record what was removed.

The engine here is language-independent; what counts as boilerplate in a
language (credit lines, "read also" links, menu words) is data that the
language plug-in adds to ``GENERIC_RULES`` with ``CleaningRules.extend``.
"""
from __future__ import annotations

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


@dataclass(frozen=True)
class CleaningRules:
    """What a language calls boilerplate.

    ``line_rules``: (rule name, pattern); a line where the pattern is found is
    removed. ``footer_start``: a line matching it, and every line after it,
    is removed as footer. ``dateline``: a prefix of the first body paragraph
    (e.g. ``JAKARTA, KOMPAS.com -``) removed when it matches.
    ``contact_max_words``: lines this short that hold an e-mail address or a
    phone number are removed.
    """

    line_rules: tuple[tuple[str, re.Pattern], ...] = ()
    footer_start: re.Pattern | None = None
    dateline: re.Pattern | None = None
    contact_max_words: int = 25
    headline_max_words: int = 25

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


def _is_menu(line: str) -> bool:
    parts = [p for p in _MENU_SEPARATORS.split(line) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


def _is_contact(line: str, rules: CleaningRules) -> bool:
    return len(line.split()) <= rules.contact_max_words and bool(_EMAIL.search(line) or _PHONE.search(line))


def _line_rule(line: str, rules: CleaningRules) -> str | None:
    if _is_contact(line, rules):
        return "contact"
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
    for number, raw in enumerate(normalize(text).split("\n"), start=1):
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
    return CleanText("\n\n".join(kept), removed, _headline(kept, rules))


def _headline(kept: list[str], rules: CleaningRules) -> str | None:
    if len(kept) < 2:
        return None
    first = kept[0]
    if _SENTENCE_END.search(first) or len(first.split()) > rules.headline_max_words:
        return None
    return first
