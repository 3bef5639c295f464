"""Measure the language check (annotate.langid) on short Indonesian, English and Malay texts.

Usage:
    python scripts/evaluate_langid.py [--pool ../shared/corpora/news/pool.jsonl] [--sample 3000]

Indonesian: sentences of ../shared/corpora/news/pool.jsonl (read only; NTREX
news translations and kumparan news), alone and as runs of 3 and 5
consecutive sentences of one NTREX document. English and Malay: the
team-written sentences of corpora/langid/en.txt and ms.txt, alone and in
runs of 3 and 5. Printed per set:

- accuracy of py3langid's best guess over all its languages, and restricted
  to id/ms/en with ``set_languages`` (what restricting would buy);
- what ``LanguageCheck("id")`` does with its thresholds: share of texts
  judged (``lang`` not null), recorded as the right language, and flagged
  as another language than Indonesian (for Indonesian: false alarms);
- Indonesian sentences by length, the basis of ``MIN_WORDS``.
"""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from annotate.langid import _WORD, MIN_PROBABILITY, MIN_WORDS, LanguageCheck, identifier

ROOT = Path(__file__).resolve().parents[1]
POOL = ROOT.parent / "shared" / "corpora" / "news" / "pool.jsonl"


def runs(sentences: list[str], k: int) -> list[str]:
    """Consecutive, non-overlapping runs of k sentences, joined by a space."""
    return [" ".join(sentences[i:i + k]) for i in range(0, len(sentences) - k + 1, k)]


def sets(pool: Path, sample: int, seed: int) -> dict[tuple[str, str], list[str]]:
    records = [json.loads(line) for line in pool.open(encoding="utf-8")]
    documents: dict[str, list[str]] = defaultdict(list)
    for record in records:
        if record["source"].startswith("NTREX"):
            documents[record["doc"]].append(record["text"])
    rng = random.Random(seed)
    team = {code: (ROOT / "corpora" / "langid" / f"{code}.txt").read_text(encoding="utf-8").split("\n")
            for code in ("en", "ms")}
    team = {code: [line for line in lines if line.strip()] for code, lines in team.items()}
    out = {("id", "1 sentence"): rng.sample([r["text"] for r in records], min(sample, len(records)))}
    for k in (3, 5):
        out[("id", f"{k} sentences")] = [text for sentences in documents.values() for text in runs(sentences, k)]
    for code, lines in team.items():
        out[(code, "1 sentence")] = lines
        for k in (3, 5):
            out[(code, f"{k} sentences")] = runs(lines, k)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pool", type=Path, default=POOL, help="Indonesian sentences (JSONL with text, source, doc)")
    parser.add_argument("--sample", type=int, default=3000, help="Indonesian single sentences drawn from the pool")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data = sets(args.pool, args.sample, args.seed)
    ident, check = identifier(), LanguageCheck("id", "Indonesian")

    print(f"LanguageCheck('id'): MIN_WORDS={MIN_WORDS}, MIN_PROBABILITY={MIN_PROBABILITY}\n")
    print(f"{'texts':<22}{'n':>6}{'best guess':>12}{'id/ms/en':>10}{'judged':>9}{'right':>8}{'flagged':>9}"
          f"  {'mistaken for'}")
    for (code, size), texts in data.items():
        ident.set_languages(None)
        guesses = [ident.classify(text)[0] for text in texts]
        ident.set_languages(["id", "ms", "en"])
        restricted = [ident.classify(text)[0] for text in texts]
        ident.set_languages(None)
        verdicts = [check(text) for text in texts]
        n = len(texts)
        wrong = Counter(g for g in guesses if g != code).most_common(3)
        print(f"{code + ', ' + size:<22}{n:>6}{sum(g == code for g in guesses) / n:>12.3f}"
              f"{sum(g == code for g in restricted) / n:>10.3f}{sum(v.lang is not None for v in verdicts) / n:>9.3f}"
              f"{sum(v.lang == code for v in verdicts) / n:>8.3f}{sum(check.other(v) for v in verdicts) / n:>9.3f}"
              f"  {', '.join(f'{g} {c}' for g, c in wrong) or '-'}")

    print("\nIndonesian single sentences by length (words of two letters or more):")
    print(f"{'words':<10}{'n':>6}{'best guess id':>15}{'flagged':>9}")
    bins: dict[str, list] = defaultdict(list)
    for text in data[("id", "1 sentence")]:
        words = len(_WORD.findall(text))
        label = next(f"{lo}-{hi}" for lo, hi in ((1, 4), (5, 9), (10, 14), (15, 19), (20, 29), (30, 10_000))
                     if words <= hi)
        bins[label].append(text)
    loose = LanguageCheck("id", min_words=1)
    for label in ("1-4", "5-9", "10-14", "15-19", "20-29", "30-10000"):
        texts = bins.get(label, [])
        if texts:
            best = sum(ident.classify(t)[0] == "id" for t in texts) / len(texts)
            flagged = sum(loose.other(loose(t)) for t in texts) / len(texts)
            print(f"{label.replace('-10000', '+'):<10}{len(texts):>6}{best:>15.3f}{flagged:>9.3f}")


if __name__ == "__main__":
    main()
