"""Build the report of the bundled sample and save a screenshot of it (docs/report.png).

Usage:
    python scripts/report_screenshot.py [--out docs/report.png] [--height 2000]

Runs ``annotate run corpora/sample`` and ``annotate report`` into a temporary
directory, then has headless Chromium (Debian's ``chromium``) open the report
from disk and save a PNG of the top of the page (summary and first documents).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("needs Chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        annotate = [sys.executable, "-m", "annotate"]
        subprocess.run([*annotate, "run", str(ROOT / "corpora" / "sample"), "--out", "out/sample", "--quiet"],
                       check=True, cwd=tmp)
        subprocess.run([*annotate, "report", "out/sample", "--out", str(report)], check=True, cwd=tmp)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                        f"--window-size=1280,{args.height}", f"--screenshot={args.out.resolve()}", report.as_uri()],
                       check=True, capture_output=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
