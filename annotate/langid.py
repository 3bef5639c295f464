"""Does a document look like the language the run expects? An offline check with py3langid.

Language-independent: the expected language is the run's ``--lang``. The
identifier (Naive Bayes over byte n-grams, 140 labels, no network) is loaded
on first use, and judges among all its languages, so that any other
language is named rightly (restricting it to id/ms/en with
``set_languages`` gained half a point on Indonesian sentences). Thresholds,
measured with scripts/evaluate_langid.py (README, "Language check"):

- ``MIN_WORDS``: a text of fewer words is not judged (``lang`` null); under
  five words the best guess for an Indonesian sentence is right only about
  half the time, and Malay is the usual mistake (id and ms share most of
  their vocabulary).
- ``MIN_PROBABILITY``: another language is claimed only this sure; the
  best guess alone called 6% of Indonesian sentences Malay, with the
  threshold 0 in 3,000 (and 1 in 634 three-sentence texts), while English
  and Malay texts of three sentences are all caught.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Iterable, Iterator

from annotate.document import Document

MIN_WORDS = 10
MIN_PROBABILITY = 0.8
#: Characters judged: the start of a document is enough, and keeps the check fast on long ones.
MAX_CHARS = 3000
_WORD = re.compile(r"[^\W\d_]{2,}")
_IDENTIFIER = None
_LOADING = threading.Lock()


def language_name(code: str) -> str:
    """The English name of an ISO 639 language code (from pycountry), or the code itself when unknown."""
    import pycountry
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return language.name.removesuffix(" (macrolanguage)") if language else code


def identifier():
    """py3langid's identifier with normalised probabilities (loaded once, about half a second)."""
    global _IDENTIFIER
    with _LOADING:
        if _IDENTIFIER is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier
            _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def load_in_background() -> threading.Thread:
    """Start loading the identifier in a thread (mostly LZMA decompression, which runs beside model loading)."""
    def load():
        try:
            identifier()
        except Exception:  # noqa: BLE001 - the first use loads again and reports
            pass
    thread = threading.Thread(target=load, name="langid-load", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class Verdict:
    """What the check found: ``lang`` is recorded in the dataset (None: too short, or no language likely enough)."""

    lang: str | None
    detected: str | None
    probability: float
    words: int


class LanguageCheck:
    """Judges texts against an expected language; ``others`` counts the texts found in another.

    ``expected`` is a language code (ISO 639-1, as ``--lang``), ``name`` its
    name for messages (the language plug-in's ``name``). A text's ``lang``
    is the identifier's best guess when that is the expected language, or
    when its probability is at least ``min_probability``; else None, as for
    texts under ``min_words`` words.
    """

    def __init__(self, expected: str, name: str = "", *, min_words: int = MIN_WORDS,
                 min_probability: float = MIN_PROBABILITY):
        self.expected = expected
        self.name = name if name and name != expected else language_name(expected)
        self.min_words, self.min_probability = min_words, min_probability
        self.others = 0

    @property
    def available(self) -> bool:
        """Whether the identifier is installed and knows the expected language."""
        try:
            return self.expected in identifier().labels
        except ImportError:
            return False

    def __call__(self, text: str) -> Verdict:
        text = text[:MAX_CHARS]
        words = len(_WORD.findall(text))
        if words < self.min_words:
            return Verdict(None, None, 0.0, words)
        detected, probability = identifier().classify(text)
        if detected == "zxx":  # "no linguistic content": numbers, codes
            return Verdict(None, detected, probability, words)
        sure = detected == self.expected or probability >= self.min_probability
        return Verdict(detected if sure else None, detected, probability, words)

    def other(self, verdict: Verdict) -> bool:
        """Whether a verdict is another language than the expected one."""
        return verdict.lang is not None and verdict.lang != self.expected

    def message(self, verdict: Verdict) -> str:
        """e.g. 'looks like English (en), not Indonesian (id)'."""
        return f"looks like {language_name(verdict.lang)} ({verdict.lang}), not {self.name} ({self.expected})"


def check_documents(docs: Iterable[Document], check: LanguageCheck, report, *,
                    skip: bool = False) -> Iterator[Document]:
    """Record each document's ``meta["lang"]``; warn once per document in another language, or skip it.

    ``report`` is an ``IngestReport``: a document in another language is one
    warning line, or with ``skip`` one skipped item; ``check.others`` counts them.
    """
    for doc in docs:
        verdict = check(doc.text)
        doc.meta["lang"] = verdict.lang
        if check.other(verdict):
            check.others += 1
            where = doc.meta.get("path", "?")
            if skip:
                report.problem(where, check.message(verdict))
                continue
            report.warn(f"warning: {where}: {check.message(verdict)}")
        yield doc
