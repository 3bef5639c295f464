"""Write annotated documents as a HuggingFace dataset (Hub layout).

``DIR/README.md`` is the dataset card (YAML front matter with configs and
features); ``DIR/data/<split>-NNNNN-of-NNNNN.parquet`` hold the rows, one
per sentence. The directory is built under a temporary name beside ``DIR``
and renamed into place at the end, so a failed run never leaves a
half-written dataset that looks complete.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from annotate import __version__
from annotate.document import KNOWN_META, Document
from annotate.errors import NoInputError, OutputExistsError
from annotate.schema import features as schema_features, load_schema

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
    meta = {key: doc.meta.get(key) for key in ("path", *KNOWN_META)}
    extra = doc.meta.get("extra")
    meta["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None
    for index, sent in enumerate(doc.sentences):
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


def read_rows(directory: str | Path) -> Iterator[dict]:
    """Rows of a dataset written by ``DatasetWriter``, label columns decoded to their names."""
    features = schema_features()
    for path in sorted((Path(directory) / "data").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            yield _decode(row, features)


def _decode(row: dict, features) -> dict:
    import datasets
    out = dict(row)
    for column, feature in features.items():
        value = out.get(column)
        if value is None:
            continue
        if isinstance(feature, datasets.ClassLabel):
            out[column] = feature.int2str(value)
        elif isinstance(feature, datasets.List) and isinstance(feature.feature, datasets.ClassLabel):
            out[column] = [feature.feature.int2str(v) for v in value]
    return out


@dataclass
class _Split:
    name: str
    writer: pq.ParquetWriter | None = None
    shards: list[Path] = field(default_factory=list)
    rows_in_shard: int = 0
    rows: int = 0
    nbytes: int = 0
    documents: int = 0


class DatasetWriter:
    """Stream documents into split Parquet shards, then publish the directory.

    Use as a context manager: on a clean exit the dataset card is written
    and the directory is moved to ``out``; on an error nothing at ``out``
    changes.
    """

    def __init__(self, out: str | Path, *, language: str, overwrite: bool = False, seed: int = 0,
                 ratios: tuple[float, ...] = DEFAULT_RATIOS, license: str = "other",
                 rows_per_shard: int = 100_000, buffer_rows: int = 2_000, notes: str = ""):
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise OutputExistsError(f"{self.out} exists and is not a directory")
        if self.out.is_dir() and any(self.out.iterdir()) and not overwrite:
            raise OutputExistsError(f"{self.out} is not empty; pass --overwrite to replace it")
        self.language, self.seed, self.ratios, self.license = language, seed, ratios, license
        self.rows_per_shard, self.buffer_rows, self.notes = rows_per_shard, buffer_rows, notes
        self.features = schema_features()
        self.schema = self.features.arrow_schema
        self.splits = {name: _Split(name) for name in SPLITS[:len(ratios)]}
        self._buffers: dict[str, list[dict]] = {name: [] for name in self.splits}
        self._tmp: Path | None = None

    def __enter__(self) -> "DatasetWriter":
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".partial", dir=self.out.parent))
        (self._tmp / "data").mkdir()
        return self

    def add(self, doc: Document) -> str:
        """Write one document's sentences; returns the split it went to."""
        return self.add_rows(doc.id, sentence_rows(doc))

    def add_rows(self, doc_id: str, rows: Iterable[dict]) -> str:
        """Write the rows (labels as names) of one document; returns the split it went to."""
        split = self.splits[assign_split(doc_id, self.seed, self.ratios)]
        split.documents += 1
        buffer = self._buffers[split.name]
        buffer.extend(self.features.encode_example(row) for row in rows)
        if len(buffer) >= self.buffer_rows:
            self._flush(split)
        return split.name

    def _flush(self, split: _Split) -> None:
        buffer = self._buffers[split.name]
        while buffer:
            if split.writer is None:
                path = self._tmp / "data" / f"{split.name}-{len(split.shards):05d}.parquet"
                split.shards.append(path)
                split.writer = pq.ParquetWriter(path, self.schema)
                split.rows_in_shard = 0
            take = buffer[:self.rows_per_shard - split.rows_in_shard]
            del buffer[:len(take)]
            table = pa.Table.from_pylist(take, schema=self.schema)
            split.writer.write_table(table)
            split.nbytes += table.nbytes
            split.rows_in_shard += len(take)
            split.rows += len(take)
            if split.rows_in_shard >= self.rows_per_shard:
                split.writer.close()
                split.writer = None

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._finish()
        finally:
            if self._tmp is not None and self._tmp.exists():
                shutil.rmtree(self._tmp, ignore_errors=True)

    def _finish(self) -> None:
        for split in self.splits.values():
            self._flush(split)
            if split.writer is not None:
                split.writer.close()
            for i, path in enumerate(split.shards):
                path.rename(path.with_name(f"{split.name}-{i:05d}-of-{len(split.shards):05d}.parquet"))
        if not any(split.rows for split in self.splits.values()):
            raise NoInputError("no sentence to write; nothing written")
        (self._tmp / "README.md").write_text(self.card(), encoding="utf-8")
        if self.out.exists():
            shutil.rmtree(self.out)
        self._tmp.rename(self.out)

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
                "features": self.features._to_yaml_list(),
                "splits": [{"name": s.name, "num_bytes": s.nbytes, "num_examples": s.rows}
                           for s in self.written_splits()],
            },
        }
        front = yaml.safe_dump(info, sort_keys=False, allow_unicode=True)
        table = "\n".join(f"| {s.name} | {s.documents} | {s.rows} |" for s in self.splits.values())
        columns = "\n".join(f"- `{name}`: {prop.get('description', '')}"
                            for name, prop in load_schema()["properties"].items())
        return (f"---\n{front}---\n\n# annotate dataset\n\n"
                f"Sentences of cleaned news documents, made by annotate {__version__} "
                f"(language `{self.language}`). One row per sentence; documents are assigned to splits "
                f"by a hash of their id with seed {self.seed} (ratios {', '.join(map(str, self.ratios))}), "
                f"so no document straddles splits; a split that received no document is left out.\n\n"
                f"| split | documents | sentences |\n| --- | --- | --- |\n{table}\n\n{self.notes}"
                f"## Columns\n\n{columns}\n")
