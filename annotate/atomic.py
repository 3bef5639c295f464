"""Write a file under a temporary name and rename it into place only once it is complete."""
from __future__ import annotations

import os
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator, TextIO

from annotate.errors import OutputError, OutputExistsError, os_reason


@contextmanager
def atomic_output(path: str | Path, *, overwrite: bool = False) -> Iterator[TextIO]:
    """A text file to write that appears at ``path`` only if the block ends without an error.

    It is written as ``.NAME.partial`` beside ``path`` (same file system, so
    the rename is atomic); on any error, a full disk included, the partial
    file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputExistsError(f"{path} is a directory")
    if path.exists() and not overwrite:
        raise OutputExistsError(f"{path} exists; pass --overwrite to replace it")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", errors="replace") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        partial.replace(path)
    except BaseException as e:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write {path}: {os_reason(e)}; {path} was left as it was") from None
        raise
