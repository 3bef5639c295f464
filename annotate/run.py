"""``run``: inputs in; cleaned, tokenized, entity- and stance-tagged dataset out."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from tqdm import tqdm

from annotate import languages
from annotate.dataset import DEFAULT_RATIOS, DatasetWriter, document_id, document_rows
from annotate.document import Document
from annotate.errors import NoInputError
from annotate.ingest import MAX_CHARS, IngestReport, estimate_documents, read_documents
from annotate.langid import LanguageCheck, check_documents, load_in_background
from annotate.parallel import parallel_pipe
from annotate.pipeline import Pipeline, load_pipeline
from annotate.ray_engine import annotate_on_ray


@dataclass
class RunSummary:
    """What a run read, wrote and skipped; ``other_languages``: documents found in another language than ``lang``."""

    documents: int
    sentences: int
    tokens: int
    splits: dict[str, int]
    report: IngestReport
    other_languages: int = 0


def unique_documents(docs: Iterable[Document], report: IngestReport,
                     done: set[str] = frozenset()) -> Iterator[Document]:
    """Give each document its id; skip repeats of an id already seen, and (silently) the ids in ``done``."""
    seen: dict[str, str] = {}
    for doc in docs:
        doc.id = document_id(doc)
        where = doc.meta.get("path", "?")
        if doc.id in seen:
            report.problem(where, f"duplicate of document {doc.id} from {seen[doc.id]}")
            continue
        seen[doc.id] = where
        if doc.id not in done:
            yield doc


#: Documents longer than this get a line of their own: they take a while, and show no progress until done.
LONG_CHARS = 200_000


def tell_part(doc: Document, step: str, done: int, total: int) -> None:
    """A line per part of a long document (``Pipeline.progress``): the bar moves only once it is done."""
    print(f"{doc.meta.get('path', '?')}: {step} {done:,} of {total:,} characters ({done / max(total, 1):.0%})",
          file=sys.stderr, flush=True)


def announce_long(docs: Iterable[Document], report: IngestReport,
                  skip: Callable[[Document], bool] | None = None) -> Iterator[Document]:
    """Pass documents through, saying when a long one goes in (it is annotated in bounded parts, alone in its
    batch, so not at all when ``skip`` marks it)."""
    for doc in docs:
        if len(doc.text) > LONG_CHARS and not (skip and skip(doc)):
            report.warn(f"{doc.meta.get('path', '?')}: a long document ({len(doc.text):,} characters), "
                        f"annotated in parts; about {len(doc.text) / 60_000:.0f} s")
        yield doc


class Progress:
    """Documents, tokens/s and ETA: a bar on a terminal, a line every ``every`` seconds otherwise.

    ``total`` is an estimate of the documents to come (None when unknown).
    """

    def __init__(self, enabled: bool = True, stream: TextIO | None = None, every: float = 10.0,
                 total: int | None = None):
        stream = stream or sys.stderr
        self.enabled, self.stream, self.every, self.total = enabled, stream, every, total
        self.documents = self.tokens = 0
        self.reported_documents = -1
        self.started = self.reported = time.monotonic()
        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked while the bar lives
        self.bar = (tqdm(desc="documents", unit="doc", file=stream, total=total)
                    if enabled and stream.isatty() else None)

    def update(self, tokens: int) -> None:
        self.documents += 1
        self.tokens += tokens
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.rate():,.0f} tokens/s", refresh=False)
            self.bar.update()
        elif self.enabled and time.monotonic() - self.reported >= self.every:
            self._line()

    def rate(self) -> float:
        return self.tokens / max(time.monotonic() - self.started, 1e-9)

    def _line(self) -> None:
        self.reported, self.reported_documents = time.monotonic(), self.documents
        of = f" of about {self.total}" if self.total else ""
        eta = ""
        if self.total and self.documents:
            left = (self.total - self.documents) * (self.reported - self.started) / self.documents
            eta = f", about {max(left, 0) / 60:.1f} min left"
        print(f"progress: {self.documents}{of} documents, {self.tokens} tokens, {self.rate():,.0f} tokens/s{eta}",
              file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled and self.documents != self.reported_documents:
            self._line()


#: Documents that make a second process worth starting (forked with the models: a fraction of a second).
DOCUMENTS_PER_WORKER = 200


def workers_for(documents: int | None) -> int:
    """Processes for about this many documents: one for a handful, up to all cores for thousands."""
    cores = os.cpu_count() or 1
    return cores if documents is None else max(1, min(cores, documents // DOCUMENTS_PER_WORKER))


def run(inputs: Sequence[str], out: str | Path, *, lang: str = "id", stanza_dir: str | Path | None = None,
        pipeline: Pipeline | None = None, workers: int | None = 1, ner: bool = True, stance: bool = True,
        fmt: str = "auto", text_field: str = "text", seed: int = 0, ratios: tuple[float, ...] = DEFAULT_RATIOS,
        overwrite: bool = False, license: str = "other", progress: bool = True, resume: bool = False,
        rows_per_shard: int = 20_000, engine: str = "local", address: str | None = None,
        report: IngestReport | None = None, max_chars: int = MAX_CHARS,
        skip_other_languages: bool = False) -> RunSummary:
    """Read, clean, tokenize, tag and write a dataset to ``out``.

    The pipeline (``pipeline``, or that of ``lang``) is loaded once and runs
    in ``workers`` processes forked from this one (None: chosen from the
    input size, ``workers_for``). ``resume`` continues an interrupted run into the
    same ``out`` with the same options, skipping the documents already
    written. ``engine="ray"`` runs the pipeline on Ray Data (``address``:
    a cluster, or None for a local instance). Documents longer than
    ``max_chars`` characters are skipped with a message. Each document's
    language is checked against ``lang`` (``annotate.langid``): one warning
    per document in another language, which ``skip_other_languages`` leaves
    out. Raises ``NoInputError`` (and writes nothing) when no document could be read.
    """
    report = report or IngestReport()
    if pipeline is not None:
        ner, stance = (any(step.name == name for step in pipeline.processors) for name in ("ner", "stance"))
    language = languages.get(lang, stanza_dir=stanza_dir)
    models = language.model_versions(stanza_dir=stanza_dir, ner=ner, stance=stance)
    check = LanguageCheck(language.code, language.name)
    identifier_loading = load_in_background()  # the language identifier loads while the models do
    writer = DatasetWriter(out, language=lang, overwrite=overwrite, seed=seed, ratios=ratios, license=license,
                           resume=resume, rows_per_shard=rows_per_shard, models=models)
    sentences = tokens = 0
    with writer:
        splits = {split.name: split.documents for split in writer.splits.values()}
        options = {"lang": lang, "stanza_dir": stanza_dir, "ner": ner, "stance": stance}
        estimate = estimate_documents(inputs, fmt) if workers is None or progress else None
        if workers is None:
            workers = workers_for(estimate)
        if progress and pipeline is None:
            report.warn(f"loading the {language.name or lang} models"
                        + (f" in {workers} Ray workers" if engine == "ray" else "") + " ...")
        if engine != "ray":
            pipeline = pipeline or load_pipeline(lang, stanza_dir=stanza_dir, ner=ner, stance=stance)
            pipeline.progress = tell_part if progress else None
        # On resume, the local engines still read the finished documents, to make the batches a clean run makes
        # (``Pipeline.pipe``'s ``skip``); Ray, which makes its own batches, never sees them.
        docs = unique_documents(read_documents(inputs, fmt=fmt, text_field=text_field, report=report,
                                               max_chars=max_chars), report,
                                done=writer.done_ids if engine == "ray" else frozenset())
        if check.available:
            docs = check_documents(docs, check, report, skip=skip_other_languages)
        else:
            report.warn(f"warning: no language check: py3langid is missing or does not know {lang!r}")
        skip = (lambda doc: doc.id in writer.done_ids) if writer.done_ids else None
        docs = announce_long(docs, report, skip)
        identifier_loading.join()  # no thread running when workers are forked
        if engine == "ray":
            annotated = annotate_on_ray(docs, options, workers=workers, address=address)
        else:
            annotated = document_rows(pipeline.pipe(docs, skip=skip) if workers == 1 else
                                      parallel_pipe(docs, pipeline, options, workers, skip=skip))
        meter = Progress(progress, total=estimate)
        for doc_id, where, rows in annotated:
            count = sum(len(row["tokens"]) for row in rows)
            meter.update(count)
            if not rows:
                report.problem(where, "no text left after cleaning")
                continue
            splits[writer.add_rows(doc_id, rows)] += 1
            sentences += len(rows)
            tokens += count
        meter.close()
        if not sum(splits.values()):
            raise NoInputError("no document could be read from the inputs; nothing written")
    return RunSummary(sum(splits.values()), sentences, tokens, splits, report, check.others)
