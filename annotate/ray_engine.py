"""Run the pipeline on Ray Data: actors hold the models, Parquet in and out.

The driver reads the inputs with ``annotate.ingest`` (every format, encoding
and bad-input rule of the local engine) into Parquet input shards; Ray Data
reads them, actors (each loading the pipeline once) annotate batches of
documents, and each document's sentence rows are written back as Parquet.
Like the local engines (``dataset.document_rows``), ``annotate_on_ray`` gives ``run.run`` each
document's id, origin and rows, which ``run.run`` counts and writes, so the
dataset is the one the local engine writes. Needs ``pip install .[ray]``;
``address`` points at a cluster (``ray://host:10001`` or ``auto``), None
starts a local instance.
"""
from __future__ import annotations

import json
import tempfile
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from annotate.dataset import document_rows
from annotate.document import Document
from annotate.errors import AnnotateError
from annotate.pipeline import BATCH_DOCUMENTS

_INPUT_SCHEMA = pa.schema([("doc_id", pa.string()), ("document", pa.string())])


class _Annotator:
    """A Ray actor: loads the pipeline once, turns input rows into annotated sentence rows."""

    def __init__(self, options: dict):
        from annotate.pipeline import load_pipeline
        self.nlp = load_pipeline(**options)

    def __call__(self, batch: dict) -> dict:
        docs = [Document(d["text"], id=d["id"], meta=d["meta"]) for d in map(json.loads, batch["document"])]
        out = {"doc_id": [], "where": [], "rows": []}
        for doc_id, where, rows in document_rows(self.nlp.annotate(docs)):
            out["doc_id"].append(doc_id)
            out["where"].append(where)
            out["rows"].append(json.dumps(rows, ensure_ascii=False))
        return out


def _write_inputs(docs: Iterable[Document], directory: Path, chunk: int = 1000) -> int:
    count = 0
    docs = iter(docs)
    while batch := list(islice(docs, chunk)):
        rows = {"doc_id": [d.id for d in batch],
                "document": [json.dumps({"text": d.text, "id": d.id, "meta": d.meta}, ensure_ascii=False, default=str)
                             for d in batch]}
        pq.write_table(pa.table(rows, schema=_INPUT_SCHEMA), directory / f"input-{count:06d}.parquet")
        count += len(batch)
    return count


def annotate_on_ray(docs: Iterable[Document], options: dict, *, workers: int, address: str | None = None,
                    batch_size: int = BATCH_DOCUMENTS) -> Iterator[tuple[str, str, list[dict]]]:
    """Annotate ``docs`` on Ray: per document its id, where it came from and its sentence rows (``dataset.document_rows``)."""
    try:
        import ray
        import ray.data
    except ImportError as e:
        raise AnnotateError("the ray engine needs Ray: pip install 'annotate[ray]'") from e
    with tempfile.TemporaryDirectory(prefix="annotate-ray-") as tmp:
        inputs, outputs = Path(tmp) / "inputs", Path(tmp) / "outputs"
        inputs.mkdir()
        if not _write_inputs(docs, inputs):
            return
        ray.init(address=address, ignore_reinit_error=True, include_dashboard=False, log_to_driver=False)
        try:
            ray.data.read_parquet(str(inputs)).map_batches(
                _Annotator, fn_constructor_kwargs={"options": options}, batch_size=batch_size,
                concurrency=workers, num_cpus=0.5).write_parquet(str(outputs))  # leave room for read/write tasks
        finally:
            ray.shutdown()
        for path in sorted(outputs.glob("*.parquet")):
            table = pq.read_table(path).to_pydict()
            for doc_id, where, rows in zip(table["doc_id"], table["where"], table["rows"]):
                yield doc_id, where, json.loads(rows)
