"""Score HTML article extraction on team-written pages: content F1, titles, metadata, pages without an article.

Usage:
    python scripts/evaluate_html.py [FOLDER] [--lang id] [--compare-options] [--pages]

FOLDER (default corpora/html) holds ``NAME.html`` pages with ``NAME.gold.txt``
(the article as the dataset should hold it: headline, then the body without
dateline, credits, captions, "Baca juga" boxes; empty for a page with no
article), optionally ``NAME.title.txt`` (the headline without the site's name)
and ``NAME.meta.json`` (``date``, ``url``, ``author``).

Content scores compare bags of word tokens (``\\w+``, lower-cased) of the
extracted text and the gold text, as trafilatura's and the ScrapingHub
article-extraction benchmarks do: precision = shared tokens / extracted
tokens, recall = shared tokens / gold tokens, summed over pages (micro).
Rows:

- ``trafilatura alone``: its text with annotate's options, title as it gives it;
- ``+ annotate.htmlpage``: headline first, site name out of the title, no-article check;
- ``+ cleaning rules``: what ``annotate clean PAGE.html`` prints (the language's rules on top).

``--compare-options`` repeats the rows for other trafilatura options, the
measurement behind ``annotate.htmlpage.EXTRACT_OPTIONS``.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotate import htmlpage, languages
from annotate.ingest import IngestReport, read_documents
from annotate.processors.clean import Cleaner

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = {
    "chosen (balanced, no tables)": {},
    "favor_precision": {"favor_precision": True},
    "favor_recall": {"favor_recall": True},
    "include_tables": {"include_tables": True},
}


@dataclass
class Score:
    """Summed token counts and per-field hits of one row."""

    shared: int = 0
    extracted: int = 0
    gold: int = 0
    titles: int = 0
    meta: Counter = field(default_factory=Counter)
    rejected: int = 0
    pages: list[str] = field(default_factory=list)

    def add(self, name: str, text: str, gold: str) -> None:
        ext, ref = Counter(tokens(text)), Counter(tokens(gold))
        shared = sum((ext & ref).values())
        self.shared, self.extracted, self.gold = self.shared + shared, self.extracted + sum(ext.values()), \
            self.gold + sum(ref.values())
        self.pages.append(f"{name}: F1 {f1(shared, sum(ext.values()), sum(ref.values())):.3f}")

    def figures(self) -> tuple[float, float, float]:
        p = self.shared / self.extracted if self.extracted else 0.0
        r = self.shared / self.gold if self.gold else 0.0
        return p, r, f1(self.shared, self.extracted, self.gold)


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def f1(shared: int, extracted: int, gold: int) -> float:
    return 2 * shared / (extracted + gold) if extracted + gold else 1.0


def same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def raw_page(path: Path) -> str:
    """The page as annotate decodes it (declared charset, fallbacks), markup untouched."""
    docs = list(read_documents([str(path)], fmt="txt", report=IngestReport(warn=lambda message: None)))
    return docs[0].text if docs else ""


def evaluate(folder: Path, lang: str) -> dict[str, Score]:
    import trafilatura
    cleaner = Cleaner(languages.get(lang).cleaning)
    rows = {"trafilatura alone": Score(), "+ annotate.htmlpage": Score(), "+ cleaning rules": Score()}
    for page in sorted(folder.glob("*.html")):
        stem = page.with_suffix("")
        gold = Path(f"{stem}.gold.txt").read_text(encoding="utf-8")
        title_file, meta_file = Path(f"{stem}.title.txt"), Path(f"{stem}.meta.json")
        title = title_file.read_text(encoding="utf-8").strip() if title_file.exists() else None
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}

        found = trafilatura.bare_extraction(raw_page(page), **htmlpage.EXTRACT_OPTIONS)
        plain = {"text": (found.text or "") if found else "", "title": found.title if found else None,
                 "date": found.date if found else None, "url": found.url if found else None,
                 "author": found.author if found else None}
        docs = list(read_documents([str(page)], fmt="html", report=IngestReport(warn=lambda message: None)))
        ours = {"text": docs[0].text, **docs[0].meta} if docs else {"text": ""}
        cleaned = cleaner.process(docs[0]) if docs else None
        ruled = {**ours, "text": cleaned.text} if cleaned else ours
        for score, result in zip(rows.values(), (plain, ours, ruled)):
            if not gold.strip():
                score.rejected += not result["text"].strip()
                score.pages.append(f"{page.name}: {'rejected' if not result['text'].strip() else 'KEPT'} (no article)")
                continue
            score.add(page.name, result["text"], gold)
            score.titles += title is not None and same(result.get("title"), title)
            for key in ("date", "url", "author"):
                score.meta[key] += key in meta and same(result.get(key), meta[key])
    return rows


def report(folder: Path, rows: dict[str, Score], label: str = "", pages: bool = False) -> None:
    articles = sum(1 for p in folder.glob("*.gold.txt") if p.read_text(encoding="utf-8").strip())
    empty = sum(1 for p in folder.glob("*.gold.txt") if not p.read_text(encoding="utf-8").strip())
    titled = len(list(folder.glob("*.title.txt")))
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.meta.json")]
    if label:
        print(f"\n{label}")
    print(f"{'':<22}{'precision':>10}{'recall':>8}{'F1':>8}{'titles':>9}{'dates':>8}{'urls':>7}{'authors':>9}"
          f"{'no-article':>12}")
    for name, score in rows.items():
        p, r, f = score.figures()
        meta = "".join(f"{f'{score.meta[k]}/{sum(k in m for m in metas)}':>{w}}"
                       for k, w in (("date", 8), ("url", 7), ("author", 9)))
        print(f"{name:<22}{p:>10.3f}{r:>8.3f}{f:>8.3f}{f'{score.titles}/{titled}':>9}{meta}"
              f"{f'{score.rejected}/{empty}':>12}")
        if pages:
            for line in score.pages:
                print(f"    {line}")
    if not label:
        print(f"\n{articles} pages with an article, {empty} without; content scores are micro-averaged over pages.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "corpora" / "html")
    parser.add_argument("--lang", default="id", help="language whose cleaning rules make the last row")
    parser.add_argument("--compare-options", action="store_true", help="also score other trafilatura options")
    parser.add_argument("--pages", action="store_true", help="the F1 of every page")
    args = parser.parse_args()
    print(f"trafilatura options: {htmlpage.EXTRACT_OPTIONS}")
    report(args.folder, evaluate(args.folder, args.lang), pages=args.pages)
    if args.compare_options:
        chosen = dict(htmlpage.EXTRACT_OPTIONS)
        for label, change in list(OPTIONS.items())[1:]:
            htmlpage.EXTRACT_OPTIONS.update(change)
            report(args.folder, evaluate(args.folder, args.lang), label=f"with {label}", pages=args.pages)
            htmlpage.EXTRACT_OPTIONS.clear()
            htmlpage.EXTRACT_OPTIONS.update(chosen)


if __name__ == "__main__":
    main()
