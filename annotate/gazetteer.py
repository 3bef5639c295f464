"""A gazetteer: token sequences with a fixed entity type, applied over a model's tags.

An entry's label is an entity type (``ORG``) or ``O`` (never part of an
entity, e.g. ``AI``). Matches are exact and case-sensitive, longest first,
left to right. A typed entry overrides the model unless the model already
tagged a longer entity around the match (so ``PBB`` inside a predicted
``Dewan Keamanan PBB`` stays part of it).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from annotate.iob import spans, to_iob2


class Gazetteer:
    """Entries loaded from a ``text<TAB>label`` file; text is space-separated tokens."""

    def __init__(self, entries: dict[tuple[str, ...], str]):
        self.entries = entries
        self.longest = max((len(k) for k in entries), default=0)

    @classmethod
    def from_file(cls, path: str | Path) -> "Gazetteer":
        entries = {}
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                text, label = line.rsplit("\t", 1)
                entries[tuple(text.split())] = label.strip()
        return cls(entries)

    def apply(self, tokens: Sequence[str], tags: Sequence[str]) -> list[str]:
        """The tags with the gazetteer's entries imposed, repaired to IOB2."""
        tags = list(tags)
        i = 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                label = self.entries.get(tuple(tokens[i:i + n]))
                if label is None:
                    continue
                if label == "O":
                    tags[i:i + n] = ["O"] * n
                elif not _inside_longer_entity(to_iob2(tags), i, i + n):
                    tags[i:i + n] = [f"B-{label}"] + [f"I-{label}"] * (n - 1)
                i += n - 1
                break
            i += 1
        return to_iob2(tags)


def _inside_longer_entity(tags: list[str], start: int, end: int) -> bool:
    return any(s < end and e > start and (s < start or e > end) for s, e, _ in spans(tags))
