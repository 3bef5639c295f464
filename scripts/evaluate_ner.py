"""Entity-level precision / recall / F1 of the bundled NER model on each corpus's dev split.

Usage:
    python scripts/evaluate_ner.py [--stanza-dir DIR] [--update-card]

Exact span and type, micro-averaged, per corpus and per type, with gold
tags mapped onto schemas/ner_labels.json exactly as for training. The
model sees the gold tokens (``annotate ner --pretokenized``). A last row
scores corpora/ner/domain_check.tsv: team-written sentences of the users'
domain (no target; a check that officials, country spellings, bodies and
companies are tagged sensibly). A second table counts an error class per
corpus: false PER at sentence start (a predicted PER entity beginning at the
first token that is not a gold PER entity, e.g. ``Analis``, ``Warganet``). With
--update-card the table replaces the scores section of
annotate/resources/id/MODEL_CARD.md.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ner_data  # noqa: E402

from annotate.iob import span_scores, spans  # noqa: E402
from annotate.ingest import pretokenized_document  # noqa: E402
from annotate.pipeline import load_pipeline  # noqa: E402

CARD = Path(__file__).resolve().parents[1] / "annotate" / "resources" / "id" / "MODEL_CARD.md"
TARGETS = {"nerui": 88.5, "nerugm": 80.0, "nergrit": 77.0}


def evaluate(nlp, sentences: list[ner_data.Sentence]) -> tuple[dict, int]:
    """Scores of the pipeline on gold sentences, and its false PER entities at sentence start."""
    docs = nlp.pipe(pretokenized_document(tokens) for tokens, _ in sentences)
    predicted = [doc.sentences[0].ner_tags for doc in docs]
    gold = [tags for _, tags in sentences]
    false_initial = sum(1 for g, p in zip(gold, predicted) for span in spans(p)
                        if span[0] == 0 and span[2] == "PER" and span not in spans(g))
    return span_scores(gold, predicted), false_initial


def table(results: dict[str, dict]) -> str:
    """A Markdown table: one row per corpus and type."""
    rows = ["| corpus (dev) | type | precision | recall | F1 | gold entities | target F1 |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for corpus, scores in results.items():
        for label, s in scores.items():
            target = f"≥ {TARGETS[corpus]:g}" if label == "ALL" and corpus in TARGETS else ""
            name = f"**{corpus}**" if label == "ALL" else corpus
            f1 = f"**{100 * s.f1:.2f}**" if label == "ALL" else f"{100 * s.f1:.2f}"
            rows.append(f"| {name} | {label} | {100 * s.precision:.2f} | {100 * s.recall:.2f} | {f1} | {s.tp + s.fn} | {target} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stanza-dir", help="score the NER model of another Stanza resources directory")
    parser.add_argument("--update-card", action="store_true", help="write the table into the model card")
    parser.add_argument("--float", action="store_true", help="score the models without int8 layers (as trained)")
    parser.add_argument("--no-gazetteer", action="store_true", help="score the model alone, without the gazetteer")
    args = parser.parse_args()

    nlp = load_pipeline("id", stanza_dir=args.stanza_dir, pretokenized=True, int8=not args.float)
    if args.no_gazetteer:
        next(p for p in nlp.processors if p.name == "ner").gazetteer = None
    dev = {corpus: ner_data.load(corpus, "dev") for corpus in ner_data.CORPORA}
    dev["domain check"] = ner_data.load_file(ner_data.DOMAIN_CHECK)
    evaluated = {corpus: evaluate(nlp, sentences) for corpus, sentences in dev.items()}
    text = table({corpus: scores for corpus, (scores, _) in evaluated.items()}) + "\n\n" + "\n".join(
        ["| corpus (dev) | false PER at sentence start | sentences |", "| --- | --- | --- |"]
        + [f"| {corpus} | {errors} | {len(dev[corpus])} |" for corpus, (_, errors) in evaluated.items()])
    print(text)
    if args.update_card:
        card = CARD.read_text(encoding="utf-8")
        marked = re.compile(r"(<!-- ner-scores:start -->\n).*?(<!-- ner-scores:end -->)", re.S)
        CARD.write_text(marked.sub(lambda m: m.group(1) + text + "\n" + m.group(2), card), encoding="utf-8")
        print(f"updated {CARD}")


if __name__ == "__main__":
    main()
