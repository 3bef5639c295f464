"""Actor normalisation against gold actor mentions of real news sentences.

Usage:
    python scripts/evaluate_actors.py [--gold corpora/actors/real_test.jsonl] [--errors]

Gold: one JSON line per sentence, ``{id, text, mentions: [{text, actor,
kind}]}`` and optionally ``doc``, labelled by a team member under
schemas/actor_guidelines.md without seeing the linker's output. The default
is the set never used to change the linker (corpora/actors/README.md says
which set is which). Sentences sharing a ``doc`` run through the full
pipeline (cleaning off, NER on) as one document, lines joined, as an article
would; any other sentence is its own document. A gold mention counts as
normalised when a predicted mention with the same text has the same actor
(multisets per document). Prints recall (share of gold mentions
normalised correctly: the figure the acceptance names), precision of the
linked mentions, and per kind; ``--errors`` lists the misses.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from annotate.document import Document
from annotate.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "corpora" / "actors" / "real_test.jsonl")
    parser.add_argument("--errors", action="store_true", help="list the missed and wrong mentions")
    args = parser.parse_args()

    items = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents: dict[str, list[dict]] = {}
    for item in items:
        documents.setdefault(item.get("doc", item["id"]), []).append(item)
    nlp = load_pipeline("id", clean=False, stance=False)
    docs = nlp.pipe(Document("\n".join(i["text"] for i in group), id=doc_id) for doc_id, group in documents.items())
    found = Counter()
    per_kind = Counter()
    errors = []
    for group, doc in zip(documents.values(), docs):
        mentions = [m for item in group for m in item["mentions"]]
        gold = Counter((m["text"], m["actor"]) for m in mentions)
        predicted = Counter((m.text, m.actor) for s in doc.sentences for m in s.actors or () if m.actor)
        right = gold & predicted
        found["gold"] += sum(gold.values())
        found["predicted"] += sum(predicted.values())
        found["right"] += sum(right.values())
        for m in mentions:
            per_kind[(m["kind"], "gold")] += 1
        for (text, actor), n in right.items():
            kind = next(m["kind"] for m in mentions if (m["text"], m["actor"]) == (text, actor))
            per_kind[(kind, "right")] += n
        if gold != predicted:
            errors.append((doc.text[:300], sorted((gold - predicted).elements()), sorted((predicted - gold).elements())))
    recall = found["right"] / found["gold"] if found["gold"] else 0.0
    precision = found["right"] / found["predicted"] if found["predicted"] else 0.0
    print(f"{len(items)} sentences in {len(documents)} documents, {found['gold']} gold actor mentions, {found['predicted']} linked by annotate")
    print(f"gold mentions normalised correctly (recall): {found['right']}/{found['gold']} = {recall:.3f}")
    print(f"linked mentions that are right (precision): {found['right']}/{found['predicted']} = {precision:.3f}")
    for kind in ("state", "org", "person"):
        gold_n = per_kind[(kind, "gold")]
        if gold_n:
            print(f"  {kind:<7} recall {per_kind[(kind, 'right')]}/{gold_n} = {per_kind[(kind, 'right')] / gold_n:.3f}")
    if args.errors:
        for text, missed, wrong in errors:
            print(f"\n{text}\n  missed: {missed}\n  wrong:  {wrong}")


if __name__ == "__main__":
    main()
