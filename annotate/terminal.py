"""Text on its way to a terminal: nothing from the data may drive it."""
from __future__ import annotations

import re
import sys

# C0 and C1 controls but tab and newline (ESC starts every escape sequence), and bidi controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with anything that could act on a terminal replaced by '?'."""
    return _UNSAFE.sub("?", text)


def warn(message: str) -> None:
    """Print a message for the user on standard error, made safe."""
    print(safe(message), file=sys.stderr)
