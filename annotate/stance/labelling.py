"""Labelling functions: lexicon and pattern rules that vote a label or abstain.

The mechanisms are language-independent; a language plug-in supplies the
words (``annotate/languages/id/stance_rules.py``). Votes are combined by
``majority_vote`` into a weak label: a baseline and a pre-annotation source.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Iterable, Sequence

import numpy as np

ABSTAIN = -1
_WORD = re.compile(r"\w+(?:-\w+)*")


def _alternation(phrases: Iterable[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + r")(?!\w)")


@dataclass(frozen=True)
class CueFunction:
    """Vote ``label`` when a cue occurs, unless a trap occurs.

    A cue preceded within ``window`` words by a negator (``tidak``,
    ``menolak``…) votes ``negated_label`` instead, or abstains when that is
    None. Cues, traps and negators are regular expressions over lowercased
    text, matched as whole words.
    """

    name: str
    label: str
    cues: Sequence[str]
    traps: Sequence[str] = ()
    negators: Sequence[str] = ()
    negated_label: str | None = None
    window: int = 3
    _cue: re.Pattern = field(init=False, repr=False, compare=False)
    _trap: re.Pattern | None = field(init=False, repr=False, compare=False)
    _negator: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_cue", _alternation(self.cues))
        object.__setattr__(self, "_trap", _alternation(self.traps) if self.traps else None)
        object.__setattr__(self, "_negator", _alternation(self.negators) if self.negators else None)

    def __call__(self, text: str) -> str | None:
        lowered = text.lower()
        if self._trap is not None and self._trap.search(lowered):
            return None
        votes = []
        for match in self._cue.finditer(lowered):
            before = " ".join(_WORD.findall(lowered[:match.start()])[-self.window:])
            negated = self._negator is not None and self._negator.search(before)
            votes.append(self.negated_label if negated else self.label)
        votes = [v for v in votes if v is not None]
        return Counter(votes).most_common(1)[0][0] if votes else None


@dataclass(frozen=True)
class BothFunction:
    """Vote ``label`` (typically mixed) when cues of two framings occur, linked by a connective between them."""

    name: str
    label: str
    first: Sequence[str]
    second: Sequence[str]
    links: Sequence[str]
    _first: re.Pattern = field(init=False, repr=False, compare=False)
    _second: re.Pattern = field(init=False, repr=False, compare=False)
    _link: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_first", _alternation(self.first))
        object.__setattr__(self, "_second", _alternation(self.second))
        object.__setattr__(self, "_link", _alternation(self.links))

    def __call__(self, text: str) -> str | None:
        lowered = text.lower()
        a = [m.start() for m in self._first.finditer(lowered)]
        b = [m.start() for m in self._second.finditer(lowered)]
        for i in a:
            for j in b:
                lo, hi = min(i, j), max(i, j)
                if self._link.search(lowered, lo, hi):
                    return self.label
        return None


LabellingFunction = CueFunction | BothFunction
_KINDS = {"cue": CueFunction, "both": BothFunction}


def to_spec(function: LabellingFunction) -> dict:
    """A labelling function as plain data (strings and lists), so a saved model can carry it."""
    kind = next(k for k, cls in _KINDS.items() if isinstance(function, cls))
    return {"kind": kind, **{f.name: (list(v) if isinstance(v := getattr(function, f.name), (list, tuple)) else v)
                             for f in fields(function) if f.init}}


def from_spec(spec: dict) -> LabellingFunction:
    """The labelling function that ``to_spec`` wrote."""
    values = dict(spec)
    return _KINDS[values.pop("kind")](**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def apply(functions: Sequence[LabellingFunction], texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Votes as label indices, one row per text and one column per function; ``ABSTAIN`` is -1."""
    index = {label: i for i, label in enumerate(labels)}
    votes = np.full((len(texts), len(functions)), ABSTAIN, dtype=np.int8)
    for i, text in enumerate(texts):
        for j, function in enumerate(functions):
            vote = function(text)
            if vote is not None:
                votes[i, j] = index[vote]
    return votes


def majority_vote(votes: np.ndarray, labels: Sequence[str], *, default: str, tie: str | None = None) -> list[str]:
    """One label per row: the most voted; ``default`` when all abstain.

    A tie between labels goes to ``tie`` when given (e.g. ``mixed`` when
    cooperation and competition draw), else to the label listed first.
    """
    out = []
    for row in votes:
        counts = Counter(int(v) for v in row if v != ABSTAIN)
        if not counts:
            out.append(default)
            continue
        best = max(counts.values())
        winners = sorted(i for i, c in counts.items() if c == best)
        out.append(labels[winners[0]] if len(winners) == 1 or tie is None else tie)
    return out


@dataclass(frozen=True)
class FunctionReport:
    """How one labelling function behaves on a data set."""

    name: str
    coverage: float
    overlap: float
    conflict: float
    accuracy: float | None
    votes: int


def report(functions: Sequence[LabellingFunction], votes: np.ndarray, gold: Sequence[str],
           labels: Sequence[str]) -> list[FunctionReport]:
    """Coverage, overlap, conflict (shares of all rows) and accuracy (on the rows it votes) per function."""
    gold_index = np.array([labels.index(g) for g in gold])
    voted = votes != ABSTAIN
    rows = []
    for j, function in enumerate(functions):
        mine = voted[:, j]
        others = np.delete(voted, j, axis=1)
        other_votes = np.delete(votes, j, axis=1)
        overlap = mine & others.any(axis=1)
        conflict = mine & ((other_votes != votes[:, [j]]) & others).any(axis=1)
        n = int(mine.sum())
        accuracy = float((votes[mine, j] == gold_index[mine]).mean()) if n else None
        rows.append(FunctionReport(function.name, mine.mean(), overlap.mean(), conflict.mean(), accuracy, n))
    return rows
