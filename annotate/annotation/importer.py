"""Load the output of ``annotate run`` (or JSONL rows of the same shape) into a store as tasks."""
from __future__ import annotations

from pathlib import Path
from annotate.annotation.store import Store
from annotate.dataset import read_rows
from annotate.errors import AnnotateError
from annotate.ingest import IngestReport, read_documents, record_of

REQUIRED = ("id", "doc_id", "sent_index", "text")


def read_task_rows(source: str | Path, report: IngestReport) -> list[dict]:
    """Rows from a dataset directory (README.md + data/*.parquet) or from JSONL files."""
    path = Path(source)
    if path.is_dir() and (path / "data").is_dir():
        rows = list(read_rows(path))
    else:
        rows = [{**record_of(doc), "text": doc.text} for doc in read_documents([str(source)], fmt="jsonl", report=report)]
    if not rows:
        raise AnnotateError(f"no rows to import from {source}")
    for number, row in enumerate(rows, start=1):
        missing = [c for c in REQUIRED if row.get(c) in (None, "")]
        if missing:
            raise AnnotateError(f"{source}: row {number} lacks {', '.join(missing)} (a dataset from 'annotate run' "
                                f"has {', '.join(REQUIRED)}); nothing imported")
    return rows


def import_tasks(source: str | Path, store: Store | str | Path, report: IngestReport | None = None) -> tuple[int, int]:
    """Add the rows of ``source`` as tasks; re-importing adds nothing twice. Returns (added, already present).

    ``store`` is an open store or a path: the rows are read and checked first,
    so a source that cannot be imported never creates a store file.
    """
    rows = read_task_rows(source, report or IngestReport())
    if isinstance(store, Store):
        return store.add_tasks(rows)
    with Store(store) as opened:
        return opened.add_tasks(rows)
