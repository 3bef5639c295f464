"""Train the bundled Indonesian tokenizer / sentence splitter with Stanza.

Usage:
    python scripts/train_tokenizer.py [--steps 3000] [--work build/tokenize]

Data: UD Indonesian GSD train, CSUI train minus its last 100 sentences and
GSD dev minus its last 200 sentences; those held-out parts are the dev sets
(see tokenizer_data.py), and the GSD one drives checkpoint selection.
Tokens are surface tokens: clitics such as ``bukunya`` stay one token (no
MWT model is trained). The model is written to
annotate/resources/id/tokenize/annotate.pt; run evaluate_tokenizer.py next
and copy its scores into the model card.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tokenizer_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "annotate" / "resources" / "id" / "tokenize" / "annotate.pt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=3000)  # the best GSD dev score came at step 1,600 of 6,000
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "tokenize")
    parser.add_argument("--ud-dir", type=Path, default=tokenizer_data.UD_DIR)
    parser.add_argument("--csui-weight", type=int, default=3,
                        help="repeat the CSUI training part (rupiah amounts, decimal commas) this many times")
    parser.add_argument("--paragraph-sizes", type=int, nargs=2, default=(2, 12), metavar=("MIN", "MAX"),
                        help="sentences per training paragraph, drawn at random")
    parser.add_argument("--target", type=Path, default=TARGET, help="where to copy the trained model")
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    train, dev_sets = tokenizer_data.load(args.ud_dir, csui_weight=args.csui_weight)
    dev = dev_sets["gsd"]
    dropped = tokenizer_data.write_stanza_files(train, args.work / "train", paragraph_sizes=tuple(args.paragraph_sizes), seed=args.seed)
    tokenizer_data.write_stanza_files(dev, args.work / "dev", paragraph_sizes=None)
    print(f"train: {len(train) - dropped} sentences ({dropped} unalignable dropped); dev: {len(dev)}")

    w = args.work
    (w / "mwt.json").write_text("[]")  # surface tokens only: no multi-word-token expansions
    subprocess.run([
        sys.executable, "-m", "stanza.models.tokenizer", "--mode", "train",
        "--lang", "id", "--shorthand", "id_annotate",
        "--txt_file", f"{w}/train.txt", "--label_file", f"{w}/train.toklabels",
        "--dev_txt_file", f"{w}/dev.txt", "--dev_label_file", f"{w}/dev.toklabels",
        "--mwt_json_file", f"{w}/mwt.json", "--dev_conll_gold", f"{w}/dev.gold.conllu", "--conll_file", f"{w}/dev.pred.conllu",
        "--steps", str(args.steps), "--seed", str(args.seed),
        "--save_dir", str(w), "--save_name", "tokenizer.pt",
    ], check=True)
    args.target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(w / "tokenizer.pt", args.target)
    print(f"saved {args.target} ({args.target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
