"""A labelling session: which task comes next, and what each keystroke does to the store.

No terminal here (see ``tui.py``): the session is the annotator's queue,
resumed from the store, in sequential, random (stable per annotator) or
uncertainty order (least confident suggestion first). With ``overlap`` K,
each item goes to K annotators: an item K others have answered or have on
screen is left out, and items others started come first, so their overlap
completes. The choice is checked against the store at every item.
"""
from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Collection

from annotate.annotation.markup import linked_actor, parse, render
from annotate.annotation.store import KINDS, Answer, Store, Task
from annotate.schema import NER_LABELS, STANCE_LABELS, labels, load_schema
from annotate.terminal import safe

ORDERS = ("sequential", "random", "uncertainty")


class LabellingSession:
    """One annotator working through a store's tasks of one kind (``stance`` or ``ner``)."""

    def __init__(self, store: Store, annotator: str, kind: str = "stance", order: str = "sequential",
                 confidence: dict[int, float] | None = None, overlap: int | None = None,
                 actor_codes: Collection[str] = ()):
        if kind not in KINDS or order not in ORDERS or (overlap is not None and overlap < 1):
            raise ValueError(f"unknown kind {kind!r} or order {order!r}, or overlap {overlap!r} below 1")
        self.store, self.annotator, self.kind, self.overlap = store, annotator, kind, overlap
        self.labels = labels(STANCE_LABELS)
        self.entity_types = load_schema(NER_LABELS)["types"]
        self.actor_codes = frozenset(actor_codes)  # what an entity's actor may be set to in markup
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
        self._current: int | None = None
        self._advance()

    def __enter__(self) -> "LabellingSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the task on screen to other annotators."""
        self.store.claim(None, self.annotator, self.kind)

    def current(self) -> Task | None:
        """The task on screen, or None when the queue is done."""
        return None if self._current is None else self.tasks[self._current]

    def neighbours(self, task: Task) -> tuple[Task | None, Task | None]:
        """The previous and next sentence of the same document."""
        return (self._by_position.get((task.doc_id, task.sent_index - 1)),
                self._by_position.get((task.doc_id, task.sent_index + 1)))

    def suggestion(self, task: Task) -> tuple[str | None, float | None]:
        """The pre-annotated stance label and its probability."""
        label, scores = task.row.get("stance"), task.row.get("stance_scores")
        return label, (max(scores) if scores else None)

    def markup(self, task: Task) -> str:
        """The sentence with its pre-annotated entities as ``[words]{TYPE}`` markup, made terminal-safe, each
        with the actor linked to it (``{PER:CHN}``) when the whole entity (a person's name after a title) is
        that actor's mention.

        Unsafe characters become '?', one for one, so offsets stay those of the text.
        """
        mentions = (task.row.get("actors") or []) if self.actor_codes else []
        entities = task.row.get("entities") or []
        return render(safe(task.text), [{**e, "actor": linked_actor(e, mentions)} for e in entities])

    def answer(self, action: str, *, label: str | None = None, entities: list | None = None) -> Answer:
        """Record label / accept / skip for the task on screen, move on, and return what was recorded."""
        task = self.current()
        suggested, score = self.suggestion(task)
        if action == "accept":
            if self.kind == "stance":
                label = suggested
            else:
                entities = [[e["start"], e["end"], e["label"]] for e in task.row.get("entities") or []]
        self.store.decide(task.id, self.annotator, self.kind, action, label=label, entities=entities,
                          suggestion=suggested, suggestion_score=score)
        if action != "skip":
            self.answered_here += 1
        self.position += 1
        self._advance()
        return Answer(task.id, self.annotator, self.kind, action, label, entities)

    def save_markup(self, line: str) -> Answer:
        """Record the entities of an edited markup line (see ``markup``); raises ``MarkupError`` if it does not fit."""
        task = self.current()
        found = parse(line, safe(task.text), task.row["token_starts"], task.row["token_ends"], self.entity_types,
                      self.actor_codes)
        return self.answer("label", entities=[[e["start"], e["end"], e["label"], *([e["actor"]] if "actor" in e else [])]
                                              for e in found])

    def undo(self) -> Answer | None:
        """Cancel this annotator's last decision in effect and show that task again; returns it, None if none."""
        stack = self.store.history(self.kind, self.annotator).get(self.annotator, [])
        if not stack:
            return None
        last = stack[-1]
        self.store.decide(last.task_id, self.annotator, self.kind, "undo")
        if last.action != "skip":
            self.answered_here = max(0, self.answered_here - 1)
        if last.task_id in self.queue[:self.position]:
            self.position -= 1
        if last.task_id in self.queue:
            self.queue.remove(last.task_id)
        self.queue.insert(self.position, last.task_id)
        self._show(last.task_id)
        return last

    def progress(self) -> tuple[int, int, float]:
        """(tasks answered by this annotator, all tasks, answers per minute in this session)."""
        done = len({a.task_id for a in self.store.answers(self.kind, self.annotator)})
        minutes = max((time.monotonic() - self.started) / 60, 1e-9)
        return done, len(self.tasks), self.answered_here / minutes

    def _advance(self) -> None:
        """Show the next task of the queue that fewer than ``overlap`` others have taken, others' started first."""
        with self.store.transaction():  # choose and claim at once: two sessions cannot both take the last place
            rest = self.queue[self.position:]
            if self.overlap is not None:
                taken = self._taken()
                rest = [i for i in rest if taken.get(i, 0) < self.overlap]
                rest.sort(key=lambda i: taken.get(i, 0) == 0)  # stable: started by others first, then fresh
            if rest:
                self.queue.remove(rest[0])
                self.queue.insert(self.position, rest[0])
            self._show(rest[0] if rest else None)

    def _show(self, task_id: int | None) -> None:
        self._current = task_id
        self.store.claim(task_id, self.annotator, self.kind)

    def _taken(self) -> dict[int, int]:
        """Per task, how many other annotators answered it or have it on screen."""
        takers: dict[int, set[str]] = {}
        for answer in self.store.answers(self.kind):
            if answer.annotator != self.annotator and answer.action != "adjudicate":
                takers.setdefault(answer.task_id, set()).add(answer.annotator)
        for who, task_id in self.store.claims(self.kind).items():
            if who != self.annotator:
                takers.setdefault(task_id, set()).add(who)
        return {task_id: len(who) for task_id, who in takers.items()}


def model_confidence(store: Store, model_path: str | Path) -> dict[int, float]:
    """Per task, the highest probability a saved stance model gives its sentence (for the uncertainty order)."""
    from annotate.stance.saved import load, scores
    tasks = list(store.tasks())
    return dict(zip((t.id for t in tasks), scores(load(model_path), [t.text for t in tasks]).max(axis=1)))


def _confidence(task: Task) -> float:
    scores = task.row.get("stance_scores")
    return max(scores) if scores else 1.0
