"""A labelling session: which task comes next, and what each keystroke does to the store.

No terminal here (see ``tui.py``): the session is the annotator's queue,
resumed from the store, in sequential, random (stable per annotator) or
uncertainty order (least confident suggestion first).
"""
from __future__ import annotations

import random
import time

from annotate.annotation.store import Store, Task

ORDERS = ("sequential", "random", "uncertainty")


class LabellingSession:
    """One annotator working through a store's tasks of one kind (``stance`` or ``ner``)."""

    def __init__(self, store: Store, annotator: str, kind: str = "stance", order: str = "sequential",
                 confidence: dict[int, float] | None = None):
        self.store, self.annotator, self.kind = store, annotator, kind
        self.tasks = {t.id: t for t in store.tasks()}
        self._by_position = {(t.doc_id, t.sent_index): t for t in self.tasks.values()}
        answered = {a.task_id for a in store.answers(kind, annotator)}
        queue = [i for i in self.tasks if i not in answered]
        if order == "random":
            random.Random(annotator).shuffle(queue)
        elif order == "uncertainty":
            confidence = confidence if confidence is not None else {i: _confidence(t) for i, t in self.tasks.items()}
            queue.sort(key=lambda i: confidence[i])
        self.queue = queue
        self.position = 0
        self.started, self.answered_here = time.monotonic(), 0

    def current(self) -> Task | None:
        """The task on screen, or None when the queue is done."""
        return self.tasks[self.queue[self.position]] if self.position < len(self.queue) else None

    def neighbours(self, task: Task) -> tuple[Task | None, Task | None]:
        """The previous and next sentence of the same document."""
        return (self._by_position.get((task.doc_id, task.sent_index - 1)),
                self._by_position.get((task.doc_id, task.sent_index + 1)))

    def suggestion(self, task: Task) -> tuple[str | None, float | None]:
        """The pre-annotated stance label and its probability."""
        label, scores = task.row.get("stance"), task.row.get("stance_scores")
        return label, (max(scores) if scores else None)

    def answer(self, action: str, *, label: str | None = None, entities: list | None = None) -> None:
        """Record label / accept / skip for the task on screen and move on."""
        task = self.current()
        suggested, score = self.suggestion(task)
        if action == "accept" and self.kind == "stance":
            label = suggested
        self.store.decide(task.id, self.annotator, self.kind, action, label=label, entities=entities,
                          suggestion=suggested, suggestion_score=score)
        if action != "skip":
            self.answered_here += 1
        self.position += 1

    def undo(self) -> bool:
        """Cancel this annotator's last decision in effect and show that task again; False if none."""
        stack = self.store.history(self.kind, self.annotator).get(self.annotator, [])
        if not stack:
            return False
        last = stack[-1]
        self.store.decide(last.task_id, self.annotator, self.kind, "undo")
        if last.action != "skip":
            self.answered_here = max(0, self.answered_here - 1)
        if last.task_id in self.queue[:self.position]:
            self.queue.remove(last.task_id)
            self.position -= 1
        self.queue.insert(self.position, last.task_id)
        return True

    def progress(self) -> tuple[int, int, float]:
        """(tasks answered by this annotator, all tasks, answers per minute in this session)."""
        done = len({a.task_id for a in self.store.answers(self.kind, self.annotator)})
        minutes = max((time.monotonic() - self.started) / 60, 1e-9)
        return done, len(self.tasks), self.answered_here / minutes


def _confidence(task: Task) -> float:
    scores = task.row.get("stance_scores")
    return max(scores) if scores else 1.0
