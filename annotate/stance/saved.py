"""A saved stance model: read the file ``annotate.stance.model.save`` wrote and predict with NumPy alone.

The file (``.npz``: arrays plus a JSON description, no pickle) holds what
``make_model`` was given and the fitted numbers. Prediction here reproduces
the scikit-learn pipeline exactly (hashed word and character n-grams with
MurmurHash3, sublinear TF-IDF, the labelling functions' votes, logistic
heads) without importing scikit-learn, so ``annotate run`` starts about a
second sooner. ``tests/test_stance.py`` checks both give the same numbers.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from annotate.errors import AnnotateError
from annotate.schema import STANCE_LABELS, labels
from annotate.stance import labelling

#: Written into every model file; ``load`` refuses files without it or of a later version.
FORMAT, VERSION = "annotate-stance", 1

_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
_SPACES = re.compile(r"\s\s+")


def stance_labels() -> list[str]:
    """The stance labels in schema order."""
    return labels(STANCE_LABELS)


def weak_labels(texts: Sequence[str], functions: Sequence) -> list[str]:
    """Majority vote of labelling functions; ``neutral`` where all abstain, ``mixed`` on a tie."""
    names = stance_labels()
    return labelling.majority_vote(labelling.apply(functions, list(texts), names), names,
                                   default="neutral", tie="mixed")


def word_ngrams(text: str, n_max: int = 2) -> list[str]:
    """Lowercased words of two or more characters and their n-grams up to ``n_max`` (scikit-learn's ``word``)."""
    words = _WORD.findall(text.lower())
    return words + [" ".join(words[i:i + n]) for n in range(2, n_max + 1) for i in range(len(words) - n + 1)]


def char_ngrams(word: str, n_min: int = 2, n_max: int = 5) -> list[str]:
    """Character n-grams of one space-padded word (scikit-learn's ``char_wb``; a short word counts once)."""
    word = f" {word} "
    return [word[i:i + n] for n in range(n_min, min(n_max, len(word)) + 1) for i in range(len(word) - n + 1)]


def _columns(grams: list[str], size: int) -> np.ndarray:
    """The hashed column of each n-gram (MurmurHash3 as scikit-learn's ``HashingVectorizer``)."""
    import mmh3
    return (np.abs(np.fromiter(map(mmh3.hash, grams), dtype=np.int64, count=len(grams))) % size).astype(np.int32)


@lru_cache(maxsize=100_000)
def _word_columns(word: str, size: int) -> np.ndarray:
    return _columns(char_ngrams(word), size)


def _tfidf(rows: np.ndarray, columns: np.ndarray, idf: np.ndarray, texts: int):
    """Rows, columns and L2-normalised sublinear TF-IDF values of hashed n-gram occurrences (a sparse matrix)."""
    size = len(idf)
    cells, counts = np.unique(rows * size + columns, return_counts=True)
    rows, columns = cells // size, cells % size
    values = (np.log(counts) + 1) * idf[columns]
    norms = np.sqrt(np.bincount(rows, values ** 2, minlength=texts))
    return rows, columns, values / norms[rows]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


class SavedModel:
    """A stance model read from a file: ``classes_``, ``predict_proba(texts)``, ``predict(texts)``."""

    def __init__(self, spec: dict, arrays: dict[str, np.ndarray]):
        self.spec, self.arrays = spec, arrays
        self.functions = [labelling.from_spec(s) for s in spec["functions"]]
        self.classes_ = np.array(stance_labels() if spec["options"]["classifier"] == "frames"
                                 else arrays["labels.classes"], dtype=object)

    def _features(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The texts' feature matrix as (rows, columns, values): words, characters, then the functions' votes."""
        width = len(self.arrays["words.idf"])
        words = [word_ngrams(t) for t in texts]
        word_rows = np.repeat(np.arange(len(texts)), [len(w) for w in words])
        word_cols = _columns([g for w in words for g in w], width)
        split = [_SPACES.sub(" ", t.lower()).split() for t in texts]
        char_cols = [_word_columns(w, width) for ws in split for w in ws]
        char_rows = np.repeat(np.repeat(np.arange(len(texts)), [len(ws) for ws in split]), [len(c) for c in char_cols])
        char_cols = np.concatenate(char_cols) if char_cols else np.zeros(0, dtype=np.int64)
        blocks = [_tfidf(word_rows, word_cols, self.arrays["words.idf"], len(texts)),
                  _tfidf(char_rows, char_cols, self.arrays["chars.idf"], len(texts))]
        rows = [blocks[0][0], blocks[1][0]]
        columns = [blocks[0][1], width + blocks[1][1]]
        values = [blocks[0][2], blocks[1][2]]
        if self.functions:
            names = stance_labels()
            votes = labelling.apply(self.functions, texts, names)
            vote_rows, vote_functions = np.nonzero(votes != labelling.ABSTAIN)
            rows.append(vote_rows)
            columns.append(2 * width + vote_functions * len(names) + votes[vote_rows, vote_functions])
            values.append(np.ones(len(vote_rows)))
        return np.concatenate(rows), np.concatenate(columns), np.concatenate(values)

    def _decisions(self, features, texts: int, head: str) -> np.ndarray:
        """A linear head's decision values: one column per row of its weights."""
        rows, columns, values = features
        coef, intercept = self.arrays[f"{head}.coef"], self.arrays[f"{head}.intercept"]
        return np.column_stack([np.bincount(rows, values * weights[columns], minlength=texts) + bias
                                for weights, bias in zip(coef, intercept)])

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        texts = list(texts)
        features = self._features(texts)
        if self.spec["options"]["classifier"] == "frames":
            a, b = (np.full(len(texts), fitted) if (fitted := self.spec["heads"][head]) is not None
                    else _sigmoid(self._decisions(features, len(texts), head)[:, 0])
                    for head in ("cooperation", "competition"))
            return np.column_stack([(1 - a) * (1 - b), a * (1 - b), (1 - a) * b, a * b])
        decision = self._decisions(features, len(texts), "labels")
        if decision.shape[1] == 1:  # two labels: scikit-learn keeps one row of weights
            return np.column_stack([1 - _sigmoid(decision[:, 0]), _sigmoid(decision[:, 0])])
        decision = np.exp(decision - decision.max(axis=1, keepdims=True))
        return decision / decision.sum(axis=1, keepdims=True)

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        return self.classes_[self.predict_proba(texts).argmax(axis=1)]


def load(path: str | Path) -> SavedModel:
    """Read a model file that ``annotate.stance.model.save`` wrote."""
    path = Path(path)
    if not path.is_file():
        raise AnnotateError(f"no stance model at {path}")
    try:
        with np.load(path, allow_pickle=False) as stored:
            if "schema.json" in stored.files and "spec" not in stored.files:
                raise AnnotateError(f"{path} was saved by an older annotate (skops format); "
                                    f"train it again with 'annotate stance train'")
            arrays = {name: stored[name] for name in stored.files}
        spec = json.loads(str(arrays.pop("spec")))
    except AnnotateError:
        raise
    except Exception as e:  # NumPy raises several types for files that are not its format
        raise AnnotateError(f"{path} is not a stance model saved by annotate ({type(e).__name__}: {e}); "
                            f"train one with 'annotate stance train'") from e
    if not isinstance(spec, dict) or spec.get("format") != FORMAT:
        raise AnnotateError(f"{path} is not a stance model saved by annotate; train one with 'annotate stance train'")
    if spec.get("version", 0) > VERSION:
        raise AnnotateError(f"{path} was saved by a newer annotate (format version {spec['version']}); upgrade annotate")
    return SavedModel(spec, arrays)


def scores(model, texts: Sequence[str]) -> np.ndarray:
    """Probabilities per sentence, columns in schema label order (a saved or a freshly fitted model)."""
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
