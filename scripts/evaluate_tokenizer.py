"""Score the bundled tokenizer on the held-out dev part with the CoNLL 2018 scorer.

Usage:
    python scripts/evaluate_tokenizer.py [--stanza-dir DIR]

Each held-out set (the last 200 sentences of UD GSD dev, the last 100 of UD
CSUI train; never trained on) is joined into one paragraph of raw text, as
Stanza's own evaluation does,
tokenized by ``annotate`` exactly as ``annotate tokenize --to conllu``
would, and scored against the gold CoNLL-U with ``udtools.udeval``.
Tokens are surface tokens, so the Tokens and Sentences rows are the ones
that measure this model; Words differs wherever gold splits a clitic.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from udtools import udeval

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tokenizer_data  # noqa: E402

from annotate.document import Document  # noqa: E402
from annotate.output import write_tokenized  # noqa: E402
from annotate.pipeline import load_pipeline  # noqa: E402


def gold_blocks(path: Path, sent_ids: set[str]) -> str:
    """The original CoNLL-U blocks (MWT lines included) of the given sentences."""
    keep = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        ids = [line.split("=", 1)[1].strip() for line in block.splitlines() if line.startswith("# sent_id")]
        if ids and ids[0] in sent_ids:
            keep.append(block)
    return "\n\n".join(keep) + "\n\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stanza-dir", help="score another Stanza resources directory instead of the bundled one")
    parser.add_argument("--float", action="store_true", help="score the model without int8 layers (as trained)")
    parser.add_argument("--ud-dir", type=Path, default=tokenizer_data.UD_DIR)
    args = parser.parse_args()

    _, dev_sets = tokenizer_data.load(args.ud_dir)
    files = {"gsd": tokenizer_data.GSD_DEV_FILE, "csui": tokenizer_data.CSUI_FILE}
    nlp = load_pipeline("id", stanza_dir=args.stanza_dir, clean=False, ner=False, stance=False, int8=not args.float)
    print(f"{'dev set':<8} {'metric':<10} {'precision':>9} {'recall':>9} {'F1':>9}")
    for name, dev in dev_sets.items():
        raw = " ".join(s.text for s in dev)
        doc = nlp(Document(raw, id=name))
        with tempfile.TemporaryDirectory() as tmp:
            system, gold = Path(tmp) / "system.conllu", Path(tmp) / "gold.conllu"
            with open(system, "w", encoding="utf-8") as out:
                write_tokenized(doc, out, "conllu")
            gold.write_text(gold_blocks(args.ud_dir / files[name], {s.sent_id for s in dev}), encoding="utf-8")
            scores = udeval.evaluate(udeval.load_conllu_file(str(gold)), udeval.load_conllu_file(str(system)))
        for metric in ("Tokens", "Sentences", "Words"):
            s = scores[metric]
            print(f"{name:<8} {metric:<10} {100 * s.precision:9.2f} {100 * s.recall:9.2f} {100 * s.f1:9.2f}")
        print(f"{name:<8} ({len(dev)} sentences, {len(raw)} characters)")


if __name__ == "__main__":
    main()
