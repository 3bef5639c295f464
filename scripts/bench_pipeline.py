"""Benchmark the pipeline: tokens/s and peak RSS on >= 1 M characters of raw text.

Usage:
    python scripts/bench_pipeline.py [--chars 1000000] [--batch-size 256] [--threads N] [--no-ner] [--no-stance]

Reads texts from ../shared/corpora/raw/indonesian_text.jsonl at run time
(nothing is committed) and runs tokenization, NER and stance with the
bundled models through ``Pipeline.pipe``, without cleaning. Targets on the
2-core machine: tokenize + NER (``--no-stance``) >= 3,000 tokens/s;
tokenize alone (scripts/bench_tokenize.py) >= 8,000 tokens/s.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import torch

from annotate.document import Document
from annotate.pipeline import BATCH_DOCUMENTS, load_pipeline

RAW = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "raw" / "indonesian_text.jsonl"


def load_texts(path: Path, chars: int) -> list[str]:
    """Texts from the raw corpus, in file order, until ``chars`` characters."""
    texts, total = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            texts.append(text)
            total += len(text)
            if total >= chars:
                break
    return texts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_DOCUMENTS, help="documents per pipeline batch")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    parser.add_argument("--no-ner", dest="ner", action="store_false", help="without NER")
    parser.add_argument("--no-stance", dest="stance", action="store_false", help="without stance")
    parser.add_argument("--raw", type=Path, default=RAW)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    texts = load_texts(args.raw, args.chars)
    nlp = load_pipeline("id", clean=False, ner=args.ner, stance=args.stance)
    nlp("Pemanasan di Jakarta.")
    start = time.perf_counter()
    tokens = sentences = entities = 0
    for doc in nlp.pipe((Document(t) for t in texts), batch_size=args.batch_size):
        tokens += len(doc.tokens)
        sentences += len(doc.sentences)
        entities += len(doc.entities)
    seconds = time.perf_counter() - start
    print(f"stages         {' + '.join(p.name for p in nlp.processors)}")
    print(f"documents      {len(texts)}")
    print(f"characters     {sum(map(len, texts))}")
    print(f"sentences      {sentences}")
    print(f"tokens         {tokens}")
    print(f"entities       {entities}")
    print(f"seconds        {seconds:.1f}")
    print(f"tokens/s       {tokens / seconds:.0f}")
    print(f"peak RSS (MB)  {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    print(f"torch threads  {torch.get_num_threads()}")


if __name__ == "__main__":
    main()
