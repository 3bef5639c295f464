"""Evaluate stance classifiers: grouped cross-validation, learning curves, reports and plots."""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from sklearn.base import clone
from sklearn.metrics import classification_report, confusion_matrix, f1_score
from sklearn.model_selection import GroupKFold

from annotate.stance import bootstrap, labelling
from annotate.stance.data import LabelledSentences
from annotate.stance.model import make_model
from annotate.stance.saved import stance_labels, weak_labels


@dataclass
class CrossValidation:
    """Out-of-fold predictions of a model and of the weak labels, on the same grouped folds."""

    gold: list[str]
    model: list[str]
    weak: list[str]
    folds: int

    def macro_f1(self, predicted: Sequence[str]) -> float:
        return f1_score(self.gold, predicted, labels=stance_labels(), average="macro", zero_division=0)


def _folds(data: LabelledSentences, folds: int):
    groups = len(set(data.groups))
    if groups < folds:
        raise ValueError(f"{groups} documents cannot make {folds} folds grouped by document")
    return GroupKFold(n_splits=folds).split(data.texts, data.labels, data.groups)


def cross_validate(data: LabelledSentences, *, folds: int = 5, functions: Sequence = (),
                   make: Callable[[], object] | None = None) -> CrossValidation:
    """Out-of-fold predictions, folds grouped by document so no document is split across train and test.

    The default model uses ``functions`` (labelling functions) as features;
    the weak labels are their majority vote.
    """
    make = make or (lambda: make_model(functions))
    texts, labels = np.array(data.texts, dtype=object), np.array(data.labels, dtype=object)
    predicted = np.empty(len(texts), dtype=object)
    for train, test in _folds(data, folds):
        predicted[test] = make().fit(list(texts[train]), list(labels[train])).predict(list(texts[test]))
    return CrossValidation(list(labels), list(predicted), weak_labels(data.texts, functions), folds)


def learning_curve(data: LabelledSentences, *, folds: int = 5, functions: Sequence = (),
                   fractions=(0.2, 0.4, 0.6, 0.8, 1.0), make: Callable[[], object] | None = None,
                   seed: int = 0) -> list[tuple[int, float]]:
    """(mean training sentences, out-of-fold macro-F1) when training on a share of each fold's training documents."""
    make = make or (lambda: make_model(functions))
    texts, labels, groups = (np.array(x, dtype=object) for x in (data.texts, data.labels, data.groups))
    splits = list(_folds(data, folds))
    points = []
    for fraction in fractions:
        predicted, sizes = np.empty(len(texts), dtype=object), []
        for train, test in splits:
            docs = sorted(set(groups[train]))
            random.Random(seed).shuffle(docs)
            keep = set(docs[:max(1, round(fraction * len(docs)))])
            subset = train[np.isin(groups[train], list(keep))]
            sizes.append(len(subset))
            predicted[test] = make().fit(list(texts[subset]), list(labels[subset])).predict(list(texts[test]))
        points.append((int(np.mean(sizes)), f1_score(labels, predicted, labels=stance_labels(), average="macro",
                                                      zero_division=0)))
    return points


@dataclass(frozen=True)
class Calibration:
    """How far predicted probabilities are from observed frequencies.

    ``ece``: expected calibration error over equal-width bins of the top
    label's probability (the bins' |accuracy - confidence|, weighted by their
    share of sentences). ``brier``: mean over sentences of the squared error
    summed over labels (0 is perfect, 2 the worst). ``bins``: (low, high,
    sentences, mean confidence, accuracy) per bin.
    """

    ece: float
    brier: float
    bins: list[tuple[float, float, int, float, float]]


def calibration(gold: Sequence[str], proba: np.ndarray, labels: Sequence[str], bins: int = 10) -> Calibration:
    """Calibration of probabilities ``proba`` (one column per label, in ``labels`` order) against ``gold``."""
    proba = np.asarray(proba, dtype=float)
    truth = np.array([[g == label for label in labels] for g in gold], dtype=float)
    brier = float(((proba - truth) ** 2).sum(axis=1).mean())
    confidence = proba.max(axis=1)
    correct = truth[np.arange(len(truth)), proba.argmax(axis=1)]
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    rows, ece = [], 0.0
    for b in range(bins):
        inside = which == b
        n = int(inside.sum())
        mean_conf = float(confidence[inside].mean()) if n else 0.0
        accuracy = float(correct[inside].mean()) if n else 0.0
        ece += n / len(proba) * abs(accuracy - mean_conf)
        rows.append((float(edges[b]), float(edges[b + 1]), n, mean_conf, accuracy))
    return Calibration(float(ece), brier, rows)


def clone_of(model) -> Callable[[], object]:
    """A factory of untrained copies of a model's configuration."""
    return lambda: clone(model)


def report(gold: Sequence[str], predicted: Sequence[str]) -> str:
    """Classification report, macro-F1 and confusion matrix as text."""
    names = stance_labels()
    matrix = confusion_matrix(gold, predicted, labels=names)
    macro = f1_score(gold, predicted, labels=names, average="macro", zero_division=0)
    return (classification_report(gold, predicted, labels=names, digits=3, zero_division=0)
            + f"\nmacro-F1: {macro:.3f}\n\nconfusion matrix\n" + confusion_text(names, matrix))


def confusion_text(names: Sequence[str], matrix) -> str:
    """A confusion matrix as aligned text, gold labels down, predicted across."""
    width = max(map(len, names)) + 2
    rows = ["gold \\ predicted".ljust(width) + "".join(n[:11].rjust(12) for n in names)]
    rows += [name.ljust(width) + "".join(str(v).rjust(12) for v in row) for name, row in zip(names, matrix)]
    return "\n".join(rows) + "\n"


def plot_confusion(gold: Sequence[str], predicted: Sequence[str], path: Path, title: str) -> None:
    """Save the confusion matrix as a PNG."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    names = stance_labels()
    matrix = confusion_matrix(gold, predicted, labels=names)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(names)), names, rotation=30)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for (i, j), v in np.ndenumerate(matrix):
        ax.text(j, i, str(v), ha="center", va="center", color="white" if v > matrix.max() / 2 else "black")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_learning_curve(points: list[tuple[int, float]], path: Path, baseline: float | None = None) -> None:
    """Save macro-F1 against training size as a PNG, with the weak-label baseline as a line."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ax.plot([n for n, _ in points], [f for _, f in points], marker="o", label="model (grouped CV)")
    if baseline is not None:
        ax.axhline(baseline, color="grey", linestyle="--", label="weak labels")
    ax.set_xlabel("training sentences")
    ax.set_ylabel("macro-F1")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right")
    ax.set_title("learning curve")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def evaluate_and_plot(data: LabelledSentences, plots: str | Path, *, model=None, folds: int = 5,
                      functions: Sequence = ()) -> str:
    """Evaluate and write ``confusion.png`` and ``learning_curve.png`` to ``plots``; returns the text report.

    Without ``model``: grouped cross-validation of the default classifier,
    beside the weak labels on the same folds. With ``model``: that model
    scored on ``data``, and the learning curve of its configuration.
    """
    plots = Path(plots)
    plots.mkdir(parents=True, exist_ok=True)
    lines = []
    if model is not None:
        predicted, title, make, baseline = list(model.predict(data.texts)), "the given model on the data", clone_of(model), None
    else:
        cv = cross_validate(data, folds=folds, functions=functions)
        predicted, title, make, baseline = cv.model, f"grouped {folds}-fold cross-validation", None, cv.macro_f1(cv.weak)
        lines.append(f"weak labels (same folds): macro-F1 {baseline:.3f}\n")
    lines.append(f"{title}, {len(data.texts)} sentences, {len(set(data.groups))} documents\n")
    lines.append(report(data.labels, predicted))
    plot_confusion(data.labels, predicted, plots / "confusion.png", title)
    points = learning_curve(data, folds=folds, functions=functions, make=make)
    plot_learning_curve(points, plots / "learning_curve.png", baseline)
    lines.append("learning curve: " + ", ".join(f"{n} sentences {f:.3f}" for n, f in points))
    lines.append(f"plots: {plots / 'confusion.png'}, {plots / 'learning_curve.png'}")
    return "\n".join(lines)


def score_model(model, data: LabelledSentences, *, resamples: int = 1000, seed: int = 0) -> tuple[dict, list[str]]:
    """(scores with document-bootstrap intervals and the confusion matrix, predictions) of a model on ``data``."""
    predicted = [str(p) for p in model.predict(data.texts)]
    result = bootstrap.evaluate(data.labels, predicted, data.groups, stance_labels(), resamples=resamples, seed=seed)
    result["confusion_matrix"] = {"labels": stance_labels(),
                                  "matrix": confusion_matrix(data.labels, predicted, labels=stance_labels()).tolist()}
    return result, predicted


def compare_models(models: Sequence, data: LabelledSentences, *, resamples: int = 1000, seed: int = 0) -> list[dict]:
    """Each model against the first on ``data``: macro-F1s, differences and intervals (paired document bootstrap)."""
    predictions = [[str(p) for p in model.predict(data.texts)] for model in models]
    return bootstrap.compare(data.labels, predictions, data.groups, stance_labels(), resamples=resamples, seed=seed)


def interval_report(result: dict) -> str:
    """``score_model``'s figures as text."""
    def ci(values):
        return f"[{values[0]:.3f}, {values[1]:.3f}]"
    lines = [f"{result['n_sentences']} sentences, {result['n_documents']} documents; 95% intervals from "
             f"{result['resamples']} document resamples (seed {result['seed']})", "",
             f"{'label':<14}{'precision':>22}{'recall':>22}{'F1':>22}{'support':>9}"]
    for label, row in result["per_label"].items():
        lines.append(f"{label:<14}" + "".join(f"{row[m]:>7.3f} {ci(row[m + '_ci']):>14}" for m in ("precision", "recall", "f1"))
                     + f"{row['support']:>9}")
    lines += ["", f"macro-F1  {result['macro_f1']:.3f} {ci(result['macro_f1_ci'])}",
              f"accuracy  {result['accuracy']:.3f} {ci(result['accuracy_ci'])}", "", "confusion matrix"]
    return "\n".join(lines) + "\n" + confusion_text(result["confusion_matrix"]["labels"],
                                                    result["confusion_matrix"]["matrix"])


def comparison_report(names: Sequence[str], rows: Sequence[dict], *, resamples: int, seed: int) -> str:
    """``compare_models``'s figures as text, one line per model."""
    lines = [f"paired bootstrap over documents, {resamples} resamples (seed {seed}); each model against the first"]
    for name, row in zip(names, rows):
        line = f"{name}: macro-F1 {row['macro_f1']:.3f} [{row['macro_f1_ci'][0]:.3f}, {row['macro_f1_ci'][1]:.3f}]"
        if "difference" in row:
            line += (f"; difference {row['difference']:+.3f} [{row['difference_ci'][0]:+.3f}, "
                     f"{row['difference_ci'][1]:+.3f}], better in {100 * row['share_better']:.1f}% of resamples")
        lines.append(line)
    return "\n".join(lines) + "\n"


def labelling_report(data: LabelledSentences, functions: Sequence) -> str:
    """Each labelling function's coverage, overlap, conflict and accuracy, then how their majority vote scores."""
    names = stance_labels()
    votes = labelling.apply(functions, data.texts, names)
    lines = [f"{'function':<26}{'label':<13}{'coverage':>9}{'overlap':>9}{'conflict':>9}{'accuracy':>9}{'votes':>7}"]
    for function, row in zip(functions, labelling.report(functions, votes, data.labels, names)):
        accuracy = "-" if row.accuracy is None else f"{row.accuracy:.3f}"
        lines.append(f"{row.name:<26}{function.label:<13}{row.coverage:9.3f}{row.overlap:9.3f}{row.conflict:9.3f}"
                     f"{accuracy:>9}{row.votes:7d}")
    covered = (votes != labelling.ABSTAIN).any(axis=1).mean()
    lines.append(f"\nmajority vote (neutral where all abstain, mixed on a tie): covers {covered:.3f} of sentences\n")
    return "\n".join(lines) + "\n" + report(data.labels, weak_labels(data.texts, functions))
