"""Stance classifiers: scikit-learn pipelines over sentence strings, saved safely with skops.

``make_model`` builds word and character TF-IDF features plus the votes of
labelling functions (carried inside the model), feeding two logistic
regressions, one per framing (``FrameClassifier``). Models are plain estimators: ``fit(texts, labels)``,
``predict_proba(texts)``; a saved one needs nothing registered to predict.
"""
from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from annotate.errors import AnnotateError
from annotate.schema import STANCE_LABELS, labels
from annotate.stance import labelling


def stance_labels() -> list[str]:
    """The stance labels in schema order."""
    return labels(STANCE_LABELS)


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
        if "functions" not in self.__dict__:
            raise AnnotateError("this stance model was saved by an older annotate, whose models looked their "
                                "labelling functions up by language; retrain it with 'annotate stance train'")
        names = stance_labels()
        functions = [labelling.from_spec(spec) for spec in self.functions]
        votes = labelling.apply(functions, list(texts), names)
        rows, cols = np.nonzero(votes != labelling.ABSTAIN)
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols * len(names) + votes[rows, cols])),
                             shape=(len(votes), votes.shape[1] * len(names)))


def weak_labels(texts: Sequence[str], functions: Sequence) -> list[str]:
    """Majority vote of labelling functions; ``neutral`` where all abstain, ``mixed`` on a tie."""
    names = stance_labels()
    return labelling.majority_vote(labelling.apply(functions, list(texts), names), names,
                                   default="neutral", tie="mixed")


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


def scores(model, texts: Sequence[str]) -> np.ndarray:
    """Probabilities per sentence, columns in schema label order."""
    proba = model.predict_proba(list(texts))
    order = [list(model.classes_).index(label) if label in model.classes_ else None for label in stance_labels()]
    return np.column_stack([proba[:, i] if i is not None else np.zeros(len(proba)) for i in order])


def predict_records(model, items: Iterable[tuple[str, dict]], batch_size: int = 1000) -> Iterator[dict]:
    """For each (text, fields): the fields plus ``text``, ``label`` and ``scores`` (label -> probability)."""
    names = stance_labels()
    items = iter(items)
    while batch := list(islice(items, batch_size)):
        for (text, fields), row in zip(batch, scores(model, [text for text, _ in batch])):
            yield {**fields, "text": text, "label": names[int(row.argmax())],
                   "scores": {name: round(float(p), 4) for name, p in zip(names, row)}}


# Types of our own that a model file may contain; anything else unknown is refused unless trusted.
OWN_TYPES = {f"{cls.__module__}.{cls.__qualname__}" for cls in (LabellingVotes, FrameClassifier)}


def save(model, path: str | Path) -> None:
    """Write a model with skops (no pickle), compressed."""
    import zipfile

    import skops.io as sio
    sio.dump(model, str(path), compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def load(path: str | Path, *, trust: bool = False):
    """Read a skops model file.

    Only scikit-learn's, NumPy's and this package's types are loaded; a file
    holding other types is refused unless ``trust`` (you made the file).
    """
    import skops.io as sio
    path = Path(path)
    if not path.is_file():
        raise AnnotateError(f"no stance model at {path}")
    try:
        untrusted = set(sio.get_untrusted_types(file=str(path)))
    except Exception as e:  # skops raises several types for files that are not its format
        raise AnnotateError(f"{path} is not a stance model saved by annotate (skops format): {e}") from e
    foreign = untrusted - OWN_TYPES
    if foreign and not trust:
        raise AnnotateError(f"{path} contains types annotate does not trust: {', '.join(sorted(foreign))}; "
                            f"load it only if you created it (--trust-model)")
    return sio.load(str(path), trusted=sorted(untrusted))
