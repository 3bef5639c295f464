"""The NER corpora in ../shared/corpora/ner/, mapped onto schemas/ner_labels.json.

Each corpus is ``token<TAB>tag`` lines with blank lines between sentences.
Types are renamed by the label set's ``aliases`` (PERSON/PPL->PER,
ORGANIZATION/ORGANISATION/IND->ORG, LOCATION/PLACE/PLC->LOC,
TIME/QUANTITY/EVT/FNB->O) and sequences repaired to IOB2 by
``annotate.iob.map_types``. NERP is all lowercase; ``case_augmented`` adds
the case variants the model is trained on. Nothing read here is written
into the repository.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterator

from annotate.iob import map_types
from annotate.schema import NER_LABELS, load_schema

ROOT = Path(__file__).resolve().parents[1]
NER_DIR = ROOT.parent / "shared" / "corpora" / "ner"
CASED = ("nerui", "nerugm", "nergrit")
#: NERP (IndoNLU) is lowercase: trained on, reported, but not used for early stopping.
CORPORA = CASED + ("nerp",)
#: Team-written sentences of the users' domain (officials, country spellings, bodies, chip makers).
DOMAIN_CHECK = ROOT / "corpora" / "ner" / "domain_check.tsv"

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """(tokens, raw tags) per sentence of a token<TAB>tag file."""
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield tokens, tags
                tokens, tags = [], []
                continue
            parts = line.split("\t")
            tokens.append(parts[0])
            tags.append(parts[-1] if len(parts) > 1 else "O")
    if tokens:
        yield tokens, tags


def load(corpus: str, split: str, ner_dir: Path = NER_DIR) -> list[Sentence]:
    """A corpus split with tags mapped onto the project's label set."""
    return load_file(ner_dir / corpus / f"{split}.tsv")


def load_file(path: Path) -> list[Sentence]:
    """A token<TAB>tag file with tags mapped onto the project's label set."""
    aliases = load_schema(NER_LABELS)["aliases"]
    return [(tokens, map_types(tags, aliases)) for tokens, tags in read_conll(path)]


def write_stanza_json(sentences: list[Sentence], path: Path) -> None:
    """Stanza's NER training format: a list of sentences of {text, ner} tokens."""
    data = [[{"text": t, "ner": g} for t, g in zip(tokens, tags)] for tokens, tags in sentences]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


SENTENCE_ENDS = {".", "!", "?"}


def capitalise(token: str) -> str:
    """``kementerian`` -> ``Kementerian``; tokens without a leading letter are unchanged."""
    return token[:1].upper() + token[1:] if token[:1].isalpha() else token


def restore_case(sentence: Sentence) -> Sentence:
    """A lowercase sentence as running text would write it: entity words and sentence-initial words capitalised."""
    tokens, tags = sentence
    cased = [capitalise(t) if tag != "O" or i == 0 or tokens[i - 1] in SENTENCE_ENDS else t
             for i, (t, tag) in enumerate(zip(tokens, tags))]
    return cased, tags


def case_augmented(sentences: list[Sentence], *, lower: float, title: float, seed: int = 1234) -> list[Sentence]:
    """The sentences plus a lowercased copy of a share ``lower`` and a Title Case copy of a share ``title``."""
    rng = random.Random(seed)
    out = list(sentences)
    for tokens, tags in sentences:
        if rng.random() < lower:
            out.append(([t.lower() for t in tokens], tags))
        if rng.random() < title:
            out.append(([capitalise(t) for t in tokens], tags))
    return out


def training_set(corpora: tuple[str, ...] = CORPORA, *, nerp_case: str = "restored", lower: float = 0.15,
                 title: float = 0.1, seed: int = 1234) -> list[Sentence]:
    """The train splits of ``corpora`` (NERP lowercase, or with case restored), then case-augmented."""
    sentences = []
    for corpus in corpora:
        split = load(corpus, "train")
        if corpus not in CASED and nerp_case == "restored":
            split = [restore_case(s) for s in split]
        sentences += split
    return case_augmented(sentences, lower=lower, title=title, seed=seed)
