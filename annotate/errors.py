"""Errors a user can act on. The CLI prints their message as one line."""
import os
import re


class AnnotateError(Exception):
    """Base class for errors caused by input, configuration or environment."""


class UnknownLanguageError(AnnotateError):
    """No language plug-in is registered under the requested code."""


class ModelNotFoundError(AnnotateError):
    """A model or Stanza resources directory is missing or unusable."""


class PipelineError(AnnotateError):
    """Processors are in an order where one lacks what it requires."""


class OutputExistsError(AnnotateError):
    """The output directory is not empty and overwriting was not allowed."""


class NoInputError(AnnotateError):
    """Nothing could be read from the given inputs."""


class OutputError(AnnotateError):
    """The output could not be written (disk full, read-only, no permission); nothing was published."""


def os_reason(error: OSError) -> str:
    """What went wrong, in words, also for Arrow's errors (which carry the errno only in their text)."""
    number = error.errno
    if number is None:
        match = re.search(r"errno (\d+)", str(error))
        number = int(match.group(1)) if match else None
    return os.strerror(number) if number else str(error)
