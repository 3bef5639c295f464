"""Write annotated documents as a HuggingFace dataset (Hub layout).

``DIR/README.md`` is the dataset card (YAML front matter with configs and
features); ``DIR/data/<split>-NNNNN-of-NNNNN.parquet`` hold the rows, one
per sentence. The directory is built as ``.DIR.partial`` beside ``DIR`` and renamed into
place at the end, so a failed run never leaves a half-written dataset that
looks complete, and an interrupted one can be resumed.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from annotate import __version__
from annotate.actors import dyads
from annotate.document import DERIVED_META, KNOWN_META, Document
from annotate.errors import NoInputError, OutputError, OutputExistsError, os_reason
from annotate.schema import layout, load_schema

SPLITS = ("train", "validation", "test")
DEFAULT_RATIOS = (0.8, 0.1, 0.1)


def assign_split(doc_id: str, seed: int = 0, ratios: tuple[float, ...] = DEFAULT_RATIOS) -> str:
    """The split of a document: a deterministic function of its id and the seed."""
    digest = hashlib.sha256(f"{seed}:{doc_id}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    total = sum(ratios)
    cumulative = 0.0
    for split, ratio in zip(SPLITS, ratios):
        cumulative += ratio / total
        if u < cumulative:
            return split
    return SPLITS[len(ratios) - 1]


def document_id(doc: Document) -> str:
    """The document's own id, else a hash of its text."""
    return doc.id or hashlib.sha1(doc.text.encode("utf-8")).hexdigest()[:16]


def sentence_rows(doc: Document) -> Iterator[dict]:
    """One dataset row per sentence, labels as strings; offsets are relative to the sentence text."""
    meta = {key: doc.meta.get(key) for key in ("path", *KNOWN_META, *DERIVED_META)}
    extra = doc.meta.get("extra")
    meta["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None
    for index, sent in enumerate(doc.sentences):
        actors = None if sent.actors is None else [
            {**m.as_dict(), "start": m.start - sent.start, "end": m.end - sent.start} for m in sent.actors]
        yield {
            "id": f"{doc.id}-{index}",
            "doc_id": doc.id,
            "sent_index": index,
            "text": sent.text,
            "tokens": [t.text for t in sent.tokens],
            "token_starts": [t.start - sent.start for t in sent.tokens],
            "token_ends": [t.end - sent.start for t in sent.tokens],
            "ner_tags": sent.ner_tags,
            "entities": None if sent.entities is None else [
                {"start": e.start - sent.start, "end": e.end - sent.start, "label": e.label, "text": e.text}
                for e in sent.entities],
            "actors": actors,
            "dyads": None if actors is None else dyads(actors, sent.stance),
            "stance": sent.stance,
            "stance_scores": sent.stance_scores,
            "stance_source": sent.stance_source,
            "doc_stance": doc.meta.get("stance"),
            "annotators": None,
            "annotator_stances": None,
            "char_start": sent.start,
            "char_end": sent.end,
            **meta,
        }


def document_rows(docs: Iterable[Document]) -> Iterator[tuple[str, str, list[dict]]]:
    """What every engine gives ``run.run``: per annotated document its id, where it came from and its sentence rows."""
    for doc in docs:
        yield doc.id, doc.meta.get("path", "?"), list(sentence_rows(doc))


def read_rows(directory: str | Path) -> Iterator[dict]:
    """Rows of a dataset written by ``DatasetWriter``, label columns decoded to their names."""
    for _, rows in dataset_documents(directory):
        yield from rows


def dataset_documents(directory: str | Path) -> Iterator[tuple[str, list[dict]]]:
    """(split, decoded rows of one document) for each document of a dataset, in shard order."""
    rows_layout = layout()
    for path in sorted((Path(directory) / "data").glob("*.parquet")):
        split = path.name.split("-")[0]
        rows = (rows_layout.convert(row, to_names=True) for row in pq.read_table(path).to_pylist())
        for _, doc_rows in groupby(rows, key=lambda row: row["doc_id"]):
            yield split, list(doc_rows)


def _table(rows: list[dict]) -> pa.Table:
    """Rows as an Arrow table of the layout's schema, parsed by Arrow's JSON reader.

    Equal to ``pa.Table.from_pylist(rows, schema=...)``, but that imports
    pandas on first use (half a second of every run's start-up) and this does not.
    """
    import pyarrow.json
    data = b"".join(json.dumps(row).encode() + b"\n" for row in rows)
    return pyarrow.json.read_json(
        io.BytesIO(data), read_options=pyarrow.json.ReadOptions(use_threads=False, block_size=len(data) + 1),
        parse_options=pyarrow.json.ParseOptions(explicit_schema=layout().arrow, unexpected_field_behavior="error"))


@dataclass
class _Split:
    name: str
    writer: pq.ParquetWriter | None = None
    open: Path | None = None
    shards: list[Path] = field(default_factory=list)
    rows_in_shard: int = 0
    rows: int = 0
    nbytes: int = 0
    documents: int = 0


class DatasetWriter:
    """Stream documents into split Parquet shards, then publish the directory.

    Use as a context manager. Rows go to ``.<out>.partial/`` beside ``out``;
    a shard becomes ``<split>-NNNNN.parquet`` only once it is closed, and a
    document never spans two shards. On a clean exit the card is written and
    the directory renamed to ``out``. On a crash or interruption the partial
    directory stays, and ``resume=True`` continues it: the documents in its
    closed shards are skipped (``done_ids``). Nothing at ``out`` changes
    until the end.
    """

    def __init__(self, out: str | Path, *, language: str, overwrite: bool = False, seed: int = 0,
                 ratios: tuple[float, ...] = DEFAULT_RATIOS, license: str = "other",
                 rows_per_shard: int = 20_000, buffer_rows: int = 2_000, notes: str = "", resume: bool = False,
                 models: dict[str, str] | None = None):
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise OutputExistsError(f"{self.out} exists and is not a directory")
        self.partial = self.out.with_name(f".{self.out.name}.partial")
        if self.out.is_dir() and any(self.out.iterdir()) and not overwrite:
            raise OutputExistsError(f"{self.out} is not empty; pass --overwrite to replace it"
                                    + ("" if not resume else " (there is no interrupted run to resume)"))
        self.language, self.seed, self.ratios, self.license = language, seed, ratios, license
        self.rows_per_shard, self.buffer_rows, self.notes, self.resume = rows_per_shard, buffer_rows, notes, resume
        self.models = dict(models or {})
        self.splits = {name: _Split(name) for name in SPLITS[:len(ratios)]}
        self._buffers: dict[str, list[dict]] = {name: [] for name in self.splits}
        self.done_ids: set[str] = set()

    def _settings(self) -> dict:
        return {"language": self.language, "seed": self.seed, "ratios": list(self.ratios), "license": self.license,
                "models": self.models}

    def __enter__(self) -> "DatasetWriter":
        if self.resume and (self.partial / "run.json").is_file():
            self._load_partial()
            return self
        shutil.rmtree(self.partial, ignore_errors=True)
        try:
            (self.partial / "data").mkdir(parents=True)
            (self.partial / "run.json").write_text(json.dumps(self._settings()), encoding="utf-8")
        except OSError as e:
            shutil.rmtree(self.partial, ignore_errors=True)
            raise OutputError(f"cannot write beside {self.out}: {os_reason(e)}; nothing was written") from None
        return self

    def _load_partial(self) -> None:
        saved = json.loads((self.partial / "run.json").read_text(encoding="utf-8"))
        if saved != self._settings():
            raise OutputExistsError(f"the interrupted run in {self.partial} used {saved}, not {self._settings()}; "
                                    f"resume with the same options, or run without --resume to start over")
        for leftover in (self.partial / "data").glob("*.tmp"):
            leftover.unlink()
        for path in sorted((self.partial / "data").glob("*.parquet")):
            split = self.splits[path.name.split("-")[0]]
            table = pq.read_table(path)
            ids = set(table.column("doc_id").to_pylist())
            split.shards.append(path)
            split.rows += table.num_rows
            split.nbytes += table.nbytes
            split.documents += len(ids)
            self.done_ids |= ids

    def add(self, doc: Document) -> str:
        """Write one document's sentences; returns the split it went to."""
        return self.add_rows(doc.id, sentence_rows(doc))

    def add_rows(self, doc_id: str, rows: Iterable[dict]) -> str:
        """Write the rows (labels as names) of one document; returns the split it went to."""
        split = self.splits[assign_split(doc_id, self.seed, self.ratios)]
        split.documents += 1
        buffer = self._buffers[split.name]
        rows_layout = layout()
        buffer.extend(rows_layout.convert(row, to_names=False) for row in rows)  # as Features.encode_example, 6x faster
        if len(buffer) >= min(self.buffer_rows, self.rows_per_shard):
            self._flush(split)
        return split.name

    def _flush(self, split: _Split) -> None:
        """Write the buffer (whole documents) to the open shard; close the shard once it is full."""
        buffer = self._buffers[split.name]
        if not buffer:
            return
        if split.writer is None:
            split.open = self.partial / "data" / f"{split.name}-{len(split.shards):05d}.parquet.tmp"
            split.writer = pq.ParquetWriter(split.open, layout().arrow)
            split.rows_in_shard = 0
        table = _table(buffer)
        split.writer.write_table(table)
        split.nbytes += table.nbytes
        split.rows_in_shard += len(buffer)
        split.rows += len(buffer)
        buffer.clear()
        if split.rows_in_shard >= self.rows_per_shard:
            self._close_shard(split)

    def _close_shard(self, split: _Split) -> None:
        split.writer.close()
        split.writer = None
        closed = split.open.with_suffix("")  # drop .tmp: the shard is complete
        split.open.rename(closed)
        split.shards.append(closed)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and issubclass(exc_type, (NoInputError, OutputExistsError)):
            shutil.rmtree(self.partial, ignore_errors=True)
            return
        try:
            if exc_type is None:
                self._finish()
                return
        except OSError as e:
            exc = e
        # A crash, an interruption or a failed write: keep what is complete for --resume.
        for split in self.splits.values():
            if split.writer is not None:
                with suppress(OSError):
                    split.writer.close()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the dataset: {os_reason(exc)}. Nothing was published at {self.out}; "
                              f"what was complete is kept in {self.partial}: make room, then run the same command "
                              f"with --resume") from None

    def _finish(self) -> None:
        try:
            for split in self.splits.values():
                self._flush(split)
                if split.writer is not None:
                    self._close_shard(split)
            if not any(split.rows for split in self.splits.values()):
                raise NoInputError("no sentence to write; nothing written")
        except NoInputError:
            shutil.rmtree(self.partial, ignore_errors=True)
            raise
        for split in self.splits.values():
            for i, path in enumerate(split.shards):
                path.rename(path.with_name(f"{split.name}-{i:05d}-of-{len(split.shards):05d}.parquet"))
        (self.partial / "README.md").write_text(self.card(), encoding="utf-8")
        (self.partial / "run.json").unlink()
        if self.out.exists():
            shutil.rmtree(self.out)
        self.partial.rename(self.out)

    def written_splits(self) -> list["_Split"]:
        """Splits that received rows; ``datasets`` cannot load an empty split, so the others are left out."""
        return [split for split in self.splits.values() if split.rows]

    def card(self) -> str:
        """The dataset card: YAML front matter (configs, features, splits) and a description."""
        info = {
            "language": [self.language],
            "license": self.license,
            "task_categories": ["token-classification", "text-classification"],
            "pretty_name": "annotate dataset",
            "configs": [{"config_name": "default",
                         "data_files": [{"split": s.name, "path": f"data/{s.name}-*"} for s in self.written_splits()]}],
            "dataset_info": {
                "features": layout().card_features,
                "splits": [{"name": s.name, "num_bytes": s.nbytes, "num_examples": s.rows}
                           for s in self.written_splits()],
            },
        }
        front = yaml.safe_dump(info, sort_keys=False, allow_unicode=True)
        table = "\n".join(f"| {s.name} | {s.documents} | {s.rows} |" for s in self.splits.values())
        models = "".join(f"- {name}: {version}\n" for name, version in self.models.items())
        models = f"## Models\n\n{models}\n" if models else ""
        columns = "\n".join(f"- `{name}`: {prop.get('description', '')}"
                            for name, prop in load_schema()["properties"].items())
        return (f"---\n{front}---\n\n# annotate dataset\n\n"
                f"Sentences of cleaned news documents, made by annotate {__version__} "
                f"(language `{self.language}`). One row per sentence; documents are assigned to splits "
                f"by a hash of their id with seed {self.seed} (ratios {', '.join(map(str, self.ratios))}), "
                f"so no document straddles splits; a split that received no document is left out.\n\n"
                f"| split | documents | sentences |\n| --- | --- | --- |\n{table}\n\n{models}{self.notes}"
                f"## Columns\n\n{columns}\n")
