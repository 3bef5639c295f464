"""Draw the real-news sentences to label for stance from ../shared/corpora/news/pool.jsonl.

How the set is drawn (written down in corpora/stance/README.md):

* **NTREX, every article** (the realistic stratum): natural news in article order, so
  ``neutral`` keeps its real share and annotators see each sentence in context.
  One input document per article, one sentence per paragraph.
* **kumparan, ranked** (the relational stratum): sentences where the labelling functions
  vote a non-neutral label or the bundled model's arg-max is not neutral, least
  confident first, skipping near-duplicates of an already drawn neighbour
  (the source has consecutive variants of one sentence).
* **kumparan, random**: a uniform sample of the rest, so the kumparan part is not only
  what the current rules and model find.

A fourth round (``--international --raw N``) keeps the domain in view: remaining
kumparan sentences that name a foreign state, an international body or
diplomacy, and a random sample of such sentences of 2000s news from
``../shared/corpora/raw/`` (BaPOS sentences and FacQA passages, questions left
out), whose text is never committed: their labels are kept as ids and offsets.

A second round (``--no-ntrex --exclude FIRST --model M --order relational``) draws
kumparan sentences not drawn before, most probably relational first by a model
trained on the first round's labels: the first round was 85 % neutral, too few
cooperation, competition and mixed sentences to learn from.

Output: JSONL documents for ``annotate run`` (``id``, ``text``, ``source``, ``license``).
Model outputs only order and filter the candidates; they are never written as labels.

    python scripts/select_stance_sentences.py --out work/stance/selection.jsonl
    python scripts/select_stance_sentences.py --out work/stance/selection-2.jsonl --no-ntrex \
        --exclude work/stance/selection.jsonl --model work/stance/round1.npz --order relational \
        --ranked 1400 --random 100 --seed 1
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

from annotate import languages
from annotate.stance.saved import load, scores, stance_labels, weak_labels

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
POOL = SHARED / "news" / "pool.jsonl"
RAW = SHARED / "raw" / "indonesian_text.jsonl"
RAW_NEWS = {"bapos_pos-idn": "bapos", "facqa_qa-factoid-itb": "facqa"}
# Sentences about international relations: a foreign state, an international body, diplomacy.
INTERNATIONAL = re.compile(
    r"\b(AS|Amerika|Washington|China|Tiongkok|Beijing|PBB|ASEAN|Uni Eropa|Eropa|Rusia|Moskow|Jepang|Korea|Iran|Irak|"
    r"Israel|Palestina|Arab|India|Pakistan|Australia|Malaysia|Singapura|Vietnam|Thailand|Filipina|Inggris|Jerman|"
    r"Prancis|Perancis|Turki|Suriah|Ukraina|Taiwan|NATO|WHO|WTO|IMF|G20|Bank Dunia|Trump|Bush|Xi Jinping|Putin|"
    r"bilateral|multilateral|diplomat\w*|internasional|negara lain|luar negeri|Menlu|Kemlu)\b")
QUESTION = re.compile(r"\?\s*$|^(Apa|Siapa|Kapan|Di ?mana|Berapa|Mengapa|Bagaimana)")
_WORDS = re.compile(r"\w+")


def near_duplicate(a: str, b: str, threshold: float = 0.6) -> bool:
    x, y = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return bool(x and y) and len(x & y) / len(x | y) >= threshold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pool", type=Path, default=POOL)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--ranked", type=int, default=1000, help="kumparan sentences drawn by ranking")
    parser.add_argument("--random", type=int, default=150, help="kumparan sentences drawn at random")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ntrex", action=argparse.BooleanOptionalAction, default=True,
                        help="include every NTREX article")
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="an earlier selection whose sentences are not drawn again")
    parser.add_argument("--model", type=Path, help="stance model that ranks (default: the bundled one)")
    parser.add_argument("--order", choices=["uncertain", "relational"], default="uncertain",
                        help="uncertain: least confident first; relational: most probably not neutral first")
    parser.add_argument("--international", action="store_true",
                        help="kumparan: only sentences about international relations")
    parser.add_argument("--raw", type=int, default=0,
                        help="also draw this many raw 2000s news texts about international relations")
    args = parser.parse_args()
    drawn_before = {json.loads(line)["id"] for path in args.exclude for line in path.open(encoding="utf-8")}

    records = [json.loads(line) for line in args.pool.open(encoding="utf-8")]
    articles: dict[str, list[dict]] = defaultdict(list)
    kumparan = []
    for record in records:
        if record["id"].startswith("ntrex:"):
            articles[record["doc"]].append(record)
        elif record["id"] not in drawn_before and (not args.international or INTERNATIONAL.search(record["text"])):
            kumparan.append(record)

    texts = [r["text"] for r in kumparan]
    names = stance_labels()
    proba = scores(load(args.model or languages.get("id").stance_model), texts)
    weak = weak_labels(texts, languages.get("id").stance_functions)
    if args.order == "uncertain":
        candidates = [i for i in range(len(kumparan))
                      if weak[i] != "neutral" or names[int(proba[i].argmax())] != "neutral"]
        candidates.sort(key=lambda i: float(proba[i].max()))
    else:
        candidates = sorted(range(len(kumparan)), key=lambda i: float(proba[i][0]))
    chosen: list[int] = []
    taken = set()

    def take(i: int) -> bool:
        if any(near_duplicate(texts[i], texts[j]) for j in range(i - 3, i + 4) if j in taken):
            return False
        chosen.append(i)
        taken.add(i)
        return True

    for i in candidates:
        if len(chosen) >= args.ranked:
            break
        take(i)
    rest = [i for i in range(len(kumparan)) if i not in taken]
    random.Random(args.seed).shuffle(rest)
    drawn = 0
    for i in rest:
        if drawn >= args.random:
            break
        drawn += take(i)

    raw = []
    for number, line in enumerate(RAW.open(encoding="utf-8"), start=1):
        record = json.loads(line)
        if (record["source"] in RAW_NEWS and f"raw:{number}" not in drawn_before and INTERNATIONAL.search(record["text"])
                and not QUESTION.search(record["text"])):
            raw.append({"id": f"raw:{number}", "text": record["text"], "source": RAW_NEWS[record["source"]],
                        "license": "CC BY-NC-SA 4.0" if record["source"] == "bapos_pos-idn" else "IndoNLU"})
    raw = random.Random(args.seed).sample(raw, min(args.raw, len(raw)))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for doc, sentences in sorted(articles.items()) if args.ntrex else ():
            sentences.sort(key=lambda r: r["sent_index"])
            out.write(json.dumps({"id": doc, "text": "\n\n".join(r["text"] for r in sentences),
                                  "source": "ntrex", "license": sentences[0]["license"]}, ensure_ascii=False) + "\n")
        for i in sorted(chosen):
            r = kumparan[i]
            out.write(json.dumps({"id": r["id"], "text": r["text"], "source": "kumparan", "license": r["license"]},
                                 ensure_ascii=False) + "\n")
        for r in sorted(raw, key=lambda r: int(r["id"][4:])):
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(articles) if args.ntrex else 0} NTREX articles ({sum(map(len, articles.values())) if args.ntrex else 0} sentences), "
          f"{len(chosen)} kumparan sentences ({len(chosen) - drawn} ranked, {drawn} random), {len(raw)} raw texts "
          f"-> {args.out}")


if __name__ == "__main__":
    main()
