"""Split a store's stance tasks into annotators' batches, whole documents each, with a double-annotated part.

The double-annotated part (``--double`` sentences, half NTREX articles and half
kumparan sentences where both are present, drawn at random by document) goes to the first two
annotators, who both label all of it; the other tasks are dealt to the others,
document by document, in shuffled order. Each batch is the output of
``annotate tasks`` for those items: sentence text with its neighbours, no label.

    annotate tasks --store work/stance/labels.db > work/stance/all.jsonl
    python scripts/assign_stance_batches.py work/stance/all.jsonl --out work/stance/batches \\
        --double-annotators a1 a2 --annotators a3 a4 a5 a6 a7 a8
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tasks", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--double", type=int, default=600)
    parser.add_argument("--double-annotators", nargs=2, required=True)
    parser.add_argument("--annotators", nargs="+", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    documents: dict[str, list[dict]] = defaultdict(list)
    for line in args.tasks.open(encoding="utf-8"):
        record = json.loads(line)
        documents[record["doc_id"]].append(record)
    rng = random.Random(args.seed)
    order = sorted(documents)
    rng.shuffle(order)
    double: list[str] = []
    for source, share in (("ntrex:", args.double // 2), ("kumparan:", args.double - args.double // 2)):
        size = 0
        for doc in order:
            if doc.startswith(source) and size < share:
                double.append(doc)
                size += len(documents[doc])
    size = sum(len(documents[doc]) for doc in double)
    for doc in order:  # a source with too few documents leaves its share to the other
        if size >= args.double:
            break
        if doc not in double:
            double.append(doc)
            size += len(documents[doc])
    rest = [doc for doc in order if doc not in set(double)]
    batches: dict[str, list[str]] = {name: [] for name in args.annotators}
    sizes = dict.fromkeys(args.annotators, 0)
    for doc in rest:
        name = min(sizes, key=sizes.get)
        batches[name].append(doc)
        sizes[name] += len(documents[doc])
    for name in args.double_annotators:
        batches[name] = double
    args.out.mkdir(parents=True, exist_ok=True)
    for name, docs in batches.items():
        with (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for doc in sorted(docs):
                for record in documents[doc]:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{name}: {sum(len(documents[d]) for d in docs)} sentences in {len(docs)} documents")


if __name__ == "__main__":
    main()
