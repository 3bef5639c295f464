"""Train the bundled stance model: real news labelled by the team plus the team-written sentences.

Usage:
    python scripts/train_stance.py [--out annotate/resources/id/stance/annotate.npz] [--without-bapos]

Data: corpora/stance/real/ (NTREX, kumparan), the BaPOS and FacQA sentences of
corpora/stance_shared/ (joined from ../shared by stance_corpus.py) and the
team-written corpora/stance/*.jsonl.
Configuration chosen by scripts/evaluate_stance.py (grouped cross-validation on
the real sentences; see the model card): hashed word 1-2-gram and character
2-5-gram TF-IDF plus the Indonesian labelling functions' votes, two logistic
regressions (one per framing), C=8, balanced class weights. BaPOS is CC BY-NC-SA 4.0 and the bundled model is
trained on it (the model card says so); --without-bapos builds one free of it.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import stance_corpus
from annotate import languages
from annotate.ingest import IngestReport
from annotate.stance.data import read_labelled
from annotate.stance.model import make_model, save

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "annotate" / "resources" / "id" / "stance" / "annotate.npz")
    parser.add_argument("--without-bapos", action="store_true",
                        help="leave out the BaPOS sentences (CC BY-NC-SA 4.0) for a model free of that licence")
    args = parser.parse_args()

    real, sources = stance_corpus.load(exclude_sources=("bapos",) if args.without_bapos else ())
    team = read_labelled([str(ROOT / "corpora" / "stance" / "*.jsonl")], IngestReport(warn=lambda m: None))
    texts, labels = real.texts + team.texts, real.labels + team.labels
    start = time.perf_counter()
    model = make_model(languages.get("id").stance_functions).fit(texts, labels)
    save(model, args.out)
    print(f"trained on {len(real.texts)} real sentences ({dict(Counter(sources))}) and {len(team.texts)} "
          f"team-written ones; labels {dict(Counter(labels))}; {time.perf_counter() - start:.0f} s; wrote {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
