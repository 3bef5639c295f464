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

``--pairs`` checks actor pairs per document: gold pairs come from the gold
mentions and the team's stance labels (corpora/stance/real/, where a
sentence has one), predicted pairs from the pipeline's actors and a stance
model trained without these sentences (so it has not seen them). It prints
the share of gold pairs the pipeline finds in their document and, of
those, the share whose dominant framing (cooperation minus competition
over the document's sentences: positive, negative or even) is right;
then the same with the team's stance labels in place of the model's, which
separates what the actor linking misses from what the stance model misses.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from annotate.actors import dyads
from annotate.document import Document
from annotate.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "corpora" / "actors" / "real_test.jsonl")
    parser.add_argument("--errors", action="store_true", help="list the missed and wrong mentions")
    parser.add_argument("--pairs", action="store_true", help="check actor pairs and their framing per document")
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
    if args.pairs:
        check_pairs(documents)


def dominant(stances: Counter) -> str:
    """The framing of a pair over a document: the sign of cooperation minus competition (mixed counts as both)."""
    net = stances["cooperation"] - stances["competition"]
    return "cooperation" if net > 0 else "competition" if net < 0 else "mixed"


def held_out_stance_model(texts: set[str]):
    """The bundled stance configuration trained on the team's labelled sentences except ``texts``."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import stance_corpus
    from annotate import languages
    from annotate.ingest import IngestReport
    from annotate.stance.data import read_labelled
    from annotate.stance.model import make_model
    real, _ = stance_corpus.load()
    team = read_labelled([str(ROOT / "corpora" / "stance" / "*.jsonl")], IngestReport(warn=lambda m: None))
    keep = [(t, label) for t, label in zip(real.texts + team.texts, real.labels + team.labels) if t not in texts]
    return make_model(languages.get("id").stance_functions).fit([t for t, _ in keep], [label for _, label in keep])


def check_pairs(documents: dict[str, list[dict]]) -> None:
    labelled = {}
    for line in (ROOT / "corpora" / "stance" / "real").glob("*.jsonl"):
        for row in map(json.loads, line.read_text(encoding="utf-8").splitlines()):
            labelled[row["text"]] = row["label"]
    documents = {doc_id: [i for i in group if i["text"] in labelled] for doc_id, group in documents.items()}
    documents = {doc_id: group for doc_id, group in documents.items() if group}
    sentences = {i["text"] for group in documents.values() for i in group}
    nlp = load_pipeline("id", clean=False)
    next(p for p in nlp.processors if p.name == "stance").model = held_out_stance_model(sentences)
    found = framed = total = both = found_gold = framed_gold = 0
    for (doc_id, group), doc in zip(documents.items(), nlp.pipe(
            Document("\n".join(i["text"] for i in group), id=doc_id) for doc_id, group in documents.items())):
        gold, predicted, linked_gold_stance = {}, {}, {}
        for item in group:
            for d in dyads(item["mentions"], labelled[item["text"]]):
                gold.setdefault((d["a"], d["b"]), Counter())[d["stance"]] += 1
        line_starts = [0]
        for item in group:
            line_starts.append(line_starts[-1] + len(item["text"]) + 1)
        for sent in doc.sentences:
            for d in dyads(sent.actors or (), sent.stance):
                predicted.setdefault((d["a"], d["b"]), Counter())[d["stance"]] += 1
            line = sum(start <= sent.start for start in line_starts[1:])  # the gold line the sentence starts in
            for d in dyads(sent.actors or (), labelled[group[line]["text"]]):
                linked_gold_stance.setdefault((d["a"], d["b"]), Counter())[d["stance"]] += 1
        linked = {m.actor for sent in doc.sentences for m in sent.actors or ()}
        for pair, stances in gold.items():
            total += 1
            both += set(pair) <= linked
            if pair in predicted:
                found += 1
                framed += dominant(predicted[pair]) == dominant(stances)
            if pair in linked_gold_stance:
                found_gold += 1
                framed_gold += dominant(linked_gold_stance[pair]) == dominant(stances)
    print(f"\nactor pairs: {total} gold pairs in {len(documents)} documents with the team's stance labels "
          f"({len(sentences)} sentences)")
    if total:
        print(f"  both actors linked in their document: {both}/{total} = {both / total:.3f}")
        print(f"  pair found (both actors in a sentence the model frames): {found}/{total} = {found / total:.3f}")
    if found:
        print(f"  of those, dominant framing right: {framed}/{found} = {framed / found:.3f}")
    if total:
        print(f"  with the team's stance in place of the model's (what the actor linking alone allows): pair found "
              f"{found_gold}/{total} = {found_gold / total:.3f}, dominant framing right "
              f"{framed_gold}/{max(found_gold, 1)} = {framed_gold / max(found_gold, 1):.3f}")


if __name__ == "__main__":
    main()
