"""Train forward and backward Indonesian character language models with Stanza.

Usage:
    python scripts/train_charlm.py --direction forward [--hidden 256] [--epochs 2]
    python scripts/train_charlm.py --direction backward ...

Text: everything in scripts/unlabelled_text.py (raw texts, the news pool,
the NER corpora's and the UD tokenizer's training text; no dev or held-out
text), one text per line; 1 in 100 texts is kept aside as the language
model's own dev text. The model goes to annotate/resources/id/<direction>_charlm/annotate.pt
(Stanza's layout), where scripts/train_ner.py --charlm finds it.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import unlabelled_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "annotate" / "resources" / "id"


def write_text(work: Path) -> tuple[Path, Path]:
    """train.txt and dev.txt for the language model."""
    train, dev = work / "train" / "text.txt", work / "dev.txt"
    train.parent.mkdir(parents=True, exist_ok=True)
    with open(train, "w", encoding="utf-8") as tr, open(dev, "w", encoding="utf-8") as dv:
        for i, text in enumerate(unlabelled_text.texts()):
            (dv if i % 100 == 0 else tr).write(text + "\n")
    return train, dev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--direction", choices=["forward", "backward"], required=True)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--bptt", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "charlm")
    args = parser.parse_args()

    work = args.work / args.direction
    train, dev = write_text(work)
    subprocess.run([
        sys.executable, "-m", "stanza.models.charlm", "--mode", "train", "--shorthand", "id_annotate",
        "--direction", args.direction, "--train_dir", str(train.parent), "--eval_file", str(dev),
        "--char_hidden_dim", str(args.hidden), "--batch_size", str(args.batch_size), "--bptt_size", str(args.bptt),
        "--epochs", str(args.epochs), "--cutoff", "5", "--eval_steps", "-1", "--seed", str(args.seed),
        "--save_dir", str(work), "--save_name", "charlm.pt", "--no_checkpoint",
    ], check=True)
    target = RESOURCES / f"{args.direction}_charlm" / "annotate.pt"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(work / "charlm.pt", target)
    print(f"saved {target} ({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
