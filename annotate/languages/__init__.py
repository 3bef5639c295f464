"""Language plug-ins: a registry of ``Language`` classes by code.

A language is data (cleaning rules) plus the models it runs. Built-in
languages live in ``annotate.languages.<code>``; third-party packages can
register theirs with ``register`` or through the ``annotate.languages``
entry-point group. The core never names a language.
"""
from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from pathlib import Path

from annotate.errors import UnknownLanguageError
from annotate.languages.base import Language, StanzaLanguage

__all__ = ["Language", "StanzaLanguage", "register", "get", "available"]

_REGISTRY: dict[str, type[Language]] = {}
_BUILTIN = ("id",)


def register(language: type[Language]) -> type[Language]:
    """Register a language class under its ``code`` (usable as a decorator)."""
    _REGISTRY[language.code] = language
    return language


def _discover(code: str) -> type[Language] | None:
    if code in _REGISTRY:
        return _REGISTRY[code]
    if code in _BUILTIN:
        importlib.import_module(f"annotate.languages.{code}")
    else:
        for ep in entry_points(group="annotate.languages"):
            if ep.name == code:
                register(ep.load())
    return _REGISTRY.get(code)


def available() -> list[str]:
    """Codes of the registered and built-in languages."""
    return sorted(set(_REGISTRY) | set(_BUILTIN) | {ep.name for ep in entry_points(group="annotate.languages")})


def get(code: str, *, stanza_dir: str | Path | None = None) -> Language:
    """The language registered as ``code``.

    With ``stanza_dir``, a code with no plug-in still works: it gets the
    generic cleaning rules and the Stanza models found in that directory.
    """
    language = _discover(code)
    if language is not None:
        return language()
    if stanza_dir is not None:
        return StanzaLanguage(code)
    raise UnknownLanguageError(
        f"no language plug-in for {code!r} (available: {', '.join(available())}); "
        f"pass --stanza-dir with Stanza models for {code!r} to run it with generic cleaning")
