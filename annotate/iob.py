"""Entity tag sequences: map corpus types onto a label set, repair to IOB2, read spans.

Tags are strings such as ``B-PER``; ``O`` is outside. Stanza's NER emits
BIOES (``S-``, ``E-``); ``to_iob2`` accepts IOB1, IOB2 and BIOES.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence


def to_iob2(tags: Sequence[str]) -> list[str]:
    """Repair a tag sequence into IOB2.

    An ``I-`` (or ``E-``) that does not continue an entity of the same type
    starts one (``B-``); ``S-`` becomes ``B-`` and ``E-`` becomes ``I-``.
    """
    out: list[str] = []
    prev_type = None
    for tag in tags:
        if tag == "O" or "-" not in tag:
            out.append("O")
            prev_type = None
            continue
        prefix, kind = tag.split("-", 1)
        if prefix in ("I", "E") and prev_type == kind:
            out.append(f"I-{kind}")
        else:
            out.append(f"B-{kind}")
        prev_type = None if prefix in ("E", "S") else kind
    return out


def map_types(tags: Sequence[str], aliases: Mapping[str, str | None]) -> list[str]:
    """Rename entity types by ``aliases`` (a type mapped to None, or unknown, becomes O), then repair to IOB2."""
    mapped = []
    for tag in tags:
        if tag == "O" or "-" not in tag:
            mapped.append("O")
            continue
        prefix, kind = tag.split("-", 1)
        target = aliases.get(kind)
        mapped.append(f"{prefix}-{target}" if target else "O")
    return to_iob2(mapped)


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans of an IOB2 sequence as (first token, last token + 1, type)."""
    found = []
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            found.append((start, i, kind))
            start = None
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return found


@dataclass(frozen=True)
class PRF:
    """Counts of exact-match spans and the scores they give."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def span_scores(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, PRF]:
    """Entity-level scores (exact span and type) per type and micro-averaged under ``"ALL"``.

    ``gold`` and ``predicted`` are parallel IOB2 tag sequences, one per sentence.
    """
    counts: dict[str, Counter] = {}
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        g, p = set(spans(gold_tags)), set(spans(pred_tags))
        for kind, found in (("tp", g & p), ("fp", p - g), ("fn", g - p)):
            for _, _, label in found:
                counts.setdefault(label, Counter())[kind] += 1
    scores = {label: PRF(c["tp"], c["fp"], c["fn"]) for label, c in sorted(counts.items())}
    scores["ALL"] = PRF(*(sum(getattr(s, k) for s in scores.values()) for k in ("tp", "fp", "fn")))
    return scores
