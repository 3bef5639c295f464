"""Export a store: the dataset layout of ``annotate run`` with final labels and provenance, or JSONL / CoNLL."""
from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Iterator

from annotate.actors import ActorTable, dyads, iso_date
from annotate.annotation.agreement import entity_agreement, ratings_from, stance_agreement
from annotate.annotation.resolve import default_min_annotators, resolve
from annotate.annotation.store import Store
from annotate.atomic import atomic_output
from annotate.dataset import DatasetWriter
from annotate.iob import to_iob2
from annotate.stance.aggregate import document_stance

FORMATS = ("dataset", "jsonl", "conll")


def final_rows(store: Store, actors: ActorTable | None = None, min_annotators: int | None = None) -> Iterator[list[dict]]:
    """Per document, its rows with final stance and entities, their sources, and each annotator's answer.

    An agreed answer is ``gold`` when at least ``min_annotators`` gave it
    (default: ``default_min_annotators``), else ``annotated``. With an actor
    table, actors are linked again where annotators corrected the entities
    (or the rows have none yet), an actor an annotator gave an entity
    (``[Xi]{PER:CHN}``) winning over the tables; dyads follow the final stance.
    """
    if min_annotators is None:
        min_annotators = default_min_annotators(store)
    stance, entities = resolve(store, "stance", min_annotators), resolve(store, "ner", min_annotators)
    for _, tasks in groupby(store.tasks(), key=lambda t: t.doc_id):
        rows = []
        for task in tasks:
            row = dict(task.row)
            decided = stance.get(task.id)
            if decided is not None:
                row["annotators"], row["annotator_stances"] = list(decided.annotators), list(decided.answers)
                if decided.source != "disputed":
                    row["stance"], row["stance_source"] = decided.value, decided.source
            spans = entities.get(task.id)
            corrected = None
            if spans is not None and spans.source != "disputed":
                row["entities"] = [{"start": s, "end": e, "label": label, "text": row["text"][s:e]}
                                   for s, e, label, *_ in spans.value]
                corrected = [{**entity, "actor": span[3]} if len(span) > 3 else entity
                             for entity, span in zip(row["entities"], spans.value)]
                row["ner_tags"] = _tags(row)
                if actors is not None:
                    row["actors"] = None
            if actors is not None and row.get("actors") is None:
                mentions = actors.link(row["text"], corrected or row.get("entities") or (), iso_date(row.get("date")))
                row["actors"] = [m.as_dict() for m in mentions]
            row["dyads"] = None if row.get("actors") is None else dyads(row["actors"], row.get("stance"))
            rows.append(row)
        doc_stance = document_stance(r["stance"] for r in rows if r.get("stance"))
        for row in rows:
            row["doc_stance"] = doc_stance
        yield rows


def _tags(row: dict) -> list[str]:
    tags = ["O"] * len(row["token_starts"])
    for entity in row["entities"]:
        inside = [i for i, (s, e) in enumerate(zip(row["token_starts"], row["token_ends"]))
                  if s >= entity["start"] and e <= entity["end"]]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + entity["label"]
    return to_iob2(tags)


def agreement_notes(store: Store, min_annotators: int) -> str:
    """The gold policy and the agreement figures, as a Markdown section for the dataset card."""
    labels, _ = ratings_from(store.answers("stance"))
    _, spans = ratings_from(store.answers("ner"))
    policy = (f"- Gold policy: an answer is `gold` when at least {min_annotators} annotator"
              f"{'s' if min_annotators > 1 else ''} gave it and none disagreed; agreed answers from fewer are "
              "`annotated`; a reviewer's decision is `adjudicated`.")
    lines = [policy] + [f"- {figure}" for figure in stance_agreement(labels) + entity_agreement(spans)]
    return "## Annotation and agreement\n\n" + "\n".join(lines) + "\n\n"


def export(store: Store, out: str | Path, *, fmt: str = "dataset", overwrite: bool = False, seed: int = 0,
           language: str = "id", actors: ActorTable | None = None, min_annotators: int | None = None) -> int:
    """Write the store's final labels (actors linked with ``actors``); returns the number of sentences written.

    ``min_annotators``: how many agreeing annotators make an answer gold (default: ``default_min_annotators``).
    """
    out = Path(out)
    if min_annotators is None:
        min_annotators = default_min_annotators(store)
    if fmt == "dataset":
        sentences = 0
        with DatasetWriter(out, language=language, overwrite=overwrite, seed=seed, notes=agreement_notes(store, min_annotators)) as writer:
            for rows in final_rows(store, actors, min_annotators):
                writer.add_rows(rows[0]["doc_id"], rows)
                sentences += len(rows)
        return sentences
    written = 0
    with atomic_output(out, overwrite=overwrite) as f:
        for rows in final_rows(store, actors, min_annotators):
            for row in rows:
                if fmt == "jsonl":
                    record = {"id": row["id"], "text": row["text"],
                              "spans": [{k: e[k] for k in ("start", "end", "label")} for e in row.get("entities") or []],
                              "stance": row.get("stance"), "stance_source": row.get("stance_source"),
                              "annotators": row.get("annotators"), "annotator_stances": row.get("annotator_stances"),
                              "meta": {"doc_id": row["doc_id"], "sent_index": row["sent_index"],
                                       "char_start": row.get("char_start"), "char_end": row.get("char_end")}}
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    tags = row.get("ner_tags") or ["O"] * len(row["tokens"])
                    f.write("".join(f"{t}\t{g}\n" for t, g in zip(row["tokens"], tags)) + "\n")
                written += 1
    return written
