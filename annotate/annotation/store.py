"""The annotation store: SQLite in WAL mode, one committed row per decision.

Tasks are dataset rows (sentences with their pre-annotations); every
decision an annotator makes (label, accept, skip, undo, adjudicate) is its
own row, committed at once, so killing the process loses at most the item
on screen and several annotators can write to one store at the same time.
Each annotator's item on screen is a claim, so overlapping queues (``label
--overlap``) count it as taken while it is being labelled. The schema
version lives in ``PRAGMA user_version``; older stores are migrated
forward, newer ones refused.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from annotate.errors import AnnotateError

SCHEMA_VERSION = 2
CLAIM_SECONDS = 600  # a claim older than this (a session killed with its item on screen) no longer counts
KINDS = ("stance", "ner")
ACTIONS = ("label", "accept", "skip", "undo", "adjudicate")

# MIGRATIONS[v] upgrades a store at version v to v + 1.
MIGRATIONS = {
    0: """
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL,
        sent_index INTEGER NOT NULL,
        text TEXT NOT NULL,
        row TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE INDEX tasks_doc ON tasks (doc_id, sent_index);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks (id),
        annotator TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('stance', 'ner')),
        action TEXT NOT NULL CHECK (action IN ('label', 'accept', 'skip', 'undo', 'adjudicate')),
        label TEXT,
        entities TEXT,
        suggestion TEXT,
        suggestion_score REAL,
        created REAL NOT NULL
    );
    CREATE INDEX decisions_by ON decisions (annotator, kind, id);
    CREATE INDEX decisions_task ON decisions (task_id);
    """,
    1: """
    CREATE TABLE claims (
        annotator TEXT NOT NULL,
        kind TEXT NOT NULL,
        task_id INTEGER NOT NULL REFERENCES tasks (id),
        created REAL NOT NULL,
        PRIMARY KEY (annotator, kind)
    );
    """,
}


def _access_problem(path: Path, error: sqlite3.OperationalError) -> str:
    """What an SQLite operational error means for the user: read-only, no permission, or the error itself."""
    message = str(error)
    if "readonly" in message or "read-only" in message:
        return f"{path} cannot be written (a read-only disk or file); nothing was changed"
    if "unable to open" in message:
        return f"cannot open {path}: no permission, or its folder does not exist; nothing was changed"
    return f"{path} could not be used ({message}); nothing was changed"


class StoreError(AnnotateError):
    """The store file is unusable: corrupt, from a newer version, or not a store."""


@dataclass(frozen=True)
class Task:
    """One sentence to annotate: its key, text and the dataset row it came from."""

    id: int
    key: str
    doc_id: str
    sent_index: int
    text: str
    row: dict


@dataclass(frozen=True)
class Answer:
    """An annotator's current answer to a task (after undos)."""

    task_id: int
    annotator: str
    kind: str
    action: str
    label: str | None
    entities: list | None


class Store:
    """An annotation store file; open with ``Store(path)``, use as a context manager or ``close()``."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no annotation store at {self.path}")
        if not create and self.path.is_file() and self.path.stat().st_size == 0:
            raise StoreError(f"{self.path} is an empty file, not an annotation store; nothing was changed")
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout = 30000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.OperationalError as e:
            raise StoreError(_access_problem(self.path, e)) from e
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path} is not a readable annotation store ({e}); nothing was changed") from e

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer annotate (store schema {version}, this one knows "
                             f"up to {SCHEMA_VERSION}); upgrade annotate to use it")
        if version == 0 and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path} is an SQLite file but not an annotation store; nothing was changed")
        while version < SCHEMA_VERSION:
            try:  # one transaction per step: the script carries its own BEGIN and COMMIT
                self.db.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[version]}; "
                                      f"PRAGMA user_version = {version + 1}; COMMIT;")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            version += 1

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add_tasks(self, rows: Iterable[dict]) -> tuple[int, int]:
        """Add dataset rows as tasks, all or none; a row whose ``id`` is already here is skipped.

        Returns (added, already present).
        """
        added = present = 0
        now = time.time()
        with self.transaction():
            for row in rows:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO tasks (key, doc_id, sent_index, text, row, created) VALUES (?, ?, ?, ?, ?, ?)",
                    (row["id"], row["doc_id"], int(row["sent_index"]), row["text"],
                     json.dumps(row, ensure_ascii=False), now))
                added += cursor.rowcount
                present += 1 - cursor.rowcount
        return added, present

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside committed together, or none; other writers wait until it ends."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def tasks(self) -> Iterator[Task]:
        """All tasks in document order."""
        for row in self.db.execute("SELECT id, key, doc_id, sent_index, text, row FROM tasks ORDER BY doc_id, sent_index"):
            yield Task(*row[:5], json.loads(row[5]))

    def decide(self, task_id: int, annotator: str, kind: str, action: str, *, label: str | None = None,
               entities: list | None = None, suggestion: str | None = None,
               suggestion_score: float | None = None) -> int:
        """Record one decision, committed before returning; returns its id."""
        if kind not in KINDS or action not in ACTIONS:
            raise ValueError(f"unknown kind {kind!r} or action {action!r}")
        cursor = self.db.execute(
            "INSERT INTO decisions (task_id, annotator, kind, action, label, entities, suggestion, suggestion_score, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (task_id, annotator, kind, action, label, None if entities is None else json.dumps(entities),
             suggestion, suggestion_score, time.time()))
        return cursor.lastrowid

    def claim(self, task_id: int | None, annotator: str, kind: str) -> None:
        """Record the task on an annotator's screen (None: no task), replacing their previous claim."""
        self.db.execute("DELETE FROM claims WHERE annotator = ? AND kind = ?", (annotator, kind))
        if task_id is not None:
            self.db.execute("INSERT INTO claims (annotator, kind, task_id, created) VALUES (?, ?, ?, ?)",
                            (annotator, kind, task_id, time.time()))

    def claims(self, kind: str) -> dict[str, int]:
        """The task on each annotator's screen now (claims younger than ``CLAIM_SECONDS``)."""
        return dict(self.db.execute("SELECT annotator, task_id FROM claims WHERE kind = ? AND created > ?",
                                    (kind, time.time() - CLAIM_SECONDS)))

    def history(self, kind: str, annotator: str | None = None) -> dict[str, list[Answer]]:
        """Per annotator, the decisions still in effect, in order: each undo cancels the one before it."""
        query = "SELECT task_id, annotator, action, label, entities FROM decisions WHERE kind = ?"
        query, args = (query + " AND annotator = ?", (kind, annotator)) if annotator else (query, (kind,))
        stacks: dict[str, list[Answer]] = {}
        for task_id, who, action, label, entities in self.db.execute(query + " ORDER BY id", args):
            stack = stacks.setdefault(who, [])
            if action == "undo":
                if stack:
                    stack.pop()
                continue
            stack.append(Answer(task_id, who, kind, action, label, None if entities is None else json.loads(entities)))
        return stacks

    def answers(self, kind: str, annotator: str | None = None) -> list[Answer]:
        """Every annotator's current answer per task (the last decision in effect, skips left out)."""
        current: dict[tuple[int, str], Answer] = {}
        for who, stack in self.history(kind, annotator).items():
            for answer in stack:
                current[(answer.task_id, who)] = answer
        return [a for a in current.values() if a.action != "skip"]
