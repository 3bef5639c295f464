"""Text on its way to a terminal: nothing from the data may drive it."""
from __future__ import annotations

import re
import sys
from typing import TextIO

# C0 and C1 controls but tab and newline (ESC starts every escape sequence), and bidi controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with anything that could act on a terminal replaced by '?'."""
    return _UNSAFE.sub("?", text)


def warn(message: str) -> None:
    """Print a message for the user on standard error, made safe."""
    print(safe(message), file=sys.stderr)


class _SafeStream:
    """A text stream that passes on what is written with ``safe`` applied."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(safe(text))

    def flush(self) -> None:
        self.stream.flush()


def data_output(stream: TextIO | None = None) -> TextIO:
    """Where a command prints its data: the stream itself when redirected (data kept exact), made safe on a terminal."""
    stream = stream or sys.stdout
    return _SafeStream(stream) if stream.isatty() else stream
