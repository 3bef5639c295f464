"""Benchmark tokenization alone: ``bench_pipeline.py --no-ner --no-stance`` (same options).

Usage:
    python scripts/bench_tokenize.py [--chars 1000000] [--batch-size 256] [--threads N]

Target on the 2-core machine: >= 8,000 tokens/s.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import main  # noqa: E402

if __name__ == "__main__":
    main(["--no-ner", "--no-stance", *sys.argv[1:]])
