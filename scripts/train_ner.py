"""Train the bundled Indonesian NER model (PER / ORG / LOC) with Stanza.

Usage:
    python scripts/train_ner.py [--max-steps 6000] [--nerp-case restored|lower] [--charlm] [--work build/ner]

Data: the union of the train splits of NER UI, NER UGM, NERGrit and NERP
(../shared/corpora/ner/), mapped onto schemas/ner_labels.json, with NERP's
case restored (entity words and the first word capitalised; --nerp-case
lower keeps it lowercase) and case augmentation: lowercased copies of
--lower and Title Case copies of --title of all sentences. The union of
the cased corpora's dev splits drives early stopping. Word vectors come from
annotate/resources/id/pretrain/annotate.pt (scripts/train_wordvecs.py);
with --charlm, the character language models from scripts/train_charlm.py.
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


def train(train: list[ner_data.Sentence], dev: list[ner_data.Sentence], work: Path, *, pretrain: Path,
          charlm: tuple[Path, Path] | None = None, max_steps: int = 4000, eval_interval: int = 250,
          seed: int = 1234, extra: list[str] = ()) -> Path:
    """Train a Stanza NER model on IOB2 sentences; returns the best model's path."""
    work.mkdir(parents=True, exist_ok=True)
    ner_data.write_stanza_json(train, work / "train.json")
    ner_data.write_stanza_json(dev, work / "dev.json")
    command = [
        sys.executable, "-m", "stanza.models.ner_tagger", "--mode", "train", "--shorthand", "id_annotate",
        "--train_file", str(work / "train.json"), "--eval_file", str(work / "dev.json"),
        "--wordvec_pretrain_file", str(pretrain), "--save_dir", str(work), "--save_name", "ner.pt",
        "--max_steps", str(max_steps), "--eval_interval", str(eval_interval), "--seed", str(seed),
    ]
    if charlm:
        command += ["--charlm", "--charlm_shorthand", "id_annotate", "--charlm_forward_file", str(charlm[0]), "--charlm_backward_file", str(charlm[1])]
    subprocess.run(command + list(extra), check=True)
    return work / "ner.pt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-steps", type=int, default=6000)
    parser.add_argument("--eval-interval", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--corpora", nargs="+", choices=ner_data.CORPORA, default=list(ner_data.CORPORA),
                        help="train splits to use")
    parser.add_argument("--nerp-case", choices=["restored", "lower"], default="restored")
    parser.add_argument("--lower", type=float, default=0.15, help="share of sentences added lowercased")
    parser.add_argument("--title", type=float, default=0.1, help="share of sentences added in Title Case")
    parser.add_argument("--pretrain", type=Path, default=RESOURCES / "pretrain" / "annotate.pt")
    parser.add_argument("--charlm", action="store_true",
                        help="use annotate/resources/id/{forward,backward}_charlm/annotate.pt")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "ner")
    parser.add_argument("--target", type=Path, default=RESOURCES / "ner" / "annotate.pt")
    parser.add_argument("--extra", nargs=argparse.REMAINDER, default=[],
                        help="further arguments passed to stanza.models.ner_tagger")
    args = parser.parse_args()

    train_set = ner_data.training_set(tuple(args.corpora), nerp_case=args.nerp_case, lower=args.lower, title=args.title, seed=args.seed)
    dev_set = [s for c in ner_data.CASED for s in ner_data.load(c, "dev")]
    print(f"train {len(train_set)} sentences, dev {len(dev_set)} sentences")
    charlm = (RESOURCES / "forward_charlm" / "annotate.pt", RESOURCES / "backward_charlm" / "annotate.pt")
    model = train(train_set, dev_set, args.work, pretrain=args.pretrain,
                  charlm=charlm if args.charlm else None, max_steps=args.max_steps,
                  eval_interval=args.eval_interval, seed=args.seed, extra=args.extra)
    args.target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model, args.target)
    print(f"saved {args.target} ({args.target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
