"""The NER corpora in ../shared/corpora/ner/, mapped onto schemas/ner_labels.json.

Each corpus is ``token<TAB>tag`` lines with blank lines between sentences.
Types are renamed by the label set's ``aliases`` (PERSON->PER,
ORGANIZATION/ORGANISATION->ORG, LOCATION/PLACE->LOC, TIME/QUANTITY->O) and
sequences repaired to IOB2 by ``annotate.iob.map_types``. Nothing read here
is written into the repository.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from annotate.iob import map_types
from annotate.schema import NER_LABELS, load_schema

ROOT = Path(__file__).resolve().parents[1]
NER_DIR = ROOT.parent / "shared" / "corpora" / "ner"
CORPORA = ("nerui", "nerugm", "nergrit")
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
