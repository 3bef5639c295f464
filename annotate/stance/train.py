"""Training a stance model: labelled sentences from datasets, labelled JSONL and an annotation store's gold labels."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from annotate.errors import NoInputError
from annotate.ingest import IngestReport
from annotate.stance.data import PEOPLE_SOURCES, LabelledSentences, from_store, read_inputs


def training_data(inputs: Iterable[str] = (), store: str | Path | None = None, *, split: str | None = "train",
                  label_sources: Sequence[str] = PEOPLE_SOURCES,
                  report: IngestReport | None = None) -> LabelledSentences:
    """The sentences of ``inputs`` (see ``read_inputs``) and the gold and adjudicated labels of a store, together."""
    inputs = list(inputs)
    if not inputs and store is None:
        raise NoInputError("give labelled data, an annotation store or both")
    labelled = read_inputs(inputs, report or IngestReport(), split=split, label_sources=label_sources) if inputs \
        else LabelledSentences()
    if store is not None:
        labelled.extend(from_store(store))
    return labelled


def train(labelled: LabelledSentences, functions: Sequence = ()):
    """A stance model (``make_model`` with the labelling functions' votes) fitted on labelled sentences."""
    from annotate.stance.model import make_model
    if len(set(labelled.labels)) < 2:
        raise NoInputError("training needs sentences of at least two different labels")
    return make_model(functions).fit(labelled.texts, labelled.labels)
