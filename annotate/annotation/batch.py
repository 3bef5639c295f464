"""Decisions made outside the labelling screen: tasks out as JSONL, decisions back in.

An annotator who labels in a spreadsheet or another tool takes the queue with
``task_records`` and returns one JSON object a line, ``{"id": ..., "label": ...}``
(or ``"text"`` instead of ``"id"``). ``record_decisions`` checks each line as
the labelling screen checks a keystroke: an unknown label or item, or a
malformed line, is reported in one line and nothing is saved for it. Lines
that repeat the annotator's current answer change nothing, so a file can be
recorded twice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from annotate.annotation.resolve import disputed, resolve
from annotate.annotation.store import Store, Task


@dataclass
class BatchReport:
    """What happened to a file of decisions: counts and one message per refused line."""

    recorded: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self, annotator: str) -> str:
        return (f"{self.recorded} decisions recorded for {annotator}, {self.unchanged} unchanged, "
                f"{len(self.problems)} lines refused")


def task_records(store: Store, *, annotator: str | None = None, kind: str = "stance", only_disputed: bool = False,
                 suggestions: bool = False) -> Iterator[dict]:
    """The tasks to decide, in document order, each with its neighbours for context.

    With ``annotator``: only the tasks that annotator has not answered. With
    ``only_disputed``: the tasks annotators disagree on, with each one's
    answer (what a reviewer sees). Model suggestions only when asked for.
    """
    tasks = list(store.tasks())
    by_position = {(t.doc_id, t.sent_index): t for t in tasks}
    answered = {a.task_id for a in store.answers(kind, annotator)} if annotator else set()
    final = resolve(store, kind) if only_disputed else {}
    for task in tasks:
        if task.id in answered or (only_disputed and getattr(final.get(task.id), "source", None) != "disputed"):
            continue
        before, after = by_position.get((task.doc_id, task.sent_index - 1)), by_position.get(
            (task.doc_id, task.sent_index + 1))
        record = {"id": task.key, "doc_id": task.doc_id, "sent_index": task.sent_index,
                  "title": task.row.get("title"), "previous": before.text if before else None, "text": task.text,
                  "next": after.text if after else None}
        if only_disputed:
            record["answers"] = dict(zip(final[task.id].annotators, final[task.id].answers))
        if suggestions:
            record["suggestion"] = task.row.get("stance")
        yield record


def record_decisions(store: Store, lines: Iterable[tuple[str, str]], annotator: str, labels: Sequence[str], *,
                     adjudicate: bool = False) -> BatchReport:
    """Record stance decisions from ``(where, json line)`` pairs as ``annotator``'s answers.

    With ``adjudicate`` the decisions are a reviewer's, and only tasks
    annotators disagree on (or already adjudicated) accept one.
    """
    report = BatchReport()
    tasks = list(store.tasks())
    by_key = {t.key: t for t in tasks}
    by_text: dict[str, list[Task]] = {}
    for task in tasks:
        by_text.setdefault(task.text, []).append(task)
    action = "adjudicate" if adjudicate else "label"
    current = {a.task_id: a.label for a in store.answers("stance", annotator) if a.action == action}
    reviewable = set(disputed(store, "stance")) | set(current) if adjudicate else None
    for where, line in lines:
        if not line.strip():
            continue
        problem, task, label = _parse(line, by_key, by_text, labels)
        if problem is None and reviewable is not None and task.id not in reviewable:
            problem = f"annotators do not disagree on item {task.key!r}: nothing to adjudicate"
        if problem:
            report.problems.append(f"{where}: {problem}; nothing saved for this line")
            continue
        if current.get(task.id) == label:
            report.unchanged += 1
            continue
        store.decide(task.id, annotator, "stance", action, label=label)
        current[task.id] = label
        report.recorded += 1
    return report


def _parse(line: str, by_key: dict[str, Task], by_text: dict[str, list[Task]],
           labels: Sequence[str]) -> tuple[str | None, Task | None, str | None]:
    """(problem, task, label) for one line; problem is None when the line is usable."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        return f"not a JSON object ({e.msg})", None, None
    if not isinstance(record, dict):
        return "not a JSON object", None, None
    label = record.get("label")
    if label not in labels:
        return f"unknown label {label!r} (one of: {', '.join(labels)})", None, None
    key, text = record.get("id"), record.get("text")
    if key is not None:
        task = by_key.get(str(key))
        if task is None:
            return f"unknown item {key!r}: no task with that id in the store", None, None
        return None, task, label
    if not isinstance(text, str):
        return "the line names no item: give \"id\" or \"text\"", None, None
    matches = by_text.get(text, [])
    if not matches:
        return f"unknown item: no task has the text {text[:60]!r}", None, None
    if len(matches) > 1:
        return f"the text {text[:60]!r} is {len(matches)} tasks: give \"id\" instead", None, None
    return None, matches[0], label
