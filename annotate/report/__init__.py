"""A self-contained HTML report of a dataset or an annotation store (``annotate report``).

``source`` reads the input, ``summary`` counts, ``svg`` draws, ``render``
writes the page.
"""
from __future__ import annotations

from pathlib import Path

from annotate.actors import ActorTable
from annotate.atomic import atomic_output
from annotate.report.render import render
from annotate.report.source import open_source
from annotate.report.summary import Summary


def write_report(path: str | Path, out: str | Path, *, overwrite: bool = False, max_documents: int = 500,
                 seed: int = 0, actors: ActorTable | None = None) -> tuple[Summary, int]:
    """Write the report of a dataset directory or store file to ``out``; returns its summary and documents shown.

    ``actors`` links a store's actors and names them in the actor-pair section.
    """
    page, summary, shown = render(open_source(path, seed=seed, actors=actors), max_documents=max_documents,
                                  names=actors.name if actors else str)
    with atomic_output(out, overwrite=overwrite) as f:
        f.write(page)
    return summary, shown
