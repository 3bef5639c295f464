"""The ``Language`` base class: data plus the processors built from it."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from annotate.actors import ActorLexicon, ActorTable
from annotate.cleaning import GENERIC_RULES, CleaningRules
from annotate.gazetteer import Gazetteer
from annotate.processors.actors import ActorLinker
from annotate.processors.base import Processor
from annotate.processors.clean import Cleaner
from annotate.processors.ner import StanzaNER
from annotate.processors.stance import StanceClassifier
from annotate.processors.tokenize import StanzaTokenizer
from annotate.stanza_resources import BUNDLED_DIR, model_files, processors_available


class Language:
    """A language plug-in.

    Subclasses set ``code``, ``name``, ``cleaning`` and optionally a
    ``gazetteer`` file, ``actors`` (an ``ActorLexicon``: alias tables) and
    ``stance_functions`` (labelling functions: data), and where their
    Stanza models live. Override
    ``processors`` for a pipeline that is not Stanza-based.
    """

    code: ClassVar[str]
    name: ClassVar[str] = ""
    cleaning: ClassVar[CleaningRules] = GENERIC_RULES
    gazetteer: ClassVar[Path | None] = None
    actors: ClassVar[ActorLexicon | None] = None
    stance_functions: ClassVar[tuple] = ()
    stance_model: ClassVar[Path | None] = None
    stanza_lang: ClassVar[str | None] = None
    stanza_dir: ClassVar[Path | None] = BUNDLED_DIR

    def processors(self, *, stanza_dir: str | Path | None = None, clean: bool = True, tokenize: bool = True,
                   ner: bool = True, stance: bool = True) -> list[Processor]:
        """The processors this language runs, in order.

        NER only where its Stanza resources have a model; actor linking with
        NER, where the language has an actor lexicon; stance from the
        language's model, else from its labelling functions, else not at all.
        """
        lang, directory = self.stanza_lang or self.code, stanza_dir or self.stanza_dir
        steps: list[Processor] = [Cleaner(self.cleaning)] if clean else []
        if tokenize:
            steps.append(StanzaTokenizer(lang, directory))
        if ner and "ner" in processors_available(directory, lang):
            steps.append(StanzaNER(lang, directory, Gazetteer.from_file(self.gazetteer) if self.gazetteer else None))
        if ner and self.actors is not None:
            steps.append(ActorLinker(self.actor_table()))
        if stance and (self.stance_model or self.stance_functions):
            from annotate.stance.saved import load
            steps.append(StanceClassifier(load(self.stance_model) if self.stance_model else None,
                                            self.stance_functions))
        return steps

    def actor_table(self) -> ActorTable | None:
        """The language's actor table (built once per process), or None without an actor lexicon."""
        return _actor_table(self.actors) if self.actors is not None else None

    def model_versions(self, *, stanza_dir: str | Path | None = None, ner: bool = True,
                       stance: bool = True) -> dict[str, str]:
        """What the processors' output depends on, each as a file name and the start of its SHA-256.

        Recorded in the dataset card, so two datasets can be told apart by the models that made them.
        """
        lang, directory = self.stanza_lang or self.code, Path(stanza_dir or self.stanza_dir)
        steps = ["tokenize"] + (["ner"] if ner else [])
        files = {name: (path, path.relative_to(directory).as_posix())
                 for name, path in model_files(directory, lang, steps).items()}
        if ner and "ner" in files and self.gazetteer:
            files["gazetteer"] = (self.gazetteer, self.gazetteer.name)
        if stance and self.stance_model:
            files["stance"] = (self.stance_model, self.stance_model.name)
        versions = {name: f"{shown} (sha256 {file_digest(path)[:16]})" for name, (path, shown) in files.items()}
        if stance and not self.stance_model and self.stance_functions:
            versions["stance"] = f"labelling functions of {type(self).__module__}"
        return versions


@lru_cache(maxsize=None)
def _actor_table(lexicon: ActorLexicon) -> ActorTable:
    return ActorTable.from_lexicon(lexicon)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class StanzaLanguage(Language):
    """Any language Stanza has models for, with generic cleaning rules only."""

    def __init__(self, code: str):
        self.code = code
        self.name = code
