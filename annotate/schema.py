"""Dataset columns and label sets, read from ``schemas/``.

The JSON Schema is the one declaration of the dataset's columns; the
HuggingFace ``Features`` and the Arrow schema are computed from it here. A
string column whose schema names ``x-labels`` (a label-set file) becomes a
``ClassLabel`` with that file's ``labels``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

SENTENCE_SCHEMA = "sentence.schema.json"
NER_LABELS = "ner_labels.json"
STANCE_LABELS = "stance_labels.json"


@lru_cache(maxsize=None)
def load_schema(name: str = SENTENCE_SCHEMA) -> dict[str, Any]:
    """A JSON file from ``schemas/`` (a JSON Schema or a label set) by file name."""
    return json.loads(files("annotate.schemas").joinpath(name).read_text(encoding="utf-8"))


def labels(name: str) -> list[str]:
    """The ordered labels of a label-set file, e.g. ``labels("ner_labels.json")``."""
    return list(load_schema(name)["labels"])


def _feature(prop: dict[str, Any]):
    import datasets  # only where Features are built: label look-ups stay light
    if "x-labels" in prop:
        return datasets.ClassLabel(names=labels(prop["x-labels"]))
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    kind = next(t for t in types if t != "null")
    if kind == "array":
        return datasets.List(_feature(prop["items"]))
    if kind == "object":
        return {name: _feature(p) for name, p in prop["properties"].items()}
    if kind == "integer":
        return datasets.Value(prop.get("x-dtype", "int64"))
    if kind == "number":
        return datasets.Value(prop.get("x-dtype", "float32"))
    if kind == "boolean":
        return datasets.Value("bool")
    if kind == "string":
        return datasets.Value("string")
    raise ValueError(f"no dataset feature for JSON Schema type {kind!r}")


def features(name: str = SENTENCE_SCHEMA) -> datasets.Features:
    """The dataset ``Features`` declared by a row schema, in its column order."""
    import datasets
    return datasets.Features({column: _feature(prop) for column, prop in load_schema(name)["properties"].items()})
