"""Write the real-news stance corpus (corpora/stance/real/) from a store's export.

Input is ``annotate export --store labels.db --format jsonl``; a sentence is
kept when its label is people's: ``gold`` (two or more annotators answered and
agree), ``annotated`` (one annotator answered) or ``adjudicated`` (a reviewer
decided). Each row keeps who answered what. The
text of the pool's sources is committed because they allow it (NTREX: CC BY-SA
4.0, kumparan via nlp-id: MIT); the licence and attribution sit beside the
files. Sentences from ``../shared/corpora/raw/`` (BaPOS, FacQA) are written as
references only, to ``corpora/stance_shared/raw.jsonl`` (outside ``corpora/stance/``, so
tools reading that folder for labelled text do not meet rows without text) (raw line, offsets in its cleaned text, SHA-1 of the sentence):
``stance_corpus.py`` joins them back from ``../shared``.

    annotate export --store work/stance/labels.db --out work/stance/gold.jsonl --format jsonl --min-annotators 2 --overwrite
    python scripts/build_stance_corpus.py work/stance/gold.jsonl --out corpora/stance/real
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

SOURCES = {"ntrex": ("NTREX-128 newstest2019, Indonesian reference translation", "CC BY-SA 4.0"),
           "kumparan": ("kumparan news via nlp-id 0.1.23.0 dataset_postag.txt", "MIT")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--references", type=Path, default=Path("corpora/stance_shared/raw.jsonl"),
                        help="where the references to ../shared/corpora/raw sentences go (no text)")
    args = parser.parse_args()

    rows: dict[str, list[dict]] = {name: [] for name in [*SOURCES, "shared-raw"]}
    skipped = Counter()
    for line in args.export.open(encoding="utf-8"):
        record = json.loads(line)
        if record["stance_source"] not in ("gold", "annotated", "adjudicated"):
            skipped[record["stance_source"]] += 1
            continue
        meta = record["meta"]
        source = meta["doc_id"].split(":", 1)[0]
        people = {"label": record["stance"], "label_source": record["stance_source"],
                  "annotators": record["annotators"], "annotator_labels": record["annotator_stances"]}
        if source == "raw":
            rows["shared-raw"].append({"id": record["id"], "doc_id": meta["doc_id"], "sent_index": meta["sent_index"],
                                       "char_start": meta["char_start"], "char_end": meta["char_end"],
                                       "sha1": hashlib.sha1(record["text"].encode("utf-8")).hexdigest(), **people})
            continue
        origin, license_ = SOURCES[source]
        rows[source].append({"id": record["id"], "doc_id": record["meta"]["doc_id"],
                             "sent_index": record["meta"]["sent_index"], "text": record["text"],
                             **people, "source": source, "origin": origin, "license": license_})
    args.out.mkdir(parents=True, exist_ok=True)
    args.references.parent.mkdir(parents=True, exist_ok=True)
    for source, items in rows.items():
        path = args.references if source == "shared-raw" else args.out / f"{source}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for row in items:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{source}: {len(items)} sentences, {dict(Counter(r['label'] for r in items))}")
    print(f"left out (no people's label): {dict(skipped)}")


if __name__ == "__main__":
    main()
