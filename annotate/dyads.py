"""Who frames whom: framed sentences counted per pair of actors (``annotate dyads``).

Each framed sentence (stance not neutral) with two or more distinct actors
counts once for every pair of them (``annotate.actors.dyads``). Per pair,
and per group (document, month, source), the table gives the counts, the
documents, and the net framing ``(cooperation - competition) / sentences``
with a 95% interval from a bootstrap over documents (over sentences when
the group is a single document).
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, TextIO

from annotate.actors import dyads, iso_date
from annotate.errors import NoInputError

GROUPINGS = ("none", "doc", "month", "source")
FORMATS = ("table", "csv", "jsonl")
#: The column naming the group, per grouping.
GROUP_COLUMNS = {"doc": "doc_id", "month": "month", "source": "source"}
COUNTED = ("cooperation", "competition", "mixed")


@dataclass
class _Pair:
    sentences: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    #: per document: [cooperation - competition summed over its sentences, sentences]
    per_document: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    #: per sentence, for a group of one document: cooperation 1, competition -1, mixed 0
    per_sentence: list[int] = field(default_factory=list)

    def add(self, doc_id: str, stance: str) -> None:
        value = {"cooperation": 1, "competition": -1}.get(stance, 0)
        self.sentences += 1
        self.counts[stance] += 1
        self.per_document[doc_id][0] += value
        self.per_document[doc_id][1] += 1
        self.per_sentence.append(value)


def _group_key(by: str, row: dict) -> str:
    if by == "doc":
        return str(row["doc_id"])
    if by == "month":
        date = iso_date(row.get("date"))
        return date[:7] if date and len(date) >= 7 else "unknown"
    if by == "source":
        return str(row.get("source") or "unknown")
    return ""


def pair_table(documents: Iterable[tuple[str, list[dict]]], *, by: str = "none", min_sentences: int = 1,
               names: Callable[[str], str] = str, resamples: int = 1000, seed: int = 0) -> list[dict]:
    """One row per actor pair (and group), most sentences first.

    ``documents`` yields (split, rows of one document) as a dataset or a
    store reads (``annotate.report.source.open_source``); from a store,
people's stances (gold, annotated, adjudicated) replace the model's. Raises
    ``NoInputError`` when the rows carry no stance or no actors.
    """
    from annotate.stance.bootstrap import ratio_interval

    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    pairs: dict[tuple[str, str, str], _Pair] = defaultdict(_Pair)
    rows_seen = with_stance = with_actors = 0
    for _, rows in documents:
        for row in rows:
            rows_seen += 1
            with_stance += row.get("stance") is not None
            with_actors += row.get("actors") is not None
            for pair in dyads(row.get("actors") or (), row.get("stance")):
                pairs[(_group_key(by, row), pair["a"], pair["b"])].add(str(row["doc_id"]), pair["stance"])
    if rows_seen and not with_stance:
        raise NoInputError("no sentence has a stance: run 'annotate run' without --no-stance, or label the store first")
    if rows_seen and not with_actors:
        raise NoInputError("no sentence has actors: the dataset was made without NER or before actor linking; "
                           "run 'annotate run' again (with NER) to link actors")
    table = []
    for (group, a, b), pair in pairs.items():
        if pair.sentences < min_sentences:
            continue
        if len(pair.per_document) > 1:
            values = list(pair.per_document.values())
            low, high = ratio_interval([v[0] for v in values], [v[1] for v in values], resamples=resamples, seed=seed)
        else:
            low, high = ratio_interval(pair.per_sentence, [1] * pair.sentences, resamples=resamples, seed=seed)
        row = {GROUP_COLUMNS[by]: group} if by in GROUP_COLUMNS else {}
        row.update({"a": a, "a_name": names(a), "b": b, "b_name": names(b), "sentences": pair.sentences,
                    **pair.counts, "documents": len(pair.per_document),
                    "net": round((pair.counts["cooperation"] - pair.counts["competition"]) / pair.sentences, 4),
                    "net_low": low, "net_high": high})
        table.append(row)
    group = GROUP_COLUMNS.get(by)
    return sorted(table, key=lambda r: (-r["sentences"], r[group] if group else "", r["a"], r["b"]))


def write_table(rows: list[dict], out: TextIO, fmt: str = "table") -> None:
    """Write pair rows as an aligned text table, CSV or JSON lines."""
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not rows:
        if fmt == "table":
            out.write("no actor pair in a framed sentence\n")
        return
    columns = list(rows[0])
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    shown = [[_cell(row, c) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in shown)) for i, c in enumerate(columns)]
    buffer = io.StringIO()
    for line in [columns] + shown:
        buffer.write("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() + "\n")
    out.write(buffer.getvalue())


def _cell(row: dict, column: str) -> str:
    value = row[column]
    return f"{value:+.2f}" if column in ("net", "net_low", "net_high") else str(value)
