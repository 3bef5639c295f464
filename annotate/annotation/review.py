"""A review session: the items annotators disagree on, each annotator's answer, and the reviewer's decisions.

No terminal here (see ``tui.py``). A decision is an adjudication: the
exported value of that item, whatever the annotators said. Stance: the
reviewer picks a label. Entities: the reviewer takes one annotator's
version of the sentence's entities.
"""
from __future__ import annotations

from annotate.annotation.markup import render
from annotate.annotation.resolve import disputed
from annotate.annotation.store import KINDS, Answer, Store, Task
from annotate.schema import STANCE_LABELS, labels
from annotate.terminal import safe


class ReviewSession:
    """One reviewer adjudicating a store's disputed tasks of one kind, in document order."""

    def __init__(self, store: Store, reviewer: str, kind: str = "stance"):
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.store, self.reviewer, self.kind = store, reviewer, kind
        self.labels = labels(STANCE_LABELS)
        self.tasks = {t.id: t for t in store.tasks()}
        self._by_position = {(t.doc_id, t.sent_index): t for t in self.tasks.values()}
        self.queue = disputed(store, kind)
        self.position = 0
        self.decided: list[int] = []  # tasks adjudicated in this session, in order
        self._answers: dict[int, list[Answer]] = {}  # annotators' answers do not change while reviewing: read once
        for answer in sorted(store.answers(kind), key=lambda a: a.annotator):
            if answer.action != "adjudicate":
                self._answers.setdefault(answer.task_id, []).append(answer)

    def current(self) -> Task | None:
        """The disputed task on screen, or None when every one has been decided or skipped."""
        return self.tasks[self.queue[self.position]] if self.position < len(self.queue) else None

    def neighbours(self, task: Task) -> tuple[Task | None, Task | None]:
        """The previous and next sentence of the same document."""
        return (self._by_position.get((task.doc_id, task.sent_index - 1)),
                self._by_position.get((task.doc_id, task.sent_index + 1)))

    def answers(self, task: Task) -> list[Answer]:
        """Each annotator's answer to a task, by annotator name."""
        return self._answers.get(task.id, [])

    def choices(self, task: Task) -> list:
        """What a decision can be: the stance labels, or each annotator's entities (in ``answers`` order)."""
        return list(self.labels) if self.kind == "stance" else [a.entities for a in self.answers(task)]

    def markup(self, task: Task, entities: list) -> str:
        """A sentence with entities ``[[start, end, label(, actor)], ...]`` as terminal-safe ``[words]{TYPE}`` markup."""
        return render(safe(task.text), [dict(start=e[0], end=e[1], label=e[2], actor=e[3] if len(e) > 3 else None)
                                        for e in entities])

    def decide(self, value) -> Answer:
        """Adjudicate the task on screen with a label (stance) or an entity list (ner), and move on."""
        task = self.current()
        if value not in self.choices(task):
            raise ValueError(f"{value!r} is not a choice for {task.key}")
        label, entities = (value, None) if self.kind == "stance" else (None, value)
        self.store.decide(task.id, self.reviewer, self.kind, "adjudicate", label=label, entities=entities)
        self.decided.append(task.id)
        self.position += 1
        return Answer(task.id, self.reviewer, self.kind, "adjudicate", label, entities)

    def skip(self) -> Task:
        """Leave the task on screen undecided and move on; returns it."""
        task = self.current()
        self.position += 1
        return task

    def undo(self) -> Answer | None:
        """Cancel the last adjudication of this session and show its task again; returns it, None if none."""
        stack = self.store.history(self.kind, self.reviewer).get(self.reviewer, [])
        last = stack[-1] if stack else None
        if last is None or last.action != "adjudicate" or last.task_id not in self.decided:
            return None
        self.store.decide(last.task_id, self.reviewer, self.kind, "undo")
        self.decided.remove(last.task_id)
        if last.task_id in self.queue[:self.position]:
            self.position -= 1
        self.queue.remove(last.task_id)
        self.queue.insert(self.position, last.task_id)
        return last

    def progress(self) -> tuple[int, int]:
        """(number of the item on screen, items to review)."""
        return min(self.position + 1, len(self.queue)), len(self.queue)
