"""Annotate documents in several worker processes that share the parent's loaded pipeline.

The parent loads the models once; workers are forked from it, so they start
at once and share the model weights' memory (copy on write), and a language
registered at run time works as in one process. Each worker runs torch on
its share of the cores. Where ``fork`` is missing (Windows) workers are
spawned and load the pipeline of ``options`` themselves. Batches (``pipeline.batches``) go out in
order and come back in order, at most two per worker in flight, so the
output is the same whatever the worker count and memory does not grow with
the input.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from typing import Callable, Iterable, Iterator

from annotate.document import Document
from annotate.pipeline import BATCH_DOCUMENTS, Pipeline, batches, wanted

_PIPELINE: Pipeline | None = None


def _start(threads: int, options: dict | None) -> None:
    global _PIPELINE
    import torch
    torch.set_num_threads(threads)
    if options is not None:  # spawned: nothing inherited
        from annotate.pipeline import load_pipeline
        _PIPELINE = load_pipeline(**options)


def _annotate(batch: list[Document]) -> list[Document]:
    return _PIPELINE.annotate(batch)


def parallel_pipe(docs: Iterable[Document], pipeline: Pipeline | None, options: dict, workers: int,
                  batch_size: int = BATCH_DOCUMENTS,
                  skip: Callable[[Document], bool] | None = None) -> Iterator[Document]:
    """Like ``pipeline.pipe``, in ``workers`` processes (``options``: ``load_pipeline``'s, where workers are spawned):
    the same batches, so the same output."""
    global _PIPELINE
    threads = max(1, (os.cpu_count() or 1) // workers)
    groups = batches(docs, batch_size, skip=skip)
    batch = next(groups, None)
    if batch is None:
        return
    fork = "fork" in multiprocessing.get_all_start_methods() and pipeline is not None
    if fork:
        _PIPELINE = pipeline
    context = multiprocessing.get_context("fork" if fork else "spawn")
    try:
        with context.Pool(workers, initializer=_start, initargs=(threads, None if fork else options)) as pool:
            pending: deque = deque()
            while batch:
                pending.append(pool.apply_async(_annotate, (batch,)))
                batch = next(groups, None)
                if len(pending) >= 2 * workers:
                    yield from wanted(pending.popleft().get(), skip)
            while pending:
                yield from wanted(pending.popleft().get(), skip)
    finally:
        _PIPELINE = None
