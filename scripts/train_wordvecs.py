"""Train Indonesian word vectors and save them as a Stanza pretrain file.

Usage:
    python scripts/train_wordvecs.py [--dim 100] [--max-vocab 60000] [--epochs 10]

Text: everything in scripts/unlabelled_text.py (raw texts, the news pool,
the NER corpora's train splits and the UD tokenizer training text; dev and
held-out text is not used). Tokens are lowercased words and symbols. word2vec skip-gram
(gensim), then the most frequent ``--max-vocab`` words go into
annotate/resources/id/pretrain/annotate.pt. Needs ``pip install -e .[train]``.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from gensim.models import Word2Vec
from stanza.models.common.pretrain import Pretrain

sys.path.insert(0, str(Path(__file__).resolve().parent))
import unlabelled_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "annotate" / "resources" / "id" / "pretrain" / "annotate.pt"
WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def sentences() -> list[list[str]]:
    """Lowercased token lists from every training text."""
    return [WORD.findall(text.lower()) for text in unlabelled_text.texts()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--max-vocab", type=int, default=60000)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()

    corpus = sentences()
    print(f"{len(corpus)} sentences, {sum(map(len, corpus))} tokens")
    model = Word2Vec(corpus, vector_size=args.dim, window=5, min_count=args.min_count, sg=1, negative=10,
                     epochs=args.epochs, workers=2, seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        vec = Path(tmp) / "vectors.txt"
        words = model.wv.index_to_key[:args.max_vocab]  # most frequent first
        with open(vec, "w", encoding="utf-8") as out:
            out.write(f"{len(words)} {args.dim}\n")
            for word in words:
                out.write(word + " " + " ".join(f"{x:.5f}" for x in model.wv[word]) + "\n")
        args.target.parent.mkdir(parents=True, exist_ok=True)
        pretrain = Pretrain(str(args.target), str(vec), max_vocab=args.max_vocab)
        pretrain.load()
    print(f"saved {args.target}: {len(pretrain.vocab)} words x {args.dim} ({args.target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
