"""The terminal front end of a labelling session: one keystroke per decision.

Stance keys: Enter or a accept the suggestion, 1-4 pick a label, s skip,
u undo, ? help, q quit. Entity keys: Enter or a accept, e edit the
sentence as inline markup, s, u, ?, q as above. Text from the data is
shown with control characters, escape sequences and bidi overrides
replaced, so nothing in it can drive the terminal.
"""
from __future__ import annotations

import os
import termios
import tty
from contextlib import contextmanager
from typing import Iterator, Sequence

from annotate.annotation.markup import MarkupError, parse, render
from annotate.annotation.resolve import disputed
from annotate.annotation.session import LabellingSession
from annotate.annotation.store import Store
from annotate.errors import AnnotateError
from annotate.terminal import safe

_COLOURS = {"PER": "35", "ORG": "36", "LOC": "32"}
_CLEAR, _DIM, _BOLD, _RESET = "\x1b[H\x1b[2J", "\x1b[2m", "\x1b[1m", "\x1b[0m"


def highlight(text: str, entities: Sequence[dict] | None) -> str:
    """The sentence with each entity coloured by type and tagged with its label."""
    out, last = [], 0
    for e in sorted(entities or [], key=lambda e: e["start"]):
        colour = _COLOURS.get(e["label"], "33")
        out.append(safe(text[last:e["start"]]) + f"\x1b[1;{colour}m[{safe(text[e['start']:e['end']])}]"
                   f"{e['label']}{_RESET}")
        last = e["end"]
    return "".join(out) + safe(text[last:])


def help_text(kind: str, labels: Sequence[str]) -> str:
    if kind == "ner":
        return "[Enter] accept  [e] edit entities  [s] skip  [u] undo  [?] help  [q] quit"
    picks = "  ".join(f"[{i}] {label}" for i, label in enumerate(labels, start=1))
    return f"[Enter] accept  {picks}  [s] skip  [u] undo  [?] help  [q] quit"


def draw(session: LabellingSession, labels: Sequence[str], message: str) -> str:
    """The whole screen for the task on display."""
    done, total, rate = session.progress()
    lines = [f"{_BOLD}annotate label{_RESET} · {session.kind} · {safe(session.annotator)} · "
             f"{done}/{total} done · {rate:.1f}/min", ""]
    task = session.current()
    if task is None:
        lines.append(f"All tasks in this queue are done ({done}/{total} answered by you). Press q to quit.")
    else:
        previous, following = session.neighbours(task)
        lines.append(f"{_DIM}{safe(task.row.get('title') or '')}{_RESET}")
        lines.append(f"  {_DIM}{safe(previous.text) if previous else '(start of document)'}{_RESET}")
        lines.append(f"▶ {highlight(task.text, task.row.get('entities'))}")
        lines.append(f"  {_DIM}{safe(following.text) if following else '(end of document)'}{_RESET}")
        lines.append("")
        if session.kind == "stance":
            label, score = session.suggestion(task)
            shown = f"{label} ({score:.2f}, {task.row.get('stance_source')})" if label else "none"
            lines.append(f"suggested: {_BOLD}{shown}{_RESET}")
        else:
            lines.append(f"suggested: {safe(render(task.text, task.row.get('entities') or []))}")
    lines += ["", help_text(session.kind, labels), message]
    return _CLEAR + "\n".join(lines) + "\n"


def _read_line(fd: int, old) -> str:
    termios.tcsetattr(fd, termios.TCSADRAIN, old)
    try:
        data = b""
        while not data.endswith(b"\n"):
            chunk = os.read(fd, 1)
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8", errors="replace").rstrip("\r\n")
    finally:
        tty.setcbreak(fd)


def _edit(session: LabellingSession, fd: int, old, write, allowed: Sequence[str]) -> str:
    """Ask for the sentence as markup until it parses; record it. Returns the message to show."""
    task = session.current()
    row = task.row
    while True:
        write(f"\nedit as [words]{{{'|'.join(allowed)}}}; empty line cancels:\n"
              f"{safe(render(task.text, row.get('entities') or []))}\nedit> ")
        line = _read_line(fd, old)
        if not line.strip():
            return "edit cancelled"
        try:
            entities = parse(line, task.text, row["token_starts"], row["token_ends"], allowed)
        except MarkupError as e:
            write(f"not saved: {safe(str(e))}; try again\n")
            continue
        session.answer("label", entities=[[e["start"], e["end"], e["label"]] for e in entities])
        return f"saved {len(entities)} entities"


@contextmanager
def _terminal(stdin, stdout) -> Iterator[tuple[int, list, callable]]:
    """Single-keystroke input on a real terminal: yields (fd, saved settings, write)."""
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError):
        fd = -1
    if fd < 0 or not os.isatty(fd):
        raise AnnotateError("annotate label and review need an interactive terminal")
    write = lambda text: (stdout.write(text), stdout.flush())  # noqa: E731
    old = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    try:
        yield fd, old, write
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
        write("\n")


def _key(fd: int) -> str:
    return os.read(fd, 1).decode("utf-8", errors="replace")


def run(session: LabellingSession, labels: Sequence[str], entity_types: Sequence[str], stdin, stdout) -> None:
    """Show tasks and take keystrokes until q or end of input."""
    with _terminal(stdin, stdout) as (fd, old, write):
        message = ""
        while True:
            write(draw(session, labels, message))
            message = ""
            key = _key(fd)
            task = session.current()
            if key in ("q", ""):
                break
            if key in ("?", "h"):
                message = help_text(session.kind, labels)
            elif key == "u":
                message = "undone" if session.undo() else "nothing to undo"
            elif task is None:
                message = "all done: press q to quit, u to undo"
            elif key in ("\r", "\n", "a"):
                entities = task.row.get("entities") or []
                session.answer("accept", entities=[[e["start"], e["end"], e["label"]] for e in entities]
                               if session.kind == "ner" else None)
            elif key == "s":
                session.answer("skip")
            elif session.kind == "stance" and key.isdigit() and 1 <= int(key) <= len(labels):
                session.answer("label", label=labels[int(key) - 1])
            elif session.kind == "ner" and key == "e":
                message = _edit(session, fd, old, write, entity_types)
            else:
                message = f"unknown key {safe(key)!r}: ? shows the keys"


def review(store: Store, reviewer: str, labels: Sequence[str], stdin, stdout, kind: str = "stance") -> int:
    """Walk the items annotators disagree on; one keystroke adjudicates. Returns how many were decided.

    Stance: keys 1-4 pick the final label. Entities: keys 1-n pick one
    annotator's version of the sentence's entities.
    """
    tasks = {t.id: t for t in store.tasks()}
    queue = disputed(store, kind)
    answers_of: dict[int, list] = {}  # annotators' answers do not change while reviewing: read them once
    for answer in sorted(store.answers(kind), key=lambda a: a.annotator):
        if answer.action != "adjudicate":
            answers_of.setdefault(answer.task_id, []).append(answer)
    decided = 0
    with _terminal(stdin, stdout) as (fd, _, write):
        position, message = 0, ""
        while position < len(queue):
            task = tasks[queue[position]]
            answers = answers_of.get(task.id, [])
            lines = [f"{_BOLD}annotate review{_RESET} · {kind} · {safe(reviewer)} · "
                     f"disagreement {position + 1}/{len(queue)}", "", f"▶ {highlight(task.text, task.row.get('entities'))}", ""]
            if kind == "stance":
                choices = list(labels)
                lines += [f"  {safe(a.annotator)}: {a.label}" for a in answers] + [f"  model: {task.row.get('stance')}"]
            else:
                choices = [a.entities for a in answers]
                lines += [f"  [{i}] {safe(a.annotator)}: "
                          f"{safe(render(task.text, [dict(start=e[0], end=e[1], label=e[2]) for e in a.entities]))}"
                          for i, a in enumerate(answers, start=1)]
            keys = "  ".join(f"[{i}] {c}" for i, c in enumerate(labels, start=1)) if kind == "stance" \
                else f"[1-{len(choices)}] take that version"
            lines += ["", f"{keys}  [s] skip  [q] quit", message]
            write(_CLEAR + "\n".join(lines) + "\n")
            message = ""
            key = _key(fd)
            if key in ("q", ""):
                break
            if key == "s":
                position += 1
            elif key.isdigit() and 1 <= int(key) <= len(choices):
                choice = choices[int(key) - 1]
                store.decide(task.id, reviewer, kind, "adjudicate", label=choice if kind == "stance" else None,
                             entities=None if kind == "stance" else choice)
                decided += 1
                position += 1
            else:
                message = f"unknown key {safe(key)!r}: 1-{len(choices)} decide, s skip, q quit"
        else:
            write(_CLEAR + f"No disagreement left to review ({decided} decided now).\n")
    return decided
