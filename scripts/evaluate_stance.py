"""Grouped cross-validated macro-F1 of the stance classifier and of the weak labels, same folds.

Usage:
    python scripts/evaluate_stance.py [--folds 5] [--data corpora/stance]

Folds are grouped by document (GroupKFold over doc_id), so no document is
split between training and test. Targets: classifier macro-F1 >= 0.80 over
the four labels, and at least 5 points above the weak labels.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from annotate.ingest import IngestReport
from annotate.stance.data import read_labelled
from annotate.stance.evaluate import cross_validate, report

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--data", nargs="+", default=[str(ROOT / "corpora" / "stance")])
    args = parser.parse_args()

    data = read_labelled(args.data, IngestReport(warn=lambda m: None))
    cv = cross_validate(data, folds=args.folds)
    model, weak = cv.macro_f1(cv.model), cv.macro_f1(cv.weak)
    print(f"{len(data.texts)} sentences, {len(set(data.groups))} documents, {args.folds} folds grouped by document\n")
    print("classifier (TF-IDF words + characters + labelling-function votes, logistic regression)")
    print(report(cv.gold, cv.model))
    print("weak labels (majority vote of the labelling functions)")
    print(report(cv.gold, cv.weak))
    print(f"macro-F1  classifier {model:.3f}  weak labels {weak:.3f}  difference {100 * (model - weak):+.1f} points")
    print(f"targets   classifier >= 0.80: {'met' if model >= 0.80 else 'NOT met'}; "
          f"+5 points over weak labels: {'met' if model - weak >= 0.05 else 'NOT met'}")


if __name__ == "__main__":
    main()
