"""The dataset: Hub layout, features from schemas/, deterministic splits, safe output."""
import json

import datasets
import pyarrow.parquet as pq
import pytest
import yaml

from annotate.dataset import SPLITS, assign_split
from annotate.errors import NoInputError, OutputExistsError
from annotate.run import run
from annotate.schema import features, load_schema
from conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_dataset(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("ds") / "sample"
    summary = run([str(SAMPLE)], out, pipeline=nlp, progress=False)
    return out, summary


def test_load_dataset_gives_declared_features_and_all_rows(sample_dataset):
    out, summary = sample_dataset
    ds = datasets.load_dataset(str(out))
    assert set(ds) == set(SPLITS)
    for split in ds.values():
        assert split.features == features()
    assert sum(len(s) for s in ds.values()) == summary.sentences
    assert summary.documents == 14


def test_rows_are_encoded_as_datasets_encodes_them(sample_dataset):
    from annotate.schema import layout
    out, _ = sample_dataset
    named = [layout().convert(row, to_names=True) for path in (out / "data").glob("*.parquet")
             for row in pq.read_table(path).to_pylist()]
    assert any(row["stance"] for row in named) and any(row["ner_tags"] for row in named)
    assert [layout().convert(row, to_names=False) for row in named] == [features().encode_example(row) for row in named]
    with pytest.raises(ValueError, match="'friendly' is not one of"):
        layout().convert({**named[0], "stance": "friendly"}, to_names=False)


def test_the_stored_layout_is_the_one_the_features_give():
    """A run writes with annotate/resources/*.layout.json (no datasets import); after a schema change,
    regenerate it with `python -m annotate.schema`."""
    import json
    from importlib.resources import files

    from annotate.schema import computed_layout, layout
    stored = json.loads(files("annotate").joinpath("resources/sentence.schema.layout.json").read_text())
    assert stored == json.loads(json.dumps(computed_layout()))
    assert layout().arrow.equals(features().arrow_schema, check_metadata=True)
    assert layout().card_features == features()._to_yaml_list()


def test_features_are_derived_from_the_schema():
    schema = load_schema()
    assert list(features()) == list(schema["properties"])
    assert features()["tokens"] == datasets.List(datasets.Value("string"))
    assert features()["token_starts"] == datasets.List(datasets.Value("int32"))


def test_card_declares_language_configs_and_features(sample_dataset):
    out, _ = sample_dataset
    front = (out / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    card = yaml.safe_load(front)
    assert card["language"] == ["id"]
    assert {f["split"] for f in card["configs"][0]["data_files"]} == set(SPLITS)
    assert [f["name"] for f in card["dataset_info"]["features"]] == list(load_schema()["properties"])


def test_rows_have_exact_offsets_metadata_and_no_document_straddles_splits(sample_dataset):
    out, _ = sample_dataset
    split_of = {}
    for path in sorted((out / "data").glob("*.parquet")):
        split = path.name.split("-")[0]
        for row in pq.read_table(path).to_pylist():
            assert row["id"] == f"{row['doc_id']}-{row['sent_index']}"
            for tok, s, e in zip(row["tokens"], row["token_starts"], row["token_ends"]):
                assert row["text"][s:e] == tok
            assert split_of.setdefault(row["doc_id"], split) == split
            if row["doc_id"] == "wn-2025-0912":
                assert row["url"] == "https://wartanusa.id/internasional/menlu-ri-brasil"
                assert row["date"] == "2025-09-12" and row["source"] == "WartaNusa"
            if row["path"].endswith("01-kendali-ekspor-chip.txt"):
                assert row["title"] == "AS Perketat Kendali Ekspor Chip AI ke China, Beijing Siapkan Balasan"
    assert len(split_of) == 14


def test_split_assignment_is_deterministic_and_seedable():
    ids = [f"doc-{i}" for i in range(2000)]
    first = [assign_split(i, seed=3) for i in ids]
    assert first == [assign_split(i, seed=3) for i in ids]
    assert first != [assign_split(i, seed=4) for i in ids]
    share = {s: first.count(s) / len(ids) for s in SPLITS}
    assert 0.77 < share["train"] < 0.83 and 0.08 < share["validation"] < 0.12


def test_same_input_same_rows(tmp_path, nlp):
    a, b = tmp_path / "a", tmp_path / "b"
    run([str(SAMPLE)], a, pipeline=nlp, progress=False, seed=5)
    run([str(SAMPLE)], b, pipeline=nlp, progress=False, seed=5)
    for path in sorted((a / "data").glob("*.parquet")):
        assert pq.read_table(path).to_pylist() == pq.read_table(b / "data" / path.name).to_pylist()


def test_refuses_to_overwrite_and_failure_leaves_old_output(tmp_path, nlp):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("data lama")
    with pytest.raises(OutputExistsError, match="not empty; pass --overwrite"):
        run([str(SAMPLE)], out, pipeline=nlp, progress=False)
    with pytest.raises(NoInputError):
        run([str(tmp_path / "missing")], out, pipeline=nlp, progress=False, overwrite=True)
    assert (out / "keep.txt").read_text() == "data lama"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary directory left behind
    run([str(SAMPLE / "articles.jsonl")], out, pipeline=nlp, progress=False, overwrite=True)
    assert not (out / "keep.txt").exists() and (out / "README.md").exists()


def test_duplicate_documents_are_reported_once(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Kalimat yang sama.")
    (tmp_path / "b.txt").write_text("Kalimat yang sama.")
    messages = []
    from annotate.ingest import IngestReport
    summary = run([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "out", pipeline=nlp,
                  progress=False, report=IngestReport(warn=messages.append))
    assert summary.documents == 1
    assert len(messages) == 1 and "b.txt: duplicate of document" in messages[0]


def test_extra_metadata_is_kept_as_json(tmp_path, nlp):
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": "Satu kalimat.", "rubrik": "dunia", "skor": 3}) + "\n")
    run([str(tmp_path / "d.jsonl")], tmp_path / "out", pipeline=nlp, progress=False, ratios=(1.0,))
    [row] = pq.read_table(next((tmp_path / "out" / "data").glob("train-*.parquet"))).to_pylist()
    assert json.loads(row["extra"]) == {"rubrik": "dunia", "skor": 3}


def test_a_page_that_is_all_boilerplate_is_reported_not_written(tmp_path, nlp):
    (tmp_path / "menu.txt").write_text("Beranda | Nasional | Dunia | Ekonomi\nPewarta: Budi\n© 2025 Contoh")
    (tmp_path / "ok.txt").write_text("Indonesia dan Jepang sepakat bekerja sama.")
    messages = []
    from annotate.ingest import IngestReport
    summary = run([str(tmp_path)], tmp_path / "out", pipeline=nlp, progress=False,
                  report=IngestReport(warn=messages.append))
    assert summary.documents == 1
    assert messages == [f"skipped {tmp_path / 'menu.txt'}: no text left after cleaning"]


def test_a_single_document_gives_a_loadable_dataset_with_only_its_split(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Indonesia dan Jepang sepakat bekerja sama. Kesepakatan diteken di Tokyo.")
    summary = run([str(tmp_path / "a.txt")], tmp_path / "out", pipeline=nlp, progress=False)
    [split] = [name for name, n in summary.splits.items() if n]
    ds = datasets.load_dataset(str(tmp_path / "out"))
    assert list(ds) == [split] and len(ds[split]) == 2
    assert [p.name.split("-")[0] for p in (tmp_path / "out" / "data").iterdir()] == [split]


CRASHING_RUN = """
import sys, time
import annotate.run as r
slow = r.read_documents
def trickle(*args, **kwargs):
    for doc in slow(*args, **kwargs):
        time.sleep(0.01)
        yield doc
r.read_documents = trickle
r.run([sys.argv[1]], sys.argv[2], ner=False, stance=False, progress=False, rows_per_shard=20)
"""


def _split_rows(out):
    rows = {}
    for path in sorted((out / "data").glob("*.parquet")):
        rows.setdefault(path.name.split("-")[0], []).extend(pq.read_table(path).to_pylist())
    return rows


def test_resume_after_kill_9_gives_exactly_the_rows_of_a_clean_run(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    from annotate.pipeline import load_pipeline
    (tmp_path / "in").mkdir()
    for i in range(600):  # over two batches (``pipeline.BATCH_DOCUMENTS``), so shards are written before the end
        (tmp_path / "in" / f"{i:03d}.txt").write_text(
            f"Indonesia dan negara mitra ke-{i} sepakat memperluas kerja sama. Pertemuan ke-{i} digelar di Jakarta.")
    nlp = load_pipeline("id", ner=False, stance=False)
    run([str(tmp_path / "in")], tmp_path / "clean", pipeline=nlp, progress=False, rows_per_shard=20)

    out = tmp_path / "resumed"
    child = subprocess.Popen([sys.executable, "-c", CRASHING_RUN, str(tmp_path / "in"), str(out)])
    partial = tmp_path / ".resumed.partial" / "data"
    deadline = time.monotonic() + 120
    while len(list(partial.glob("*.parquet"))) < 3 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not out.exists() and len(list(partial.glob("*.parquet"))) >= 3

    summary = run([str(tmp_path / "in")], out, pipeline=nlp, progress=False, rows_per_shard=20, resume=True)
    assert summary.documents == 600
    clean, resumed = _split_rows(tmp_path / "clean"), _split_rows(out)
    assert resumed == clean
    ids = [row["id"] for rows in resumed.values() for row in rows]
    assert len(ids) == len(set(ids)) == 1200
    assert not (tmp_path / ".resumed.partial").exists()


def test_resume_refuses_other_options(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Kalimat satu. Kalimat dua.")
    partial = tmp_path / ".out.partial"
    (partial / "data").mkdir(parents=True)
    (partial / "run.json").write_text(json.dumps({"language": "id", "seed": 7, "ratios": [0.8, 0.1, 0.1],
                                                  "license": "other"}))
    with pytest.raises(OutputExistsError, match="resume with the same options"):
        run([str(tmp_path / "a.txt")], tmp_path / "out", pipeline=nlp, progress=False, resume=True)
    assert (partial / "run.json").exists()


def test_a_run_writes_its_dataset_without_importing_datasets_or_pandas(tmp_path):
    import subprocess
    import sys
    code = ("import sys\n"
            "from annotate.run import run\n"
            f"run([{str(SAMPLE / '03-ktt-asean.txt')!r}], {str(tmp_path / 'out')!r}, ner=False, stance=False, "
            "progress=False)\n"
            "assert 'datasets' not in sys.modules, 'datasets was imported'\n"
            "assert 'pandas' not in sys.modules, 'pandas was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert datasets.load_dataset(str(tmp_path / "out"))["train"].features == features()
