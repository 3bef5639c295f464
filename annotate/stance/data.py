"""Labelled and unlabelled sentences for the stance commands, read through ``annotate.ingest``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from annotate.errors import NoInputError
from annotate.ingest import IngestReport, read_documents, record_of
from annotate.stance.model import stance_labels


@dataclass
class LabelledSentences:
    """Parallel lists: sentence texts, their labels, and the document each belongs to."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


def read_labelled(inputs: Iterable[str], report: IngestReport, *, label_field: str = "label",
                  group_field: str = "doc_id") -> LabelledSentences:
    """JSONL sentences with a label (and a document id for grouped cross-validation).

    Rows whose label is missing or not in schemas/stance_labels.json are
    skipped with a message; a row without ``doc_id`` is its own group.
    """
    allowed = set(stance_labels())
    data = LabelledSentences()
    for doc in read_documents(inputs, fmt="jsonl", report=report, suffixes={".jsonl", ".ndjson"}):
        record = record_of(doc)
        label = record.get(label_field)
        if label not in allowed:
            report.problem(doc.meta["path"], f"{label_field!r} is {label!r}, not one of {', '.join(sorted(allowed))}")
            continue
        data.texts.append(doc.text)
        data.labels.append(label)
        data.groups.append(str(record.get(group_field, doc.meta["path"])))
    if not data.texts:
        raise NoInputError("no labelled sentence could be read from the inputs")
    return data


def read_for_prediction(inputs: Iterable[str], report: IngestReport,
                        text_field: str = "text") -> Iterator[tuple[str, dict]]:
    """(text, the record's other fields) from JSONL, or from plain text with one sentence per line."""
    for doc in read_documents(inputs, text_field=text_field, report=report, text_format="lines"):
        yield doc.text, record_of(doc)
