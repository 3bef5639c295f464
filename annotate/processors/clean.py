"""The cleaning processor: boilerplate out, before any offsets exist."""
from __future__ import annotations

from dataclasses import replace

from annotate.cleaning import CleaningRules, clean
from annotate.document import Document
from annotate.processors.base import Processor


class Cleaner(Processor):
    """Replace the document text by its cleaned text and record the removals."""

    name = "clean"
    provides = frozenset({"clean"})

    def __init__(self, rules: CleaningRules):
        self.rules = rules

    def process(self, doc: Document) -> Document:
        if doc.sentences:
            raise ValueError("cleaning must run before tokenization: it changes the text offsets refer to")
        result = clean(doc.text, self.rules)
        removed = result.removed
        if doc.source_lines:  # text from an HTML page: name the page's lines
            lines = doc.source_lines
            removed = [replace(r, line=lines[r.line - 1]) if 0 < r.line <= len(lines) else r for r in removed]
        doc.text, doc.source_lines = result.text, None
        doc.removed = sorted(doc.removed + removed, key=lambda r: r.line)
        if result.title and not doc.meta.get("title"):
            doc.meta["title"] = result.title
        return doc
