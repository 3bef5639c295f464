"""``run``: inputs in, cleaned and tokenized dataset out."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from tqdm import tqdm

from annotate.dataset import DEFAULT_RATIOS, DatasetWriter, document_id
from annotate.document import Document
from annotate.errors import NoInputError
from annotate.ingest import IngestReport, read_documents
from annotate.pipeline import Pipeline, load_pipeline


@dataclass
class RunSummary:
    """What a run read, wrote and skipped."""

    documents: int
    sentences: int
    tokens: int
    splits: dict[str, int]
    report: IngestReport


def unique_documents(docs: Iterable[Document], report: IngestReport) -> Iterator[Document]:
    """Give each document its id and skip repeats of an id already seen."""
    seen: dict[str, str] = {}
    for doc in docs:
        doc.id = document_id(doc)
        where = doc.meta.get("path", "?")
        if doc.id in seen:
            report.problem(where, f"duplicate of document {doc.id} from {seen[doc.id]}")
            continue
        seen[doc.id] = where
        yield doc


def run(inputs: Sequence[str], out: str | Path, *, lang: str = "id", stanza_dir: str | Path | None = None,
        pipeline: Pipeline | None = None, fmt: str = "auto", text_field: str = "text", seed: int = 0,
        ratios: tuple[float, ...] = DEFAULT_RATIOS, overwrite: bool = False, license: str = "other",
        progress: bool = True, report: IngestReport | None = None) -> RunSummary:
    """Read, clean, tokenize and write a dataset to ``out``.

    Raises ``NoInputError`` (and writes nothing) when no document could be read.
    """
    report = report or IngestReport()
    writer = DatasetWriter(out, language=lang, overwrite=overwrite, seed=seed, ratios=ratios, license=license)
    nlp = pipeline or load_pipeline(lang, stanza_dir=stanza_dir)
    docs = unique_documents(read_documents(inputs, fmt=fmt, text_field=text_field, report=report), report)
    sentences = tokens = 0
    splits = {name: 0 for name in writer.splits}
    with writer, tqdm(desc="documents", unit="doc", disable=not progress, file=sys.stderr) as bar:
        for doc in nlp.pipe(docs):
            bar.update()
            if not doc.sentences:
                report.problem(doc.meta.get("path", "?"), "no text left after cleaning")
                continue
            splits[writer.add(doc)] += 1
            sentences += len(doc.sentences)
            tokens += sum(len(s.tokens) for s in doc.sentences)
        if not sum(splits.values()):
            raise NoInputError("no document could be read from the inputs; nothing written")
    return RunSummary(sum(splits.values()), sentences, tokens, splits, report)
