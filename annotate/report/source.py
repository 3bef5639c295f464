"""What a report reads: documents (split, rows) and agreement figures, from a dataset or a store."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from annotate.actors import ActorTable
from annotate.annotation.agreement import Figure, entity_agreement, ratings_from
from annotate.dataset import assign_split, dataset_documents
from annotate.errors import NoInputError


@dataclass
class Source:
    """A report's input: ``documents()`` yields (split, rows of one document) in order."""

    name: str
    kind: str  # "dataset" or "store"
    documents: Callable[[], Iterator[tuple[str, list[dict]]]]
    entity_figures: list[Figure] = field(default_factory=list)


def open_source(path: str | Path, *, seed: int = 0, actors: ActorTable | None = None) -> Source:
    """A dataset directory (``annotate run``/``export``) or an annotation store file.

    A store's documents are assigned to splits as ``annotate export`` would,
    with ``seed``, and its actors linked with ``actors`` where annotators
    corrected the entities; its entity agreement comes from the annotators' answers.
    """
    path = Path(path)
    if path.is_dir():
        if not any((path / "data").glob("*.parquet")):
            raise NoInputError(f"{path} is not a dataset: no data/*.parquet files")
        return Source(str(path), "dataset", lambda: dataset_documents(path))
    if path.is_file():
        return _store_source(path, seed, actors)
    raise NoInputError(f"{path}: no such dataset directory or store file")


def _store_source(path: Path, seed: int, actors: ActorTable | None) -> Source:
    from annotate.annotation.export import final_rows
    from annotate.annotation.store import Store

    with Store(path, create=False) as store:
        _, spans = ratings_from(store.answers("ner"))

    def documents() -> Iterator[tuple[str, list[dict]]]:
        with Store(path, create=False) as store:
            for rows in final_rows(store, actors):
                yield assign_split(rows[0]["doc_id"], seed), rows

    return Source(str(path), "store", documents, entity_agreement(spans))
