"""Train the bundled Indonesian NER model (PER / ORG / LOC) with Stanza.

Usage:
    python scripts/train_ner.py [--max-steps 8000] [--charlm DIR] [--work build/ner]

Data: the union of the train splits of NER UI, NER UGM and NERGrit
(../shared/corpora/ner/), mapped onto schemas/ner_labels.json; the union of
their dev splits drives early stopping. Word vectors come from
annotate/resources/id/pretrain/annotate.pt (scripts/train_wordvecs.py).
The best model goes to annotate/resources/id/ner/annotate.pt; then run
scripts/evaluate_ner.py --update-card for the per-corpus dev scores.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ner_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "annotate" / "resources" / "id"
TARGET = RESOURCES / "ner" / "annotate.pt"
PRETRAIN = RESOURCES / "pretrain" / "annotate.pt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-steps", type=int, default=8000)
    parser.add_argument("--eval-interval", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--charlm", type=Path, default=None,
                        help="directory with forward.pt and backward.pt character language models")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "ner")
    parser.add_argument("--target", type=Path, default=TARGET)
    parser.add_argument("--train-corpora", nargs="+", default=list(ner_data.CORPORA))
    parser.add_argument("--extra", nargs=argparse.REMAINDER, default=[],
                        help="further arguments passed to stanza.models.ner_tagger")
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    train = [s for c in args.train_corpora for s in ner_data.load(c, "train")]
    dev = [s for c in ner_data.CORPORA for s in ner_data.load(c, "dev")]
    ner_data.write_stanza_json(train, args.work / "train.json")
    ner_data.write_stanza_json(dev, args.work / "dev.json")
    print(f"train {len(train)} sentences ({', '.join(args.train_corpora)}); dev {len(dev)} sentences")

    command = [
        sys.executable, "-m", "stanza.models.ner_tagger", "--mode", "train", "--shorthand", "id_annotate",
        "--train_file", str(args.work / "train.json"), "--eval_file", str(args.work / "dev.json"),
        "--wordvec_pretrain_file", str(PRETRAIN), "--save_dir", str(args.work), "--save_name", "ner.pt",
        "--max_steps", str(args.max_steps), "--eval_interval", str(args.eval_interval), "--seed", str(args.seed),
    ]
    if args.charlm:
        command += ["--charlm", "--charlm_forward_file", str(args.charlm / "forward.pt"),
                    "--charlm_backward_file", str(args.charlm / "backward.pt")]
    subprocess.run(command + args.extra, check=True)
    args.target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.work / "ner.pt", args.target)
    print(f"saved {args.target} ({args.target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
