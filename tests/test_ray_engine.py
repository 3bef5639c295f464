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
