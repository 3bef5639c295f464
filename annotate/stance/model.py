"""Stance classifiers: scikit-learn pipelines over sentence strings, saved safely with skops.

``make_model`` builds word and character TF-IDF features plus the votes of
labelling functions (carried inside the model), feeding a logistic
regression. Models are plain estimators: ``fit(texts, labels)``,
``predict_proba(texts)``; a saved one needs nothing registered to predict.
"""
from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
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


def make_model(functions: Sequence = (), *, C: float = 16.0, class_weight: str | None = "balanced",
               seed: int = 0) -> Pipeline:
    """An untrained stance classifier: word and character TF-IDF, plus the votes of ``functions`` if any."""
    parts = [("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
             ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2))]
    if functions:
        parts.append(("votes", LabellingVotes(tuple(labelling.to_spec(f) for f in functions))))
    return Pipeline([("features", FeatureUnion(parts)),
                     ("classifier", LogisticRegression(C=C, max_iter=5000, class_weight=class_weight,
                                                       random_state=seed))])


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
OWN_TYPES = {f"{LabellingVotes.__module__}.{LabellingVotes.__qualname__}"}


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
