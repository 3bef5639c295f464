"""Researchers' stance workflow on the datasets the toolkit writes: train, evaluate and compare with intervals."""
import json

import datasets
import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.dummy import DummyClassifier

from annotate.cli import main
from annotate.errors import NoInputError
from annotate.stance import bootstrap
from annotate.stance.data import LabelledSentences, from_dataset, read_dataset
from annotate.stance.evaluate import compare_models

LABELS = ["neutral", "cooperation", "competition", "mixed"]


def synthetic(documents: int, seed: int = 0):
    """Gold and predicted labels over ``documents`` documents of 5 sentences, about 80% right."""
    rng = np.random.default_rng(seed)
    gold = list(rng.choice(LABELS[:3], size=documents * 5))
    predicted = [g if rng.random() < 0.8 else LABELS[(LABELS.index(g) + 1) % 3] for g in gold]
    groups = [f"d{i // 5}" for i in range(documents * 5)]
    return gold, predicted, groups


def test_intervals_contain_the_estimate_shrink_with_more_documents_and_repeat_with_the_seed():
    small = bootstrap.evaluate(*synthetic(20), LABELS, seed=3)
    large = bootstrap.evaluate(*synthetic(400), LABELS, seed=3)
    for result in (small, large):
        low, high = result["macro_f1_ci"]
        assert low <= result["macro_f1"] <= high
        for row in result["per_label"].values():
            assert row["f1_ci"][0] <= row["f1"] <= row["f1_ci"][1]
    width = lambda r: r["macro_f1_ci"][1] - r["macro_f1_ci"][0]  # noqa: E731
    assert width(large) < width(small) / 2
    assert bootstrap.evaluate(*synthetic(20), LABELS, seed=3) == small
    assert bootstrap.evaluate(*synthetic(20), LABELS, seed=4)["macro_f1_ci"] != small["macro_f1_ci"]
    assert small["n_documents"] == 20 and small["n_sentences"] == 100 and "mixed" not in small["per_label"]


def test_a_constant_model_loses_to_a_real_one_in_the_paired_comparison():
    gold, predicted, groups = synthetic(60)

    class Fixed:
        def __init__(self, labels):
            self.labels = labels

        def predict(self, texts):
            return self.labels

    data = LabelledSentences([f"s{i}" for i in range(len(gold))], gold, groups)
    constant = DummyClassifier(strategy="constant", constant="neutral").fit(data.texts, gold)
    first, second = compare_models([constant, Fixed(predicted)], data, seed=1)
    assert "difference" not in first and second["difference"] > 0.4
    assert second["difference_ci"][0] > 0 and second["share_better"] == 1.0
    assert second["difference"] == pytest.approx(second["macro_f1"] - first["macro_f1"], abs=1e-3)


@pytest.fixture(scope="module")
def model_labels_model(dataset, tmp_path_factory):
    """A model trained on the sample dataset's model labels, through the CLI."""
    path = tmp_path_factory.mktemp("m") / "m.npz"
    result = CliRunner().invoke(main, ["stance", "train", "--data", str(dataset), "--label-sources", "model",
                                       "--out", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def test_training_on_a_dataset_needs_labels_of_the_chosen_sources(dataset):
    result = CliRunner().invoke(main, ["stance", "train", "--data", str(dataset), "--out", "never.npz"])
    assert result.exit_code == 1
    assert "no sentence labelled gold or annotated or adjudicated" in result.stderr and "(found: model " in result.stderr
    assert "pass --label-sources model to use model labels" in result.stderr
    bad = CliRunner().invoke(main, ["stance", "train", "--data", str(dataset), "--label-sources", "people",
                                    "--out", "never.npz"])
    assert bad.exit_code == 2 and "choose from gold, adjudicated, annotated" in bad.stderr
    with pytest.raises(NoInputError, match="has no 'nosuch' split"):
        read_dataset(dataset, split="nosuch", label_sources=("model",))
    train = read_dataset(dataset, split="train", label_sources=("model",))
    assert len(train.texts) > 20 and set(train.labels) <= set(LABELS)


def test_evaluate_and_compare_on_a_dataset_give_json_with_intervals(dataset, model_labels_model, tmp_path):
    evaluate = CliRunner().invoke(main, ["stance", "evaluate", "--data", str(dataset), "--label-sources", "model",
                                         "--split", "train", "--model", str(model_labels_model), "--format", "json",
                                         "--plots", str(tmp_path)])
    assert evaluate.exit_code == 0, evaluate.stderr
    result = json.loads(evaluate.stdout)
    assert result["macro_f1_ci"][0] <= result["macro_f1"] <= result["macro_f1_ci"][1]
    assert result["n_documents"] >= 5 and result["n_sentences"] >= 20
    assert set(result["per_label"]) <= set(LABELS) and (tmp_path / "confusion.png").exists()
    again = CliRunner().invoke(main, ["stance", "evaluate", "--data", str(dataset), "--label-sources", "model",
                                      "--split", "train", "--model", str(model_labels_model), "--format", "json",
                                      "--plots", str(tmp_path)])
    assert json.loads(again.stdout) == result
    text = CliRunner().invoke(main, ["stance", "evaluate", "--data", str(dataset), "--label-sources", "model",
                                     "--split", "train", "--model", str(model_labels_model), "--plots", str(tmp_path)])
    assert "macro-F1" in text.stdout and "document resamples" in text.stdout
    compare = CliRunner().invoke(main, ["stance", "compare", "--data", str(dataset), "--label-sources", "model",
                                        "--split", "train", "--model", str(model_labels_model), "--model",
                                        str(model_labels_model), "--format", "json"])
    assert compare.exit_code == 0, compare.stderr
    first, second = json.loads(compare.stdout)["models"]
    assert second["difference"] == 0 and second["share_better"] == 0 and first["macro_f1"] == second["macro_f1"]
    one = CliRunner().invoke(main, ["stance", "compare", "--data", str(dataset), "--model", str(model_labels_model)])
    assert one.exit_code == 2 and "two or more" in one.stderr


def test_a_datasets_dataset_works_directly(dataset):
    ds = datasets.load_dataset(str(dataset))
    data = from_dataset(ds["train"], label_sources=("model",))
    assert len(data.texts) == len(ds["train"]) and set(data.labels) <= set(LABELS)
    with pytest.raises(NoInputError):
        from_dataset(ds["train"])
