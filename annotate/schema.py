"""Dataset columns derived from ``schemas/sentence.schema.json``.

The JSON Schema is the one declaration of the dataset's columns; the
HuggingFace ``Features`` and the Arrow schema are computed from it here.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

import datasets

SENTENCE_SCHEMA = "sentence.schema.json"


@lru_cache(maxsize=None)
def load_schema(name: str = SENTENCE_SCHEMA) -> dict[str, Any]:
    """A JSON Schema from ``schemas/`` by file name."""
    return json.loads(files("annotate.schemas").joinpath(name).read_text(encoding="utf-8"))


def _feature(prop: dict[str, Any]):
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    kind = next(t for t in types if t != "null")
    if kind == "array":
        return datasets.List(_feature(prop["items"]))
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
    return datasets.Features({column: _feature(prop) for column, prop in load_schema(name)["properties"].items()})
