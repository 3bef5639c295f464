"""Render annotated documents as text: CoNLL-U, JSONL rows, plain tokens, audit listings."""
from __future__ import annotations

import json
from typing import TextIO

from annotate.document import Document
from annotate.formats.conllu import write_sentence

TOKENIZE_FORMATS = ("conllu", "jsonl", "text")
NER_FORMATS = ("conll", "jsonl")


def write_tokenized(doc: Document, out: TextIO, fmt: str) -> None:
    """Write one tokenized document in ``fmt`` (one of ``TOKENIZE_FORMATS``)."""
    if fmt == "jsonl":
        from annotate.dataset import sentence_rows  # Arrow only where rows are written
        for row in sentence_rows(doc):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "text":
        for sent in doc.sentences:
            out.write(" ".join(t.text for t in sent.tokens) + "\n")
        out.write("\n")
    else:
        out.write(f"# newdoc id = {doc.id}\n")
        for index, sent in enumerate(doc.sentences):
            space_after = [doc.text[t.end:t.end + 1].isspace() or t.end == len(doc.text) for t in sent.tokens]
            write_sentence(out, f"{doc.id}-{index}", " ".join(sent.text.split()),
                           [t.text for t in sent.tokens], space_after)


def write_entities(doc: Document, out: TextIO, fmt: str) -> None:
    """Write one tagged document: ``token<TAB>tag`` lines (conll) or JSONL rows."""
    if fmt == "jsonl":
        write_tokenized(doc, out, "jsonl")
        return
    for sent in doc.sentences:
        for token, tag in zip(sent.tokens, sent.ner_tags or ["O"] * len(sent.tokens)):
            out.write(f"{token.text}\t{tag}\n")
        out.write("\n")


def write_cleaned(doc: Document, out: TextIO, *, show_removed: bool, as_json: bool) -> None:
    """Write a cleaned document, optionally with the audit list of what was removed."""
    if as_json:
        record = {"path": doc.meta.get("path"), "title": doc.meta.get("title"),
                  **{key: doc.meta[key] for key in ("date", "url", "author") if doc.meta.get(key)}, "text": doc.text,
                  "removed": [{"line": r.line, "rule": r.rule, "text": r.text} for r in doc.removed]}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    out.write(f"==> {doc.meta.get('path')} <==\n{doc.text}\n")
    if show_removed:
        out.write(f"--- removed {len(doc.removed)}:\n")
        for r in doc.removed:
            out.write(f"line {r.line:>4} [{r.rule}] {r.text}\n")
    out.write("\n")
