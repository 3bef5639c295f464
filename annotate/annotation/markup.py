"""Inline entity markup for correcting a sentence: ``[Li Qiang]{PER} bertemu [Prabowo]{PER}``.

``render`` writes a sentence's entities as markup; ``parse`` reads an
edited line back into spans, checking that the text is unchanged and that
every span starts and ends on token boundaries.
"""
from __future__ import annotations

import re
from typing import Sequence

_MARK = re.compile(r"\[([^\[\]{}]+)\]\{([A-Za-z]+)\}")


class MarkupError(ValueError):
    """The edited line does not fit the sentence; the message says why."""


def render(text: str, entities: Sequence[dict]) -> str:
    """The sentence with ``[span]{LABEL}`` around each entity (offsets relative to ``text``)."""
    out, last = [], 0
    for e in sorted(entities, key=lambda e: e["start"]):
        out.append(text[last:e["start"]] + f"[{text[e['start']:e['end']]}]{{{e['label']}}}")
        last = e["end"]
    return "".join(out) + text[last:]


def parse(line: str, text: str, token_starts: Sequence[int], token_ends: Sequence[int],
          allowed: Sequence[str]) -> list[dict]:
    """Entities (start, end, label, text) from an edited markup line; raises ``MarkupError``."""
    plain, entities, last = [], [], 0
    for match in _MARK.finditer(line):
        plain.append(line[last:match.start()])
        start = sum(map(len, plain))
        span, label = match.group(1), match.group(2).upper()
        if label not in allowed:
            raise MarkupError(f"unknown label {label!r}; use one of {', '.join(allowed)}")
        plain.append(span)
        entities.append({"start": start, "end": start + len(span), "label": label, "text": span})
        last = match.end()
    plain.append(line[last:])
    rebuilt = "".join(plain)
    if any(c in rebuilt for c in "[]{}") and not any(c in text for c in "[]{}"):
        raise MarkupError("unbalanced markup: write entities as [words]{LABEL}")
    if rebuilt != text:
        raise MarkupError("the sentence text changed; only add or remove [ ]{LABEL} marks")
    starts, ends = set(token_starts), set(token_ends)
    for e in entities:
        if e["start"] not in starts or e["end"] not in ends:
            raise MarkupError(f"'{e['text']}' does not start and end on token boundaries")
    return entities
