"""Annotate documents in several worker processes, each loading the models once.

Batches go out in order and come back in order, at most two per worker in
flight, so the output is the same whatever the worker count and memory does
not grow with the input. Workers find languages by code (built-in or
through the ``annotate.languages`` entry point); one registered only at run
time in the parent process needs a single process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from itertools import islice
from typing import Iterable, Iterator

from annotate.document import Document

_PIPELINE = None


def _start(options: dict, threads: int) -> None:
    global _PIPELINE
    import torch
    torch.set_num_threads(threads)
    from annotate.pipeline import load_pipeline
    _PIPELINE = load_pipeline(**options)


def _annotate(batch: list[Document]) -> list[Document]:
    return list(_PIPELINE.pipe(batch, batch_size=len(batch)))


def parallel_pipe(docs: Iterable[Document], options: dict, workers: int, batch_size: int = 64) -> Iterator[Document]:
    """Like ``Pipeline.pipe`` over ``load_pipeline(**options)``, in ``workers`` processes."""
    threads = max(1, (os.cpu_count() or 1) // workers)
    docs = iter(docs)
    batch = list(islice(docs, batch_size))
    if not batch:
        return
    context = multiprocessing.get_context("spawn")  # torch and fork do not mix
    with context.Pool(workers, initializer=_start, initargs=(options, threads)) as pool:
        pending: deque = deque()
        while batch:
            pending.append(pool.apply_async(_annotate, (batch,)))
            batch = list(islice(docs, batch_size))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
