"""Scores with confidence intervals, and paired comparisons, by resampling whole documents.

Sentences of one document are not independent, so the bootstrap draws
documents with replacement (each resample has as many documents as the test
set) and recomputes the scores on their sentences. Intervals are the 2.5th
and 97.5th percentiles over the resamples; the same ``seed`` gives the same
intervals.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

Z_LEVEL = 0.95


def _confusions(gold: Sequence[str], predicted: Sequence[str], groups: Sequence[str],
                labels: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """One confusion matrix per document (documents x gold x predicted), documents in first-seen order."""
    index = {label: i for i, label in enumerate(labels)}
    documents = list(dict.fromkeys(groups))
    where = {doc: i for i, doc in enumerate(documents)}
    matrices = np.zeros((len(documents), len(labels), len(labels)))
    for g, p, doc in zip(gold, predicted, groups):
        matrices[where[doc], index[g], index[p]] += 1
    return matrices, documents


def _resample_weights(documents: int, resamples: int, seed: int) -> np.ndarray:
    """How often each document is drawn in each resample (resamples x documents)."""
    draws = np.random.default_rng(seed).integers(0, documents, size=(resamples, documents))
    return np.stack([np.bincount(row, minlength=documents) for row in draws]).astype(float)


def _metrics(confusion: np.ndarray) -> dict[str, np.ndarray]:
    """Per-label precision, recall, F1, macro-F1 and accuracy of confusion matrices (... x gold x predicted)."""
    true_positive = np.diagonal(confusion, axis1=-2, axis2=-1)
    gold_count, predicted_count = confusion.sum(axis=-1), confusion.sum(axis=-2)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted_count > 0, true_positive / predicted_count, 0.0)
        recall = np.where(gold_count > 0, true_positive / gold_count, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        accuracy = true_positive.sum(axis=-1) / confusion.sum(axis=(-2, -1))
    return {"precision": precision, "recall": recall, "f1": f1, "macro_f1": f1.mean(axis=-1), "accuracy": accuracy}


def ratio_interval(numerators: Sequence[float], denominators: Sequence[float], *, resamples: int = 1000,
                   seed: int = 0) -> list[float]:
    """The 95% interval of sum(numerators) / sum(denominators), resampling the documents (one entry each)."""
    weights = _resample_weights(len(numerators), resamples, seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = (weights @ np.asarray(numerators, float)) / (weights @ np.asarray(denominators, float))
    return _interval(ratios[np.isfinite(ratios)])


def _interval(values: np.ndarray) -> list[float]:
    tail = (1 - Z_LEVEL) / 2 * 100
    return [round(float(np.percentile(values, tail)), 4), round(float(np.percentile(values, 100 - tail)), 4)]


def _scored_labels(gold: Sequence[str], predicted_sets: Sequence[Sequence[str]], labels: Sequence[str]) -> list[str]:
    """The labels macro-F1 averages over: those in the gold labels or in any prediction (as scikit-learn does)."""
    present = set(gold).union(*map(set, predicted_sets))
    return [label for label in labels if label in present]


def evaluate(gold: Sequence[str], predicted: Sequence[str], groups: Sequence[str], labels: Sequence[str], *,
             resamples: int = 1000, seed: int = 0) -> dict:
    """Macro-F1, accuracy and per-label precision/recall/F1, each with a 95% interval from a document bootstrap."""
    scored = _scored_labels(gold, [predicted], labels)
    matrices, documents = _confusions(gold, predicted, groups, scored)
    point = _metrics(matrices.sum(axis=0))
    weights = _resample_weights(len(documents), resamples, seed)
    samples = _metrics(np.tensordot(weights, matrices, axes=1))
    per_label = {}
    for i, label in enumerate(scored):
        per_label[label] = {"support": int(matrices.sum(axis=0)[i].sum())}
        for name in ("precision", "recall", "f1"):
            per_label[label][name] = round(float(point[name][i]), 4)
            per_label[label][f"{name}_ci"] = _interval(samples[name][:, i])
    return {"n_sentences": len(gold), "n_documents": len(documents), "labels": scored,
            "macro_f1": round(float(point["macro_f1"]), 4), "macro_f1_ci": _interval(samples["macro_f1"]),
            "accuracy": round(float(point["accuracy"]), 4), "accuracy_ci": _interval(samples["accuracy"]),
            "per_label": per_label, "resamples": resamples, "seed": seed}


def compare(gold: Sequence[str], predictions: Sequence[Sequence[str]], groups: Sequence[str], labels: Sequence[str],
            *, resamples: int = 1000, seed: int = 0) -> list[dict]:
    """Each model against the first, on the same document resamples (a paired bootstrap).

    Per model: its macro-F1 with interval; for the second and later, the
    difference to the first with its interval and the share of resamples in
    which it scores higher than the first.
    """
    scored = _scored_labels(gold, predictions, labels)
    documents = len(dict.fromkeys(groups))
    weights = _resample_weights(documents, resamples, seed)
    points, samples = [], []
    for predicted in predictions:
        matrices, _ = _confusions(gold, predicted, groups, scored)
        points.append(float(_metrics(matrices.sum(axis=0))["macro_f1"]))
        samples.append(_metrics(np.tensordot(weights, matrices, axes=1))["macro_f1"])
    rows = []
    for i, (point, sample) in enumerate(zip(points, samples)):
        row = {"macro_f1": round(point, 4), "macro_f1_ci": _interval(sample)}
        if i:
            difference = sample - samples[0]
            row.update({"difference": round(point - points[0], 4), "difference_ci": _interval(difference),
                        "share_better": round(float((difference > 0).mean()), 4)})
        rows.append(row)
    return rows
