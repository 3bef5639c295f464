"""The final label of each task: adjudicated, else gold when enough annotators agree, else the model's.

Stance: an adjudication wins; otherwise, when every annotator who answered
gave the same label, that label is ``gold`` if at least ``min_annotators``
answered, else ``annotated``; otherwise (disagreement or no answer) the
pre-annotation stays, with its own source. Entities follow the same rule
over span sets.
"""
from __future__ import annotations

from dataclasses import dataclass

from annotate.annotation.store import Store, Task


@dataclass(frozen=True)
class Resolution:
    """A task's final value, where it came from, and who answered what."""

    value: object
    source: str
    annotators: tuple[str, ...]
    answers: tuple


def default_min_annotators(store: Store) -> int:
    """The gold policy when none is given: 2 where the store has two or more annotators, else 1."""
    return 2 if len({a.annotator for a in store.answers("stance") if a.action == "label"}) >= 2 else 1


def resolve(store: Store, kind: str, min_annotators: int = 1) -> dict[int, Resolution]:
    """Final value per task that has any answer or adjudication (tasks without keep their pre-annotation)."""
    by_task: dict[int, dict[str, object]] = {}
    adjudicated: dict[int, object] = {}
    for answer in store.answers(kind):
        value = answer.label if kind == "stance" else tuple(tuple(e) for e in sorted(answer.entities or []))
        if answer.action == "adjudicate":
            adjudicated[answer.task_id] = value
        else:
            by_task.setdefault(answer.task_id, {})[answer.annotator] = value
    final = {}
    for task_id in set(by_task) | set(adjudicated):
        given = by_task.get(task_id, {})
        annotators = tuple(sorted(given))
        answers = tuple(given[a] for a in annotators)
        if task_id in adjudicated:
            final[task_id] = Resolution(adjudicated[task_id], "adjudicated", annotators, answers)
        elif len(set(answers)) == 1:
            source = "gold" if len(annotators) >= min_annotators else "annotated"
            final[task_id] = Resolution(answers[0], source, annotators, answers)
        else:
            final[task_id] = Resolution(None, "disputed", annotators, answers)
    return final


def disputed(store: Store, kind: str = "stance") -> list[int]:
    """Tasks whose annotators disagree and that no one has adjudicated yet, in document order."""
    final = resolve(store, kind)
    return [t.id for t in store.tasks() if t.id in final and final[t.id].source == "disputed"]


def gold(store: Store, kind: str = "stance") -> list[tuple[Task, object]]:
    """(task, final value) for every task whose value is ``gold`` or ``adjudicated``, in document order."""
    final = resolve(store, kind)
    return [(t, final[t.id].value) for t in store.tasks()
            if t.id in final and final[t.id].source in ("gold", "adjudicated")]
