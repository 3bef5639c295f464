"""The real-news stance corpus, with the sentences kept only as references joined back from ../shared.

``corpora/stance/real/ntrex.jsonl`` and ``kumparan.jsonl`` hold their text
(licences beside them); ``corpora/stance_shared/raw.jsonl`` holds, for BaPOS and FacQA
sentences, the raw line (``doc_id`` ``raw:N``), the sentence's offsets in
that line's cleaned text and its SHA-1. ``load`` rebuilds each sentence with
the Indonesian cleaning rules, as ``annotate run`` did, and checks the digest.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from annotate import languages
from annotate.cleaning import clean
from annotate.ingest import IngestReport
from annotate.stance.data import LabelledSentences, read_labelled

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpora" / "stance" / "real"
REFERENCES = ROOT / "corpora" / "stance_shared" / "raw.jsonl"
RAW = ROOT.parent / "shared" / "corpora" / "raw" / "indonesian_text.jsonl"
RAW_SOURCES = {"bapos_pos-idn": "bapos", "facqa_qa-factoid-itb": "facqa"}


def load(*, raw: bool = True, exclude_sources: tuple[str, ...] = ()) -> tuple[LabelledSentences, list[str]]:
    """(sentences, the source of each): NTREX and kumparan, plus BaPOS and FacQA joined from ../shared."""
    quiet = IngestReport(warn=lambda m: None)
    data = read_labelled([str(REAL / "ntrex.jsonl"), str(REAL / "kumparan.jsonl")], quiet)
    sources = [g.split(":", 1)[0] for g in data.groups]
    if raw and REFERENCES.exists():
        joined, joined_sources = join_raw(REFERENCES)
        data.extend(joined)
        sources += joined_sources
    keep = [i for i, s in enumerate(sources) if s not in exclude_sources]
    return (LabelledSentences([data.texts[i] for i in keep], [data.labels[i] for i in keep],
                              [data.groups[i] for i in keep]), [sources[i] for i in keep])


def join_raw(references: Path) -> tuple[LabelledSentences, list[str]]:
    """The referenced sentences rebuilt from ../shared; a reference whose text no longer matches is dropped."""
    rows = [json.loads(line) for line in references.open(encoding="utf-8")]
    if rows and not RAW.exists():
        raise SystemExit(f"{RAW} is missing: the {len(rows)} BaPOS/FacQA labels cannot be joined")
    wanted = {int(r["doc_id"].split(":")[1]) for r in rows}
    cleaned: dict[int, tuple[str, str]] = {}
    rules = languages.get("id").cleaning
    for number, line in enumerate(RAW.open(encoding="utf-8"), start=1):
        if number in wanted:
            record = json.loads(line)
            cleaned[number] = (clean(record["text"], rules).text, RAW_SOURCES.get(record["source"], record["source"]))
    data, sources, dropped = LabelledSentences(), [], 0
    for r in rows:
        text, source = cleaned.get(int(r["doc_id"].split(":")[1]), ("", ""))
        sentence = text[r["char_start"]:r["char_end"]]
        if hashlib.sha1(sentence.encode("utf-8")).hexdigest() != r["sha1"]:
            dropped += 1
            continue
        data.texts.append(sentence)
        data.labels.append(r["label"])
        data.groups.append(r["doc_id"])
        sources.append(source)
    if dropped:
        print(f"warning: {dropped} of {len(rows)} referenced sentences no longer match ../shared and were left out")
    return data, sources
