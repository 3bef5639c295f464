"""The cleaning processor: boilerplate out, before any offsets exist."""
from __future__ import annotations

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
        doc.text, doc.removed = result.text, result.removed
        if result.title and not doc.meta.get("title"):
            doc.meta["title"] = result.title
        return doc
