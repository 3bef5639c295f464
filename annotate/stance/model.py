"""Stance classifiers to train: scikit-learn pipelines over sentence strings, saved as plain arrays (no pickle).

``make_model`` builds word and character TF-IDF features plus the votes of
labelling functions (carried inside the model), feeding two logistic
regressions, one per framing (``FrameClassifier``). Models are plain estimators: ``fit(texts, labels)``,
``predict_proba(texts)``; a saved one needs nothing registered to predict.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from annotate.stance import labelling
from annotate.stance.saved import FORMAT, VERSION, stance_labels


class LabellingVotes(BaseEstimator, TransformerMixin):
    """One-hot votes of labelling functions, which the transformer carries as plain data.

    ``functions`` holds ``labelling.to_spec`` dictionaries, so a saved model
    predicts the same wherever it is loaded, with no language registered.
    """

    def __init__(self, functions: tuple = ()):
        self.functions = functions

    def fit(self, texts, y=None):
        return self

    def transform(self, texts) -> sp.csr_matrix:
        names = stance_labels()
        functions = [labelling.from_spec(spec) for spec in self.functions]
        votes = labelling.apply(functions, list(texts), names)
        rows, cols = np.nonzero(votes != labelling.ABSTAIN)
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols * len(names) + votes[rows, cols])),
                             shape=(len(votes), votes.shape[1] * len(names)))


class FrameClassifier(BaseEstimator, ClassifierMixin):
    """Two logistic regressions, one per framing: is cooperation framed? is competition framed?

    The labels are their combinations: ``neutral`` neither, ``cooperation`` or
    ``competition`` one, ``mixed`` both (schemas/stance_guidelines.md, rule 9).
    Each label's probability is the product of the two heads' answers, so the
    rare mixed sentences teach both heads and every cooperation or competition
    sentence teaches one: mixed is found where both framings are, not learnt
    from a few dozen examples of its own.
    """

    def __init__(self, C: float = 8.0, class_weight: str | None = "balanced", seed: int = 0):
        self.C, self.class_weight, self.seed = C, class_weight, seed

    def fit(self, X, y):
        neutral, cooperation, competition, mixed = stance_labels()
        y = np.asarray(y, dtype=object)
        self.classes_ = np.array([neutral, cooperation, competition, mixed], dtype=object)
        self.cooperation_ = self._head(X, np.isin(y, [cooperation, mixed]))
        self.competition_ = self._head(X, np.isin(y, [competition, mixed]))
        return self

    def _head(self, X, positive: np.ndarray):
        """A fitted regression, or the share of positives when the data has only one side."""
        if positive.all() or not positive.any():
            return float(positive.mean())
        return LogisticRegression(C=self.C, max_iter=5000, class_weight=self.class_weight,
                                  random_state=self.seed).fit(X, positive)

    @staticmethod
    def _probability(head, X) -> np.ndarray:
        return np.full(X.shape[0], head) if isinstance(head, float) else head.predict_proba(X)[:, 1]

    def predict_proba(self, X) -> np.ndarray:
        a, b = self._probability(self.cooperation_, X), self._probability(self.competition_, X)
        return np.column_stack([(1 - a) * (1 - b), a * (1 - b), (1 - a) * b, a * b])

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def make_model(functions: Sequence = (), *, classifier: str = "frames", C: float = 8.0,
               class_weight: str | None = "balanced", n_features: int = 2 ** 17, seed: int = 0) -> Pipeline:
    """An untrained stance classifier: word and character TF-IDF, plus the votes of ``functions`` if any.

    Words (1-2-grams) and characters (2-5-grams within words) are hashed into
    ``n_features`` columns each rather than kept in a vocabulary: a saved
    model then holds arrays only and loads in a fraction of a second.
    ``classifier``: ``frames`` (``FrameClassifier``, the default) or
    ``multinomial`` (one logistic regression over the four labels).
    """
    def tfidf(**options):
        return Pipeline([("hash", HashingVectorizer(alternate_sign=False, norm=None, n_features=n_features, **options)),
                         ("tfidf", TfidfTransformer(sublinear_tf=True))])
    parts = [("words", tfidf(ngram_range=(1, 2))), ("chars", tfidf(analyzer="char_wb", ngram_range=(2, 5)))]
    if functions:
        parts.append(("votes", LabellingVotes(tuple(labelling.to_spec(f) for f in functions))))
    head = (FrameClassifier(C=C, class_weight=class_weight, seed=seed) if classifier == "frames" else
            LogisticRegression(C=C, max_iter=5000, class_weight=class_weight, random_state=seed))
    return Pipeline([("features", FeatureUnion(parts)), ("classifier", head)])


def _logistic_state(head: LogisticRegression) -> dict:
    classes = np.asarray(head.classes_)
    return {"coef": head.coef_, "intercept": head.intercept_,
            "classes": classes.astype(str) if classes.dtype == object else classes}


def save(model: Pipeline, path: str | Path) -> None:
    """Write a fitted ``make_model`` model as NumPy arrays plus a JSON description (no pickle, no code).

    The file holds what ``make_model`` was given and the fitted numbers;
    ``annotate.stance.saved.load`` reads it and predicts without scikit-learn.
    """
    features, head = model.named_steps["features"], model.named_steps["classifier"]
    frames = isinstance(head, FrameClassifier)
    parts = dict(features.transformer_list)
    words = parts["words"].named_steps
    spec = {"format": FORMAT, "version": VERSION,
            "options": {"classifier": "frames" if frames else "multinomial",
                        "C": head.C, "class_weight": head.class_weight, "seed": head.seed if frames else head.random_state,
                        "n_features": words["hash"].n_features},
            "functions": list(parts["votes"].functions) if "votes" in parts else [], "heads": {}}
    arrays = {f"{name}.idf": parts[name].named_steps["tfidf"].idf_ for name in ("words", "chars")}
    heads = {"cooperation": head.cooperation_, "competition": head.competition_} if frames else {"labels": head}
    for name, fitted in heads.items():
        if isinstance(fitted, float):
            spec["heads"][name] = fitted
        else:
            spec["heads"][name] = None
            arrays.update({f"{name}.{key}": value for key, value in _logistic_state(fitted).items()})
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        np.savez_compressed(out, spec=np.array(json.dumps(spec)), **arrays)
