"""Inline entity markup for correcting a sentence: ``[Li Qiang]{PER:CHN} bertemu [Prabowo]{PER}``.

``render`` writes a sentence's entities as markup; ``parse`` reads an
edited line back into spans, checking that the text is unchanged and that
every span starts and ends on token boundaries. After the type, an actor
code fixes the actor the entity denotes (``{PER:CHN}``, ``{ORG:UN}``), and
``-`` says it denotes none (``{LOC:-}``); without one the actor is linked
automatically (``annotate.actors``).
"""
from __future__ import annotations

import re
from typing import Collection, Sequence

from annotate.actors import NO_ACTOR

_MARK = re.compile(r"\[([^\[\]{}]+)\]\{([A-Za-z]+)(?::([A-Za-z0-9]+|-))?\}")


class MarkupError(ValueError):
    """The edited line does not fit the sentence; the message says why."""


def render(text: str, entities: Sequence[dict]) -> str:
    """The sentence with ``[span]{LABEL}`` (``{LABEL:ACTOR}`` where an entity has an ``actor``) around each entity
    (offsets relative to ``text``)."""
    out, last = [], 0
    for e in sorted(entities, key=lambda e: e["start"]):
        tag = e["label"] + (f":{e['actor']}" if e.get("actor") else "")
        out.append(text[last:e["start"]] + f"[{text[e['start']:e['end']]}]{{{tag}}}")
        last = e["end"]
    return "".join(out) + text[last:]


def parse(line: str, text: str, token_starts: Sequence[int], token_ends: Sequence[int],
          allowed: Sequence[str], actors: Collection[str] = ()) -> list[dict]:
    """Entities (start, end, label, text, and ``actor`` where one is written) from an edited markup line;
    ``actors`` are the codes an entity may be given. Raises ``MarkupError``."""
    plain, entities, last = [], [], 0
    for match in _MARK.finditer(line):
        plain.append(line[last:match.start()])
        start = sum(map(len, plain))
        span, label = match.group(1), match.group(2).upper()
        if label not in allowed:
            raise MarkupError(f"unknown label {label!r}; use one of {', '.join(allowed)}")
        plain.append(span)
        entities.append({"start": start, "end": start + len(span), "label": label, "text": span})
        if match.group(3):
            entities[-1]["actor"] = _actor(match.group(3), actors)
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


def _actor(code: str, actors: Collection[str]) -> str:
    if code == NO_ACTOR:
        return code
    if not actors:
        raise MarkupError("no actor table for this language: write [words]{TYPE} without an actor")
    if code.upper() not in actors:
        raise MarkupError(f"unknown actor {code!r}: a state's ISO code (CHN), an organisation's code (UN), "
                          f"or {NO_ACTOR} for none")
    return code.upper()


def linked_actor(entity: dict, mentions: Sequence[dict]) -> str | None:
    """The actor linked to a whole entity (to a person's name after a title: ``Menlu [Retno]``), if any."""
    return next((m["actor"] for m in mentions if m.get("actor") and m["end"] == entity["end"] and (
        m["start"] == entity["start"] or (entity["label"] == "PER" and m["start"] > entity["start"]))), None)

