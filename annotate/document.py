"""The document model: document -> sentences -> tokens.

Character offsets into ``Document.text`` (the cleaned text) are the truth;
every ``text`` attribute below is the slice those offsets select.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Metadata fields a document may carry besides ``path`` (where it was read
#: from); any other field of the input goes to ``meta["extra"]``.
KNOWN_META = ("source", "title", "url", "date")


@dataclass(frozen=True)
class Token:
    """A surface token: ``document.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass
class Sentence:
    """A sentence: its span in the document text and its tokens."""

    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class Removal:
    """A piece of the input the cleaner removed, for audit.

    ``line`` is 1-based in the input as read; ``rule`` names why.
    """

    line: int
    rule: str
    text: str


@dataclass
class Document:
    """A document and the annotations processors have added to it."""

    text: str
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    annotations: set[str] = field(default_factory=set)

    def span(self, start: int, end: int) -> str:
        """The document text between two character offsets."""
        return self.text[start:end]

    @property
    def tokens(self) -> list[Token]:
        """All tokens of the document, in order."""
        return [t for s in self.sentences for t in s.tokens]
