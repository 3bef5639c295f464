"""The document model: document -> sentences -> tokens.

Character offsets into ``Document.text`` (the cleaned text) are the truth;
every ``text`` attribute below is the slice those offsets select.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Metadata fields a document may carry besides ``path`` (where it was read
#: from); any other field of the input goes to ``meta["extra"]``.
KNOWN_META = ("source", "title", "url", "date", "author")
#: Metadata a run finds in the text itself, never taken from input fields:
#: ``lang``, the language detected (``annotate.langid``).
DERIVED_META = ("lang",)


@dataclass(frozen=True)
class Token:
    """A surface token: ``document.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A named entity: ``document.text[start:end] == text``, ``label`` from schemas/ner_labels.json."""

    start: int
    end: int
    label: str
    text: str


@dataclass
class Sentence:
    """A sentence: its span in the document text, its tokens, and their annotations.

    ``ner_tags`` (one IOB2 tag per token) and ``entities`` stay None until
    an NER processor has run; ``actors`` (``annotate.actors.Mention`` with
    document offsets) until an actor linker has; ``stance`` (a label of
    schemas/stance_labels.json), ``stance_scores`` (a probability per
    label, in that order) and ``stance_source`` until a stance processor has.
    """

    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    ner_tags: list[str] | None = None
    entities: list[Entity] | None = None
    actors: list | None = None
    stance: str | None = None
    stance_scores: list[float] | None = None
    stance_source: str | None = None


@dataclass(frozen=True)
class Removal:
    """A piece of the input the cleaner removed, for audit.

    ``line`` is 1-based in the input as read (of an HTML page: the page's
    lines; 0: the whole input, as in the extraction summary); ``rule`` names why.
    """

    line: int
    rule: str
    text: str


@dataclass
class Document:
    """A document and the annotations processors have added to it.

    ``source_lines``: for text extracted from an HTML page, the page line
    each text line came from (0: unknown), so the cleaner's removals name
    lines of the file the user has.
    """

    text: str
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    annotations: set[str] = field(default_factory=set)
    source_lines: list[int] | None = None

    def span(self, start: int, end: int) -> str:
        """The document text between two character offsets."""
        return self.text[start:end]

    @property
    def tokens(self) -> list[Token]:
        """All tokens of the document, in order."""
        return [t for s in self.sentences for t in s.tokens]

    @property
    def entities(self) -> list[Entity]:
        """All entities of the document, in order."""
        return [e for s in self.sentences for e in (s.entities or [])]
