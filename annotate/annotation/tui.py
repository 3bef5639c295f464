"""The terminal screens of labelling and review: they draw a session and hand it the keys pressed.

Stance keys: Enter or a accept the suggestion, 1-4 pick a label, s skip,
u undo, ? help (label definitions and decision rules), q quit. Entity keys:
Enter or a accept, e edit the sentence as inline markup (prefilled, with
cursor editing), s, u, ?, q as above. Review keys: 1-n decide, s, u, ?, q.

Built on prompt_toolkit, imported only where a screen is shown. Each screen
is drawn whole and wrapped at word boundaries to the terminal's width; text
from the data goes through ``safe`` (control characters, escape sequences
and bidi overrides replaced), so nothing in it can drive the terminal.
"""
from __future__ import annotations

import os
import re
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Callable, Sequence

from annotate.annotation.guidelines import decision_rules, definitions
from annotate.annotation.markup import MarkupError, linked_actor
from annotate.annotation.review import ReviewSession
from annotate.annotation.session import LabellingSession
from annotate.annotation.store import Answer, Task
from annotate.errors import AnnotateError
from annotate.terminal import safe

Fragment = tuple[str, str]  # (prompt_toolkit style, text)
Draw = Callable[[int, int], list[Fragment]]  # (columns, rows) -> the screen

STYLE = {"heading": "bold", "label": "bold", "context": "ansibrightblack", "pointer": "bold", "suggestion": "bold",
         "entity": "bold ansiyellow", "entity.per": "ansimagenta", "entity.org": "ansicyan", "entity.loc": "ansigreen",
         "message": "ansiyellow", "error": "ansired"}
QUIT = ("q", "c-c", "c-d")
ENTER = ("c-m", "c-j")
NEXT_PAGE, PREVIOUS_PAGE, BACK = (" ", "pagedown", "down", "c-m"), ("b", "pageup", "up"), ("escape", "q")
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_EDIT_NOTE = {"stance": (), "ner": ("e edits the sentence as [words]{TYPE} markup, starting from the suggestion: "
                                    "arrow keys move, Enter saves, Esc cancels.",
                                    "An actor after the type fixes who the entity speaks for: [Xi Jinping]{PER:CHN}, "
                                    "[PBB]{ORG:UN}; [Beijing]{LOC:-} says it is no actor.")}


@dataclass(frozen=True)
class Paragraph:
    """Words to lay out as lines: the first starts with ``prefix``, the others are indented ``hang`` columns
    (None: as far as the prefix)."""

    words: list[list[Fragment]]
    prefix: Fragment = ("", "")
    sep: str = " "
    hang: int | None = None


BLANK = Paragraph([])


def words(*fragments: Fragment) -> list[list[Fragment]]:
    """Styled text split at whitespace into words (whitespace runs, newlines included, become one space)."""
    out: list[list[Fragment]] = [[]]
    for style, text in fragments:
        for i, piece in enumerate(_SPACE.split(text)):
            if i:
                out.append([])
            if piece:
                out[-1].append((style, piece))
    return [w for w in out if w]


def wrap(paragraph: Paragraph, width: int) -> list[list[Fragment]]:
    """Lines of at most ``width`` columns broken between words; only a word longer than a line is cut."""
    from prompt_toolkit.utils import get_cwidth
    start = get_cwidth(paragraph.prefix[1]) if paragraph.hang is None else paragraph.hang
    width = max(width, start + 8)
    lines: list[list[Fragment]] = [[paragraph.prefix]]
    col = get_cwidth(paragraph.prefix[1])

    def put(style: str, text: str) -> None:
        nonlocal col
        line = lines[-1]
        line[-1:] = [(style, line[-1][1] + text)] if line[-1][0] == style else [line[-1], (style, text)]
        col += get_cwidth(text)

    def newline() -> None:
        nonlocal col
        lines.append([("", " " * start)])
        col = start

    for number, word in enumerate(paragraph.words):
        size = sum(get_cwidth(text) for _, text in word)
        gap = len(paragraph.sep) if number and col > start else 0
        if col > start and col + gap + size > width:  # does not fit after what the line holds
            newline()
        elif gap:  # styled like the words around it when they share a style
            put(word[0][0] if lines[-1][-1][0] == word[0][0] else "", paragraph.sep)
        for style, text in word:
            for char in text:
                if col > start and col + get_cwidth(char) > width:  # a word longer than a line
                    newline()
                put(style, char)
    return lines


def layout(paragraphs: Sequence[Paragraph], width: int) -> list[list[Fragment]]:
    """Every paragraph wrapped to ``width``: the screen's lines."""
    return [line for paragraph in paragraphs for line in wrap(paragraph, width)]


def joined(lines: Sequence[list[Fragment]]) -> list[Fragment]:
    """Lines as one formatted text."""
    out: list[Fragment] = []
    for i, line in enumerate(lines):
        out += ([("", "\n")] if i else []) + line
    return out


def highlight(text: str, entities: Sequence[dict] | None, actors: Sequence[dict] = ()) -> list[Fragment]:
    """The sentence with each entity styled by type and tagged with its label, and its actor where one is linked
    (``[Wang Yi]PER·CHN``)."""
    out, last = [], 0
    for e in sorted(entities or [], key=lambda e: e["start"]):
        style = "entity." + e["label"].lower()
        style = f"class:{style}" if style in STYLE else "class:entity"
        actor = linked_actor(e, actors)
        tag = safe(e["label"]) + (f"·{safe(actor)}" if actor else "")
        out += [("", safe(text[last:e["start"]])), (style, f"[{safe(text[e['start']:e['end']])}]{tag}")]
        last = e["end"]
    return out + [("", safe(text[last:]))]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).rstrip(".").casefold() == " ".join(b.split()).rstrip(".").casefold()


def context(task: Task, previous: Task | None, following: Task | None) -> list[Paragraph]:
    """Title (unless the sentence or the one before is the headline), previous, current and next sentence."""
    title = task.row.get("title") or ""
    shown = [] if not title or _same(title, task.text) or (previous and _same(title, previous.text)) else [
        Paragraph(words(("", safe(title))), ("class:label", "title: "))]
    return shown + [
        Paragraph(words(("class:context", safe(previous.text) if previous else "(start of document)")), ("", "  ")),
        Paragraph(words(*highlight(task.text, task.row.get("entities"), task.row.get("actors") or ())),
                  ("class:pointer", "▶ ")),
        Paragraph(words(("class:context", safe(following.text) if following else "(end of document)")), ("", "  "))]


def keys(*pairs: tuple[str, str]) -> Paragraph:
    """A line of key hints, each ``[key] what`` kept whole."""
    return Paragraph([[("", f"[{key}] {what}")] for key, what in pairs], sep="  ")


def label_keys(session: LabellingSession) -> Paragraph:
    """The keys of the labelling screen."""
    picks = [(str(i), label) for i, label in enumerate(session.labels, start=1)] if session.kind == "stance" \
        else [("e", "edit entities")]
    return keys(("Enter", "accept"), *picks, ("s", "skip"), ("u", "undo"), ("?", "help"), ("q", "quit"))


def review_keys(session: ReviewSession, task: Task | None) -> Paragraph:
    """The keys of the review screen for a task (None: all reviewed)."""
    if task is None:
        return keys(("u", "undo"), ("q", "quit"))
    picks = [(str(i), label) for i, label in enumerate(session.labels, start=1)] if session.kind == "stance" \
        else [(f"1-{len(session.choices(task))}", "take that version")]
    return keys(*picks, ("s", "skip"), ("u", "undo"), ("?", "help"), ("q", "quit"))


def label_screen(session: LabellingSession, message: str) -> list[Paragraph]:
    """The labelling screen for the task on display, with the message of the last key."""
    return [*label_item(session), BLANK, label_keys(session), Paragraph(words(("class:message", message)))]


def label_item(session: LabellingSession) -> list[Paragraph]:
    """Progress, the task on display in its context, and the suggestion."""
    done, total, rate = session.progress()
    header = Paragraph([[("class:heading", "annotate label")], [("", f"· {session.kind}")],
                        [("", f"· {safe(session.annotator)}")], [("", f"· {done}/{total} done")],
                        [("", f"· {rate:.1f}/min")]])
    task = session.current()
    if task is None:
        body = [Paragraph(words(("", f"All tasks in this queue are done ({done}/{total} answered by you). "
                                     "Press q to quit.")))]
    elif session.kind == "stance":
        label, score = session.suggestion(task)
        shown = f"{label} ({score:.2f}, {task.row.get('stance_source')})" if label else "none"
        body = context(task, *session.neighbours(task)) + [
            BLANK, Paragraph(words(("class:suggestion", safe(shown))), ("", "suggested: "))]
    else:
        body = context(task, *session.neighbours(task)) + [
            BLANK, Paragraph(words(("", session.markup(task))), ("", "suggested: "))]
    return [header, BLANK, *body]


def review_screen(session: ReviewSession, message: str) -> list[Paragraph]:
    """The review screen: the disputed sentence and each annotator's answer."""
    task = session.current()
    number, total = session.progress()
    where = f"· disagreement {number}/{total}" if task else "· done"
    header = Paragraph([[("class:heading", "annotate review")], [("", f"· {session.kind}")],
                        [("", f"· {safe(session.reviewer)}")], [("", where)]])
    if task is None:
        body = [Paragraph(words(("", f"No disagreement left to review ({len(session.decided)} decided now).")))]
    elif session.kind == "stance":
        body = context(task, *session.neighbours(task)) + [BLANK] + [
            Paragraph(words(("", safe(a.label or "none"))), ("", f"  {safe(a.annotator)}: "))
            for a in session.answers(task)
        ] + [Paragraph(words(("", safe(str(task.row.get("stance"))))), ("", "  model: "))]
    else:
        body = context(task, *session.neighbours(task)) + [BLANK] + [
            Paragraph(words(("", session.markup(task, a.entities or []))), ("", f"  [{i}] {safe(a.annotator)}: "))
            for i, a in enumerate(session.answers(task), start=1)]
    return [header, BLANK, *body, BLANK, review_keys(session, task), Paragraph(words(("class:message", message)))]


def help_paragraphs(kind: str, key_line: Paragraph, notes: Sequence[str] = ()) -> list[Paragraph]:
    """The keys (and notes on them), the label or entity type definitions, and for stance the decision rules."""
    heading = lambda text: Paragraph(words(("class:heading", text)))  # noqa: E731
    out = [heading("Keys"), key_line] + [Paragraph(words(("", note))) for note in notes] + [BLANK]
    if kind == "stance":
        out += [heading("Labels")] + [Paragraph(words(("", text)), ("class:label", f"[{i}] {name}: "), hang=4)
                                      for i, (name, text) in enumerate(definitions("stance").items(), start=1)]
        out += [BLANK, heading("Decision rules (schemas/stance_guidelines.md)")]
        out += [Paragraph(words(("", rule.text)), ("", " " * rule.indent + (f"{rule.marker} " if rule.marker else "")))
                for rule in decision_rules()]
    else:
        out += [heading("Entity types")] + [Paragraph(words(("", text)), ("class:label", f"{name}: "), hang=4)
                                            for name, text in definitions("ner").items()]
    return out


HELP_KEYS = keys(("Space", "next page"), ("b", "previous page"), ("Esc", "back to the item"))


def help_pages(paragraphs: Sequence[Paragraph], columns: int, rows: int) -> list[list[list[Fragment]]]:
    """The help laid out to ``columns``, in pages that leave room for a message line and the keys below."""
    lines = layout(paragraphs, columns)
    size = max(rows - 1 - len(wrap(HELP_KEYS, columns)), 1)
    return [lines[i:i + size] for i in range(0, len(lines), size)]


class Terminal:
    """The process's terminal through prompt_toolkit: show a screen and read one key, or edit a line."""

    def __init__(self, stdin, stdout):
        if not (_is_terminal(stdin) and _is_terminal(stdout)):
            raise AnnotateError("annotate label and review need an interactive terminal (standard input and output)")
        from prompt_toolkit.input import create_input
        from prompt_toolkit.output import create_output
        from prompt_toolkit.styles import Style
        self.input, self.output = create_input(stdin), create_output(stdout)
        self.output.enable_cpr = False  # each screen is drawn whole from the top: no cursor position needed
        self.style = Style.from_dict(STYLE)
        self._stack = ExitStack()

    def __enter__(self) -> "Terminal":
        self._stack.enter_context(self.input.raw_mode())  # keys typed between screens are neither echoed nor lost
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()
        self.output.write_raw("\r\n")
        self.output.flush()

    def size(self) -> tuple[int, int]:
        """(columns, rows)."""
        size = self.output.get_size()
        return size.columns, size.rows

    def key(self, draw: Draw) -> str:
        """Clear the terminal, draw the screen (again on a resize), and return the next key's name.

        Names as prompt_toolkit gives them: the character typed, or ``c-m``
        (Enter), ``escape``, ``c-c``, ``left``...; ``c-d`` when input ends.
        """
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.keys import Keys
        from prompt_toolkit.layout import FormattedTextControl, Layout, Window
        bindings = KeyBindings()

        @bindings.add("<any>")
        def _(event):
            key = event.key_sequence[0].key
            event.app.exit(result=key.value if isinstance(key, Keys) else key)

        control = FormattedTextControl(lambda: draw(*self.size()), show_cursor=False)
        app = Application(layout=Layout(Window(control, wrap_lines=False)), key_bindings=bindings, style=self.style,
                          input=self.input, output=self.output, erase_when_done=True)
        self._clear()
        try:
            return app.run()
        except EOFError:
            return "c-d"

    def edit(self, draw: Draw, default: str) -> str | None:
        """Clear the terminal, draw the screen with a line editor holding ``default`` at its foot.

        Returns the line on Enter, None on Esc or Ctrl-C.
        """
        from prompt_toolkit import PromptSession
        from prompt_toolkit.key_binding import KeyBindings
        bindings = KeyBindings()

        @bindings.add("escape", eager=True)
        def _(event):
            event.app.exit(result=None)

        self._clear()
        try:
            return PromptSession(input=self.input, output=self.output).prompt(
                lambda: draw(*self.size()), default=default, key_bindings=bindings, style=self.style)
        except (KeyboardInterrupt, EOFError):
            return None

    def _clear(self) -> None:
        self.output.erase_screen()
        self.output.cursor_goto(0, 0)
        self.output.flush()


def _is_terminal(stream) -> bool:
    try:
        return os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _screen(paragraphs: Sequence[Paragraph]) -> Draw:
    return lambda columns, rows: joined(layout(paragraphs, columns))


def _what(answer: Answer) -> str:
    if answer.kind == "stance":
        return answer.label or "no label"
    n = len(answer.entities or [])
    return f"{n} entit{'y' if n == 1 else 'ies'}"


def _undone(answer: Answer | None, tasks: dict[int, Task]) -> str:
    if answer is None:
        return "nothing to undo"
    key = safe(tasks[answer.task_id].key)
    return f"undone: skip of {key}" if answer.action == "skip" else f"undone: {_what(answer)} for {key}"


def show_help(terminal: Terminal, paragraphs: Sequence[Paragraph]) -> None:
    """Page through the help until Esc or q."""
    page, message = 0, ""

    def draw(columns: int, rows: int) -> list[Fragment]:
        pages = help_pages(paragraphs, columns, rows)
        shown = min(page, len(pages) - 1)
        status = [("class:heading", f"help {shown + 1}/{len(pages)} "), ("class:message", message)]
        return joined(pages[shown] + [status] + wrap(HELP_KEYS, columns))

    while True:
        key = terminal.key(draw)
        last = len(help_pages(paragraphs, *terminal.size())) - 1
        message = ""
        if key in BACK or key == "c-c":
            return
        if key in NEXT_PAGE:
            page = min(page + 1, last)
        elif key in PREVIOUS_PAGE:
            page = max(min(page, last) - 1, 0)
        else:
            message = f"unknown key {safe(key)!r}: Esc or q goes back to the item"


def _edit(terminal: Terminal, session: LabellingSession) -> str:
    """Edit the sentence's entities as markup until it fits or is cancelled; returns the message to show."""
    screen = label_item(session)
    line, problem = session.markup(session.current()), ""
    while True:
        prompt = [*screen, Paragraph(words(("class:error", problem))), Paragraph(words(
            ("", f"edit the entities as [words]{{{'|'.join(session.entity_types)}}}: arrow keys move, Enter saves, "
                 "Esc or an empty line cancels")))]
        line = terminal.edit(lambda columns, _: joined(layout(prompt, columns)) + [("class:label", "\nedit> ")], line)
        if line is None or not line.strip():
            return "edit cancelled"
        try:
            answer = session.save_markup(line)
        except MarkupError as e:
            problem = f"not saved: {safe(str(e))}; try again"
            continue
        return _saved(session, answer)


def _saved(session: LabellingSession, answer: Answer) -> str:
    done, total, _ = session.progress()
    return f"saved: {_what(answer)} for {safe(session.tasks[answer.task_id].key)} ({done}/{total})"


def run(session: LabellingSession, stdin, stdout) -> None:
    """Show tasks and take keystrokes until q."""
    with Terminal(stdin, stdout) as terminal:
        message = ""
        while True:
            key = terminal.key(_screen(label_screen(session, message)))
            task = session.current()
            if key in QUIT:
                break
            if key in ("?", "h"):
                show_help(terminal, help_paragraphs(session.kind, label_keys(session), _EDIT_NOTE[session.kind]))
                message = ""
            elif key == "u":
                message = _undone(session.undo(), session.tasks)
            elif task is None:
                message = "all done: press q to quit, u to undo"
            elif key in ENTER or key == "a":
                if session.kind == "stance" and session.suggestion(task)[0] is None:
                    message = f"nothing suggested: pick 1-{len(session.labels)}"
                else:
                    message = _saved(session, session.answer("accept"))
            elif key == "s":
                session.answer("skip")
                message = f"skipped {safe(task.key)}"
            elif session.kind == "stance" and len(key) == 1 and key in "123456789"[:len(session.labels)]:
                message = _saved(session, session.answer("label", label=session.labels[int(key) - 1]))
            elif session.kind == "ner" and key == "e":
                message = _edit(terminal, session)
            else:
                message = f"unknown key {safe(key)!r}: ? shows the keys"


def review(session: ReviewSession, stdin, stdout) -> None:
    """Show the disputed tasks and take keystrokes until q."""
    with Terminal(stdin, stdout) as terminal:
        message = ""
        while True:
            key = terminal.key(_screen(review_screen(session, message)))
            task = session.current()
            if key in QUIT:
                break
            if key in ("?", "h"):
                show_help(terminal, help_paragraphs(session.kind, review_keys(session, task)))
                message = ""
            elif key == "u":
                message = _undone(session.undo(), session.tasks)
            elif task is None:
                message = "all reviewed: press q to quit, u to undo"
            elif key == "s":
                message = f"skipped {safe(session.skip().key)}"
            elif len(key) == 1 and key in "123456789"[:len(session.choices(task))]:
                answer = session.decide(session.choices(task)[int(key) - 1])
                message = f"decided: {_what(answer)} for {safe(task.key)}"
            else:
                message = f"unknown key {safe(key)!r}: ? shows the keys"
