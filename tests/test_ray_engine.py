"""The Ray engine builds the same dataset as the local engine."""
import json

import pyarrow.parquet as pq
import pytest

from annotate.run import run
from conftest import SAMPLE

ray = pytest.importorskip("ray")


def _rows(out):
    return sorted(json.dumps(row, sort_keys=True, default=str)
                  for path in (out / "data").glob("*.parquet") for row in pq.read_table(path).to_pylist())


def test_ray_engine_rows_equal_local_engine_rows(tmp_path, nlp):
    local = run([str(SAMPLE)], tmp_path / "local", pipeline=nlp, progress=False)
    remote = run([str(SAMPLE)], tmp_path / "ray", engine="ray", workers=2, progress=False)
    assert (remote.documents, remote.sentences, remote.tokens) == (local.documents, local.sentences, local.tokens)
    assert _rows(tmp_path / "ray") == _rows(tmp_path / "local")
    assert (tmp_path / "ray" / "README.md").read_text() == (tmp_path / "local" / "README.md").read_text()


def test_ray_engine_reports_what_the_local_engine_reports(tmp_path, nlp):
    from annotate.ingest import IngestReport
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in [
        ("kosong", "Baca juga: Menlu bertemu mitra ASEAN\nEditor: Rina"),  # nothing left after cleaning
        ("inggris", "The foreign ministers of both countries met in Jakarta on Monday to discuss trade and the "
                    "security situation in the region, officials said after the meeting ended."),
        ("berita", "Indonesia dan Jepang sepakat memperluas kerja sama perdagangan, kata menteri pada Senin."),
    ]) + "\n")
    messages = {}
    for engine in ("local", "ray"):
        said = []
        report = IngestReport(warn=said.append)
        summary = run([str(inputs)], tmp_path / engine, engine=engine, workers=1, progress=False, report=report,
                      pipeline=nlp if engine == "local" else None)
        messages[engine] = (sorted(said), summary.documents, summary.other_languages)
    assert messages["ray"] == messages["local"]
    said, documents, others = messages["local"]
    assert documents == 2 and others == 1
    assert any("no text left after cleaning" in m for m in said) and any("looks like English" in m for m in said)
