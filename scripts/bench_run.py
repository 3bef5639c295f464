"""Benchmark ``annotate run`` against a plain per-document Stanza loop, and memory at 5x scale.

Usage:
    python scripts/bench_run.py [--docs 20000] [--scale 5] [--workers N] [--join K]

Builds a JSONL corpus of --docs documents from ../shared/corpora/raw/ at run
time (in a temporary directory; ids make repeated texts distinct documents;
--join K makes each document K consecutive raw texts as paragraphs, about
K x 34 tokens, for pages longer than the raw texts),
then times, each in its own process:
  (a) ``annotate run`` (clean, tokenize, NER, stance; batched; --workers);
  (b) plain Stanza with the same tokenizer and NER models, one document at a time;
and prints tokens/s for both, their ratio, and peak RSS. Start-up is timed
too: ``annotate --help``, ``annotate run`` on a one-document corpus
(interpreter, imports, model loading), which gives (a) without start-up, and
on ten documents (median of three runs). Then it
runs (a) on a corpus --scale times larger and prints its peak RSS. Targets on the 2-core
machine: (a) >= 4,000 tokens/s and >= 2x (b); peak RSS <= 2 GB and at most
1.2x higher on the larger corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "corpora" / "raw" / "indonesian_text.jsonl"

PLAIN_STANZA = """
import json, resource, sys, time
import stanza
from stanza.pipeline.core import DownloadMethod
nlp = stanza.Pipeline("id", dir=sys.argv[2], processors="tokenize,ner", download_method=DownloadMethod.NONE,
                      logging_level="WARN", use_gpu=False)
start, tokens = time.perf_counter(), 0
for line in open(sys.argv[1], encoding="utf-8"):
    tokens += sum(len(s.tokens) for s in nlp(json.loads(line)["text"]).sentences)
print(json.dumps({"seconds": time.perf_counter() - start, "tokens": tokens}))
"""


def build_corpus(path: Path, docs: int, join: int = 1) -> None:
    """``docs`` JSONL documents cycling through the raw texts, ``join`` consecutive ones each, with its own id."""
    texts = [json.loads(line)["text"] for line in open(RAW, encoding="utf-8")]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(docs):
            text = "\n\n".join(texts[(i * join + k) % len(texts)] for k in range(join))
            out.write(json.dumps({"id": f"bench-{i}", "text": text}, ensure_ascii=False) + "\n")


def timed(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the largest process, stderr + stdout) of a command."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    rss = float(re.findall(r"MAXRSS (\d+)", result.stderr)[-1]) / 1024
    return seconds, rss, result.stderr + result.stdout


def run_annotate(corpus: Path, work: Path, workers: int) -> tuple[float, float, int]:
    """(seconds, peak RSS MB, tokens) of ``annotate run`` on a corpus."""
    out = work / f"out-{corpus.stem}"
    seconds, rss, output = timed([sys.executable, "-m", "annotate", "run", str(corpus), "--out", str(out),
                                  "--quiet", "--workers", str(workers), "--overwrite"])
    return seconds, rss, int(re.search(r"sentences, (\d+) tokens", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--join", type=int, default=1, help="raw texts per document (paragraphs)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base, large = work / "base.jsonl", work / "large.jsonl"
        build_corpus(base, args.docs, args.join)
        build_corpus(work / "one.jsonl", 1)
        build_corpus(work / "ten.jsonl", 10)
        seconds_help, _, _ = timed([sys.executable, "-m", "annotate", "--help"])
        startup, _, _ = run_annotate(work / "one.jsonl", work, 1)
        seconds_ten = sorted(run_annotate(work / "ten.jsonl", work, 1)[0] for _ in range(3))[1]
        seconds_a, rss_a, tokens_a = run_annotate(base, work, args.workers)
        seconds_b, rss_b, output = timed([sys.executable, "-c", PLAIN_STANZA, str(base),
                                          str(ROOT / "annotate" / "resources")])
        plain = json.loads(output.strip().splitlines()[-1])
        rate_a, rate_b = tokens_a / seconds_a, plain["tokens"] / plain["seconds"]
        print(f"corpus                {args.docs} documents of {args.join} text(s) from {RAW.name}")
        print(f"(a) annotate run      {tokens_a} tokens in {seconds_a:.1f} s (start-up included): {rate_a:,.0f} tokens/s, "
              f"peak RSS {rss_a:.0f} MB (largest process; {args.workers} workers)")
        print(f"(b) plain Stanza      {plain['tokens']} tokens in {plain['seconds']:.1f} s (model loading excluded): "
              f"{rate_b:,.0f} tokens/s, peak RSS {rss_b:.0f} MB")
        print(f"    without start-up  {tokens_a / max(seconds_a - startup, 1e-9):,.0f} tokens/s "
              f"(start-up: 'annotate run' on one document {startup:.1f} s; 'annotate --help' {seconds_help:.2f} s)")
        print(f"10 documents          'annotate run' {seconds_ten:.1f} s (median of 3)")
        print(f"ratio (a) / (b)       {rate_a / rate_b:.2f}x (start-up included)")
        if args.scale > 1:
            build_corpus(large, args.docs * args.scale, args.join)
            seconds_l, rss_l, tokens_l = run_annotate(large, work, args.workers)
            print(f"(a) on {args.scale}x corpus     {tokens_l} tokens in {seconds_l:.1f} s: {tokens_l / seconds_l:,.0f} tokens/s, "
                  f"peak RSS {rss_l:.0f} MB ({rss_l / rss_a:.2f}x the base corpus)")


if __name__ == "__main__":
    main()
