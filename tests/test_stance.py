"""Stance: labels from schemas/, labelling functions, models, persistence, CLI, dataset columns."""
import json

import datasets
import numpy as np
import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.errors import AnnotateError
from annotate.ingest import IngestReport
from annotate.languages.id.stance_rules import FUNCTIONS
from annotate.run import run
from annotate.schema import STANCE_LABELS, features, labels
from annotate.stance.aggregate import document_stance
from annotate.stance.data import read_labelled
from annotate.stance.model import make_model, save
from annotate.stance.saved import load, scores, weak_labels
from conftest import ROOT, SAMPLE

CORPUS = ROOT / "corpora" / "stance"
VOTE = {f.name: f for f in FUNCTIONS}


def test_labels_and_features_come_from_the_schema():
    assert labels(STANCE_LABELS) == ["neutral", "cooperation", "competition", "mixed"]
    assert features()["stance"] == datasets.ClassLabel(names=labels(STANCE_LABELS))
    assert features()["doc_stance"] == datasets.ClassLabel(names=labels(STANCE_LABELS))
    assert features()["stance_scores"] == datasets.List(datasets.Value("float32"))


def test_the_corpus_uses_only_schema_labels_and_is_big_enough():
    data = read_labelled([str(CORPUS / "*.jsonl")], IngestReport())
    assert len(data.texts) >= 800 and set(data.labels) == set(labels(STANCE_LABELS))
    assert data.labels.count("mixed") / len(data.labels) >= 0.08


def test_negation_turns_agreement_into_refusal():
    assert VOTE["agreement"]("Kedua negara menandatangani kesepakatan perdagangan.") == "cooperation"
    assert VOTE["agreement"]("Sejumlah negara kaya menolak menandatangani rancangan komunike.") == "competition"
    assert VOTE["agreement"]("Delegasi itu tidak ikut menandatangani deklarasi.") == "competition"
    assert VOTE["partnership"]("India tetap menolak bergabung dengan perjanjian itu.") == "competition"
    assert VOTE["sharing"]("Negara itu tidak mau berbagi data.") is None


def test_trap_words_do_not_vote_a_framing():
    assert VOTE["race"]("Delapan belas klub akan bersaing dalam kompetisi Liga 1.") is None
    assert VOTE["contest_price_welfare"]("Tim Indonesia menjuarai kompetisi esports.") == "neutral"
    assert VOTE["restriction"]("Tarif listrik naik mulai Januari.") is None
    assert VOTE["aid"]("Pemerintah menyalurkan bantuan sosial kepada warga.") is None
    assert VOTE["aid"]("Indonesia mengirim bantuan kemanusiaan ke Myanmar.") == "cooperation"
    assert weak_labels(["Tarif tol naik lima persen.", "Tim Indonesia menjuarai kompetisi esports Asia."], FUNCTIONS) == ["neutral", "neutral"]


def test_both_framings_linked_vote_mixed():
    text = "Uni Eropa bekerja sama dengan Korea Selatan untuk bersaing menarik investasi cip."
    assert VOTE["cooperate_to_compete"](text) == "mixed"
    assert VOTE["cooperate_to_compete"]("Kedua negara bekerja sama. Harga naik.") is None


def test_document_stance_aggregation():
    assert document_stance(["neutral", "neutral"]) == "neutral"
    assert document_stance(["cooperation", "cooperation", "competition", "neutral"]) == "mixed"
    assert document_stance(["cooperation", "cooperation", "cooperation", "competition"]) == "cooperation"
    assert document_stance(["competition", "mixed", "neutral"]) == "competition"
    assert document_stance(["mixed", "neutral"]) == "mixed"


def test_train_save_load_predict_round_trip(tmp_path):
    data = read_labelled([str(CORPUS / "trade_tariffs.jsonl"), str(CORPUS / "sport_culture.jsonl")], IngestReport())
    model = make_model(FUNCTIONS).fit(data.texts, data.labels)
    save(model, tmp_path / "m.npz")
    loaded = load(tmp_path / "m.npz")
    texts = ["AS menaikkan tarif impor mobil listrik China.", "Indonesia dan Kanada menandatangani perjanjian dagang."]
    assert list(loaded.predict(texts)) == list(model.predict(texts))
    probabilities = scores(loaded, texts)
    assert probabilities.shape == (2, 4) and abs(probabilities.sum(axis=1) - 1).max() < 1e-6


def test_foreign_or_corrupt_model_files_are_refused(tmp_path):
    import numpy as np
    with open(tmp_path / "pickled.npz", "wb") as out:  # an object array needs pickle: never loaded
        np.savez(out, spec=np.array([{"format": "annotate-stance"}], dtype=object))
    with pytest.raises(AnnotateError, match="not a stance model"):
        load(tmp_path / "pickled.npz")
    with open(tmp_path / "other.npz", "wb") as out:
        np.savez(out, spec=np.array('{"format": "something-else"}'))
    with pytest.raises(AnnotateError, match="not a stance model"):
        load(tmp_path / "other.npz")
    with open(tmp_path / "newer.npz", "wb") as out:
        np.savez(out, spec=np.array('{"format": "annotate-stance", "version": 99}'))
    with pytest.raises(AnnotateError, match="newer annotate"):
        load(tmp_path / "newer.npz")
    import zipfile
    with zipfile.ZipFile(tmp_path / "old.skops", "w") as old:  # what skops wrote: a zip with schema.json
        old.writestr("schema.json", "{}")
    with pytest.raises(AnnotateError, match="older annotate .skops format.*annotate stance train"):
        load(tmp_path / "old.skops")
    (tmp_path / "broken.npz").write_bytes(b"not a zip file")
    result = CliRunner().invoke(main, ["stance", "predict", "-", "--model", str(tmp_path / "broken.npz")], input="Halo.\n")
    assert result.exit_code == 1 and "not a stance model" in result.stderr and "Traceback" not in result.stderr


def test_predict_output_format_jsonl_and_plain_lines(tmp_path):
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": "a1", "text": "AS memperketat ekspor cip ke China.", "sumber": "x"}) + "\n"
        + json.dumps({"text": "Indonesia dan Jepang sepakat bekerja sama."}) + "\n")
    result = CliRunner().invoke(main, ["stance", "predict", str(tmp_path / "in.jsonl")])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["id"] == "a1" and rows[0]["sumber"] == "x" and rows[0]["label"] == "competition"
    assert rows[1]["label"] == "cooperation"
    for row in rows:
        assert list(row["scores"]) == labels(STANCE_LABELS)
        assert abs(sum(row["scores"].values()) - 1) < 1e-3 and row["label"] == max(row["scores"], key=row["scores"].get)
    plain = CliRunner().invoke(main, ["stance", "predict", "-"], input="Kalimat satu.\n\nTim Indonesia juara turnamen.\n")
    assert [json.loads(line)["text"] for line in plain.stdout.splitlines()] == ["Kalimat satu.", "Tim Indonesia juara turnamen."]


def test_evaluate_writes_report_and_plots(tmp_path):
    data = [str(CORPUS / "health.jsonl"), str(CORPUS / "maritime_disputes.jsonl")]
    result = CliRunner().invoke(main, ["stance", "evaluate", *sum((["--data", d] for d in data), []),
                                       "--folds", "3", "--plots", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "macro-F1" in result.stdout and "confusion matrix" in result.stdout and "weak labels" in result.stdout
    for name in ("confusion.png", "learning_curve.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"


def test_lf_report_lists_every_function():
    result = CliRunner().invoke(main, ["stance", "lf-report", "--data", str(CORPUS / "health.jsonl")])
    assert result.exit_code == 0
    for function in FUNCTIONS:
        assert function.name in result.stdout
    assert "coverage" in result.stdout and "conflict" in result.stdout and "macro-F1" in result.stdout


def test_bad_labels_are_reported_and_skipped(tmp_path):
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": "a", "label": "friendly"}) + "\n"
                                      + json.dumps({"text": "b", "label": "neutral"}) + "\n")
    messages = []
    data = read_labelled([str(tmp_path / "d.jsonl")], IngestReport(warn=messages.append))
    assert data.texts == ["b"] and "'label' is 'friendly'" in messages[0]


def test_stance_columns_in_the_exported_dataset(tmp_path, nlp):
    run([str(SAMPLE)], tmp_path / "ds", pipeline=nlp, progress=False)
    ds = datasets.load_dataset(str(tmp_path / "ds"))
    names = labels(STANCE_LABELS)
    by_doc = {}
    for split in ds.values():
        for row in split:
            assert row["stance_source"] == "model" and len(row["stance_scores"]) == 4
            assert row["stance"] == max(range(4), key=lambda i: row["stance_scores"][i])
            by_doc.setdefault(row["doc_id"], (row["doc_stance"], []))[1].append(names[row["stance"]])
    for doc_stance, sentence_labels in by_doc.values():
        assert names[doc_stance] == document_stance(sentence_labels)


def test_a_saved_model_predicts_the_same_with_no_language_registered(tmp_path):
    import subprocess
    import sys
    data = read_labelled([str(CORPUS / "trade_tariffs.jsonl"), str(CORPUS / "sport_culture.jsonl")], IngestReport())
    model = make_model(FUNCTIONS).fit(data.texts, data.labels)
    save(model, tmp_path / "m.npz")
    texts = ["Kedua negara tidak menandatangani kesepakatan itu.", "Tim Indonesia menjuarai kompetisi esports.",
             "AS menaikkan tarif impor baja dari China."]
    expected = scores(model, texts).round(6).tolist()
    # A fresh interpreter that never imports a language plug-in and whose registry is empty.
    code = ("import json, sys\n"
            "from annotate import languages\n"
            "languages._REGISTRY.clear(); languages._BUILTIN = ()\n"
            "from annotate.stance.saved import load, scores\n"
            f"print(json.dumps(scores(load(sys.argv[1]), {texts!r}).round(6).tolist()))\n"
            "assert not [m for m in sys.modules if m.startswith('annotate.languages.id')], 'a language was imported'\n"
            "assert 'sklearn' not in sys.modules, 'scikit-learn was imported to predict'\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "m.npz")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == expected


def test_calibration_figures_on_a_small_fixture():
    from annotate.stance.evaluate import calibration
    names = ["a", "b"]
    proba = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]
    gold = ["a", "b", "b", "a"]
    result = calibration(gold, proba, names, bins=2)
    # Brier: (0.01+0.01) + (0.64+0.64) + (0.09+0.09) + (0.16+0.16) = 1.8, over 4 sentences
    assert result.brier == pytest.approx(0.45)
    # top confidences 0.9, 0.8, 0.7, 0.6 all fall in the bin 0.5-1.0: accuracy 3/4, mean confidence 0.75
    assert result.ece == pytest.approx(0.0)
    assert result.bins[1][2:] == (4, pytest.approx(0.75), pytest.approx(0.75))
    skewed = calibration(["b", "b"], [[0.9, 0.1], [0.9, 0.1]], names, bins=10)
    assert skewed.ece == pytest.approx(0.9) and skewed.brier == pytest.approx(1.62)


@pytest.mark.parametrize("classifier, functions", [("frames", True), ("multinomial", False)])
def test_a_saved_model_gives_the_fitted_pipelines_probabilities(tmp_path, classifier, functions):
    data = read_labelled([str(CORPUS / "trade_tariffs.jsonl"), str(CORPUS / "sport_culture.jsonl")], IngestReport())
    model = make_model(FUNCTIONS if functions else (), classifier=classifier).fit(data.texts, data.labels)
    save(model, tmp_path / "m.npz")
    texts = data.texts[:40] + ["", "AS  menaikkan\ttarif   impor baja ñ 中国 dari China!!", "a b c", "Uni Eropa–ASEAN bekerja sama."]
    assert np.abs(scores(load(tmp_path / "m.npz"), texts) - scores(model, texts)).max() < 1e-9


def test_frame_heads_combine_into_the_four_labels():
    from annotate.stance.model import FrameClassifier
    X = np.array([[1, 0], [0, 1], [1, 1], [0, 0]] * 5, dtype=float)
    y = ["cooperation", "competition", "mixed", "neutral"] * 5
    model = FrameClassifier(C=100).fit(X, y)
    proba = model.predict_proba(X[:4])
    assert list(model.classes_) == labels(STANCE_LABELS)
    assert np.allclose(proba.sum(axis=1), 1) and list(model.predict(X[:4])) == y[:4]
    # a framing absent from the training data: its probability is 0 and nothing crashes
    only = FrameClassifier().fit(X[[0, 3]], ["cooperation", "neutral"])
    assert np.allclose(only.predict_proba(X[:4])[:, 2:], 0)
