"""An HTML page's article text and metadata, with an account of what was dropped.

The article is found by trafilatura, imported only when a page is actually
read (``annotate --help`` and plain-text runs never load it). The language's
cleaning rules run on its output afterwards, as on any text.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

from annotate.cleaning import normalize, strip_markup
from annotate.document import Removal

#: trafilatura's options, measured on corpora/html with scripts/evaluate_html.py (README, "HTML pages"):
#: balanced extraction: favor_precision gave the same F1 once the cleaning rules ran but lost article
#: text on the broken page (recall 0.949 vs 0.955 alone), and the rules can remove boilerplate but not
#: bring text back; favor_recall let link boxes in (precision 0.874 vs 0.901). Tables and readers'
#: comments are left out: cells and comments are not the article's sentences. Metadata is kept.
EXTRACT_OPTIONS = {"include_comments": False, "include_tables": False, "favor_precision": False,
                   "favor_recall": False, "with_metadata": True}
#: A page with no line of at least this many words (list items aside) holds no article: an index, a menu.
ARTICLE_MIN_WORDS = 10
#: A longer "title" is text caught in an unclosed heading; the page's <title> is used instead.
TITLE_MAX_WORDS = 30

_DOCUMENT_START = re.compile(r"(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_DOCUMENT_TAG = re.compile(r"<(?:html|head|body)\b", re.I)
_BLOCK_TAG = re.compile(r"<(?:p|div|br|li|h[1-6]|article|section|table|tr|td)\b[^<>]*>", re.I)
_TITLE_SEPARATOR = re.compile(r"(\s+(?:[-–—|•·»«~]|::)\s+)")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|id|co|info|news|tv|my|sg)\b", re.I)
_SECOND_LEVEL = {"co", "or", "ac", "go", "web", "my", "sch", "com", "net", "org", "gov", "edu"}
_WORD = re.compile(r"\w+")
_TITLE_ELEMENT = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)


class NoArticle(ValueError):
    """The page holds no article text; the message says what it holds instead."""


@dataclass
class Page:
    """An article: its text (headline first), metadata found in the page, and what extraction dropped.

    ``lines``: the page line each line of ``text`` came from (0: not found).
    """

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    removed: list[Removal] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page or fragment rather than text with a stray tag.

    A page (doctype, ``<html>``, ``<head>`` or ``<body>``) or at least two
    block tags (``<p>``, ``<div>``, ``<br>`` ...); one tag in running text is
    left to the cleaner's markup rule.
    """
    head = text[:20_000].lstrip("\ufeff")
    return bool(_DOCUMENT_START.match(head)) or len(_BLOCK_TAG.findall(head)) >= 2


def extract(html: str, *, url: str | None = None) -> Page:
    """The article of an HTML page or fragment; raises ``NoArticle`` when there is none.

    ``url``: where the page came from, when known (helps find the site name
    in the title). The headline starts the text, as in a text file, and is
    also ``title``, without the site's name (`` - Kompas.com``).
    """
    whole_page = bool(_DOCUMENT_TAG.search(html))
    found = _trafilatura(html if whole_page else f"<html><body><div>{html}</div></body></html>", url)
    text = (found.text or "").strip() if found is not None else ""
    if not _has_paragraph(text):
        raise NoArticle(_no_article(html, text))
    page_url = found.url or url
    title = _title(found.title, html)
    title = site_title(title, found.sitename, page_url) if title else None
    first = text.split("\n", 1)[0]
    if title and _words(first) != _words(title):
        text = f"{title}\n{text}"
    pieces = strip_markup(normalize(html), [])
    return Page(text, title, found.date, page_url, found.author, dropped(html, text, pieces),
                source_lines(text, pieces))


def _trafilatura(html: str, url: str | None):
    try:
        import trafilatura
    except ImportError as e:
        raise NoArticle(f"reading HTML needs trafilatura ({e}); pip install trafilatura lxml_html_clean") from None
    for name in ("trafilatura", "htmldate", "courlan", "justext"):  # its log lines would duplicate our message
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    try:
        return trafilatura.bare_extraction(html, url=url, **EXTRACT_OPTIONS)
    except Exception as e:  # a parser failure on hostile markup is one skipped page, not a crash
        raise NoArticle(f"the HTML could not be parsed ({type(e).__name__}: {e})") from None


def _title(found: str | None, html: str) -> str | None:
    """trafilatura's title, else (missing, or a whole text caught in an unclosed <h1>) the <title> element's."""
    if found and len(found.split()) <= TITLE_MAX_WORDS:
        return found
    match = _TITLE_ELEMENT.search(html)
    element = " ".join(unescape(match.group(1)).split()) if match else ""
    return element if element and len(element.split()) <= TITLE_MAX_WORDS else None


def _has_paragraph(text: str) -> bool:
    return any(len(_WORD.findall(line)) >= ARTICLE_MIN_WORDS for line in text.split("\n")
               if not line.startswith(("- ", "* ", "| ")))


def _no_article(html: str, text: str) -> str:
    links = len(re.findall(r"<a\b", html, re.I))
    if not text:
        return f"no article text in the HTML ({len(html):,} characters, {links} link{'s' * (links != 1)})"
    lines = len(text.splitlines())
    return (f"no article text in the HTML, only short lines such as menus or link lists "
            f"({lines} line{'s' * (lines != 1)}, {links} link{'s' * (links != 1)})")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def dropped(html: str, kept: str, pieces: list[tuple[int, str]]) -> list[Removal]:
    """What extraction left out: a summary (line 0, rule ``html``), then each piece of page text
    (``strip_markup`` of the page) not in ``kept`` (rule ``html-text``, numbered by line of the page)."""
    visible = sum(len(piece.strip()) for _, piece in pieces)
    flat = " ".join(kept.split())
    lost = [Removal(number, "html-text", " ".join(piece.split())) for number, piece in pieces
            if _WORD.search(piece) and " ".join(piece.split()) not in flat]
    summary = (f"kept the article, {len(kept):,} of {len(html):,} characters: dropped "
               f"{max(len(html) - visible, 0):,} of markup, scripts and styles and {max(visible - len(kept), 0):,} of "
               f"page text ({len(lost)} pieces, listed as html-text by line of the page)")
    return [Removal(0, "html", summary), *lost]


def source_lines(text: str, pieces: list[tuple[int, str]]) -> list[int]:
    """For each line of ``text``, the page line of the piece of page text it is, holds or is part of (0: none)."""
    flat = [(number, " ".join(piece.split())) for number, piece in pieces]
    first: dict[str, int] = {}
    for at, (_, piece) in enumerate(flat):
        first.setdefault(piece, at)
    lines, start = [], 0
    for line in text.split("\n"):
        line = " ".join(line.split()).removeprefix("- ")
        at = first.get(line)
        if at is None and line:  # a line made of several pieces, or part of one: look a little ahead
            at = next((i for i in range(start, min(start + 200, len(flat)))
                       if flat[i][1] and (flat[i][1] in line or line in flat[i][1])), None)
        if at is None:
            lines.append(0)
            continue
        start = at
        lines.append(flat[at][0])
    return lines


def site_title(title: str, sitename: str | None = None, url: str | None = None) -> str:
    """The title without the site's name before or after it (" - Kompas.com", " | Republika Online").

    A part counts as the site's name when it is a domain or holds the site
    name or the site's domain label (``republika`` of republika.co.id).
    """
    names = {key for key in (_key(sitename or ""), _site_label(url)) if len(key) >= 4}
    parts = _TITLE_SEPARATOR.split(title.strip())
    while len(parts) >= 3 and _names_site(parts[-1], names):
        del parts[-2:]
    while len(parts) >= 3 and _names_site(parts[0], names, exactly=True):
        del parts[:2]
    return "".join(parts).strip()


def _names_site(part: str, names: set[str], exactly: bool = False) -> bool:
    """A part is the site's name: a domain, or (at most five words) holding the site's name or domain label;
    ``exactly``: being one of them, for the start of a title ("Indonesia - Jepang ...")."""
    key = _key(part)
    if len(part.split()) > 5 or not key:
        return False
    if exactly:
        return key in names or bool(_DOMAIN.fullmatch(part.strip()))
    return bool(_DOMAIN.search(part)) or any(name in key for name in names)


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _site_label(url: str | None) -> str:
    """The label that names the site in its host: kompas of www.kompas.com, republika of republika.co.id."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    labels = [label for label in host.split(".") if label and label != "www"]
    if len(labels) >= 2:
        labels.pop()  # top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels.pop()  # co of co.id
    return _key(labels[-1]) if labels else ""
