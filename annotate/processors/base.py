"""The processor contract, after Stanza's ``Processor``."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Callable, ClassVar, Iterable, Iterator, TypeVar

from annotate.document import Document


class Processor(ABC):
    """One annotation step.

    ``requires`` names the annotations that must exist before it runs,
    ``provides`` the ones it adds. ``process`` annotates one document in
    place and returns it; ``process_batch`` may be overridden to batch work
    across documents.
    """

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset()
    provides: ClassVar[frozenset[str]] = frozenset()
    #: Told ``(document, step, characters done, characters in all)`` after each part of a document too long
    #: for one model call (set by ``Pipeline.progress``; None: nothing told).
    progress: Callable[[Document, str, int, int], None] | None = None

    @abstractmethod
    def process(self, doc: Document) -> Document:
        """Annotate ``doc`` and return it."""

    def process_batch(self, docs: list[Document]) -> list[Document]:
        """Annotate several documents; by default one at a time."""
        return [self.process(doc) for doc in docs]

    def use_int8(self) -> None:
        """Run neural layers with dynamic int8 weights, where the processor has any (by default nothing to do)."""

    def tell_progress(self, step: str, reached: Iterable[tuple[Document, int]]) -> None:
        """Tell ``progress`` (if set) how far each document got: the last position listed for it."""
        if self.progress is None:
            return
        last = {id(doc): (doc, position) for doc, position in reached}
        for doc, position in last.values():
            self.progress(doc, step, position, len(doc.text))


T = TypeVar("T")


def bounded_groups(items: Iterable[T], size: Callable[[T], int], limit: int) -> Iterator[list[T]]:
    """Consecutive items in groups whose sizes add up to at most ``limit`` (one item at least per group).

    Processors call their models on such groups, so memory stays bounded whatever the input.
    """
    group, total = [], 0
    for item in items:
        if group and total + size(item) > limit:
            yield group
            group, total = [], 0
        group.append(item)
        total += size(item)
    if group:
        yield group
