"""CoNLL-U: read surface tokens from treebanks, write tokenized documents.

Surface tokens are what a tokenizer without a multi-word-token model
produces: a range line (``5-6 bukunya``) is one token, and so is a plain
word line outside any range.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, TextIO


@dataclass
class TreebankSentence:
    """One sentence of a treebank: its raw text and surface tokens."""

    sent_id: str
    text: str
    tokens: list[str] = field(default_factory=list)
    space_after: list[bool] = field(default_factory=list)


def read_surface_sentences(lines: Iterable[str]) -> Iterator[TreebankSentence]:
    """Yield the sentences of a CoNLL-U stream with their surface tokens."""
    sent_id, text = "", ""
    tokens: list[str] = []
    space_after: list[bool] = []
    range_end = 0
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            if tokens:
                yield TreebankSentence(sent_id, text, tokens, space_after)
            sent_id, text, tokens, space_after, range_end = "", "", [], [], 0
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            if key.strip() == "sent_id":
                sent_id = value.strip()
            elif key.strip() == "text":
                text = value.strip()
            continue
        cols = line.split("\t")
        ident = cols[0]
        if "." in ident:
            continue
        if "-" in ident:
            range_end = int(ident.split("-")[1])
        elif int(ident) <= range_end:
            continue
        tokens.append(cols[1])
        space_after.append("SpaceAfter=No" not in cols[9].split("|"))
    if tokens:
        yield TreebankSentence(sent_id, text, tokens, space_after)


def write_sentence(out: TextIO, sent_id: str, text: str, tokens: Iterable[str],
                   space_after: Iterable[bool]) -> None:
    """Write one sentence as CoNLL-U with one word line per surface token.

    There is no parse: the tree is a flat placeholder (token 1 is the root,
    the others depend on it) so that CoNLL-U validators and scorers accept it.
    """
    out.write(f"# sent_id = {sent_id}\n# text = {text}\n")
    for i, (form, space) in enumerate(zip(tokens, space_after), start=1):
        head, deprel = ("0", "root") if i == 1 else ("1", "dep")
        misc = "_" if space else "SpaceAfter=No"
        out.write(f"{i}\t{form}\t_\t_\t_\t_\t{head}\t{deprel}\t_\t{misc}\n")
    out.write("\n")
