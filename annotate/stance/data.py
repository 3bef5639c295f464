"""Labelled and unlabelled sentences for the stance commands: our JSONL, or datasets from ``run`` / ``export``."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from annotate.errors import NoInputError
from annotate.ingest import IngestReport, read_documents, record_of
from annotate.schema import STANCE_LABELS, labels

#: ``stance_source`` values that count as labels unless asked otherwise: people's labels.
PEOPLE_SOURCES = ("gold", "annotated", "adjudicated")
STANCE_SOURCES = ("gold", "adjudicated", "annotated", "model", "weak")


@dataclass
class LabelledSentences:
    """Parallel lists: sentence texts, their labels, and the document each belongs to."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def extend(self, other: "LabelledSentences") -> None:
        self.texts += other.texts
        self.labels += other.labels
        self.groups += other.groups


def read_labelled(inputs: Iterable[str], report: IngestReport, *, label_field: str = "label",
                  group_field: str = "doc_id") -> LabelledSentences:
    """JSONL sentences with a label (and a document id for grouped cross-validation).

    Rows whose label is missing or not in schemas/stance_labels.json are
    skipped with a message; a row without ``doc_id`` is its own group.
    """
    allowed = set(labels(STANCE_LABELS))
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


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a dataset directory written by ``annotate run`` or ``annotate export``."""
    return Path(path).is_dir() and any((Path(path) / "data").glob("*.parquet"))


def read_dataset(directory: str | Path, *, split: str | None = "train",
                 label_sources: Sequence[str] = PEOPLE_SOURCES) -> LabelledSentences:
    """The sentences of one split whose ``stance_source`` is one of ``label_sources``, grouped by document."""
    from annotate.dataset import dataset_documents
    data, found, splits = LabelledSentences(), Counter(), set()
    for name, rows in dataset_documents(directory):
        splits.add(name)
        if split is not None and name != split:
            continue
        for row in rows:
            if row.get("stance") is None:
                continue
            found[row.get("stance_source")] += 1
            if row.get("stance_source") in label_sources:
                data.texts.append(row["text"])
                data.labels.append(row["stance"])
                data.groups.append(row["doc_id"])
    where = f"{directory}" + (f", split {split!r}" if split else "")
    if split is not None and split not in splits:
        raise NoInputError(f"{directory} has no {split!r} split (it has: {', '.join(sorted(splits)) or 'none'})")
    if not data.texts:
        seen = ", ".join(f"{source} {n}" for source, n in found.most_common()) or "no stance labels at all"
        hint = next((s for s, _ in found.most_common() if s not in label_sources), None)
        raise NoInputError(f"no sentence labelled {' or '.join(label_sources)} in {where} (found: {seen})"
                           + (f"; pass --label-sources {hint} to use {hint} labels" if hint else ""))
    return data


def from_dataset(dataset, *, label_sources: Sequence[str] = PEOPLE_SOURCES) -> LabelledSentences:
    """Labelled sentences of a ``datasets.Dataset`` split (label names from its ``stance`` ClassLabel)."""
    names = dataset.features["stance"].names
    data = LabelledSentences()
    for row in dataset.select_columns(["text", "stance", "stance_source", "doc_id"]):
        if row["stance"] is not None and row["stance_source"] in label_sources:
            data.texts.append(row["text"])
            data.labels.append(names[row["stance"]])
            data.groups.append(row["doc_id"])
    if not data.texts:
        raise NoInputError(f"no sentence labelled {' or '.join(label_sources)} in this dataset")
    return data


def read_inputs(inputs: Iterable[str], report: IngestReport, *, split: str | None = "train",
                label_sources: Sequence[str] = PEOPLE_SOURCES) -> LabelledSentences:
    """Labelled sentences from dataset directories (``split``, ``label_sources``) and labelled JSONL, together."""
    inputs = list(inputs)
    data = LabelledSentences()
    datasets = [i for i in inputs if is_dataset(i)]
    for directory in datasets:
        data.extend(read_dataset(directory, split=split, label_sources=label_sources))
    if len(datasets) < len(inputs):
        data.extend(read_labelled([i for i in inputs if i not in datasets], report))
    return data


def from_store(path: str | Path) -> LabelledSentences:
    """The gold and adjudicated stance labels of an annotation store so far."""
    from annotate.annotation.resolve import gold
    from annotate.annotation.store import Store
    data = LabelledSentences()
    with Store(path, create=False) as store:
        for task, label in gold(store, "stance"):
            data.texts.append(task.text)
            data.labels.append(label)
            data.groups.append(task.doc_id)
    return data


def read_for_prediction(inputs: Iterable[str], report: IngestReport,
                        text_field: str = "text") -> Iterator[tuple[str, dict]]:
    """(text, the record's other fields) from JSONL, or from plain text with one sentence per line."""
    for doc in read_documents(inputs, text_field=text_field, report=report, text_format="lines"):
        yield doc.text, record_of(doc)
