"""Every training text in ../shared/corpora, for the word vectors and the character language models.

Raw texts (``raw/indonesian_text.jsonl``), the news pool
(``news/pool.jsonl``), the NER corpora's train splits and the UD tokenizer's
training sentences; no dev or held-out text. Nothing is written into the
repository.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ner_data  # noqa: E402
import tokenizer_data  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
JSONL_FILES = (SHARED / "raw" / "indonesian_text.jsonl", SHARED / "news" / "pool.jsonl")


def texts() -> Iterator[str]:
    """One text per item, whitespace normalised; NER sentences are their tokens joined by spaces."""
    for path in JSONL_FILES:
        with open(path, encoding="utf-8") as f:
            for line in f:
                yield " ".join(json.loads(line)["text"].split())
    for corpus in ner_data.CORPORA:
        for tokens, _ in ner_data.load(corpus, "train"):
            yield " ".join(tokens)
    for sentence in tokenizer_data.load()[0]:
        yield sentence.text
