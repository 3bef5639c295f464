"""Dataset columns and label sets, read from ``schemas/``.

The JSON Schema is the one declaration of the dataset's columns; the
HuggingFace ``Features`` and the Arrow schema are computed from it here. A
string column whose schema names ``x-labels`` (a label-set file) becomes a
``ClassLabel`` with that file's ``labels``. Writing rows needs only what
``layout`` gives (Arrow schema, the card's feature list, label names): it is
stored in ``annotate/resources/<schema>.layout.json``, computed from the
``Features`` by ``python -m annotate.schema``, and used while it matches the
schema files, so a run need not import ``datasets`` (a second).
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

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


@dataclass(frozen=True)
class Layout:
    """What writing and reading rows needs from a schema's ``Features``.

    ``arrow``: the Arrow schema, with the Features in its metadata as
    ``datasets`` writes them; ``card_features``: the dataset card's feature
    list; ``labels``: per label column, its names and whether it holds a list.
    """

    arrow: pa.Schema
    card_features: list
    labels: dict[str, tuple[tuple[str, ...], bool]]

    def convert(self, row: dict, to_names: bool) -> dict:
        """The row with its label columns as names (``to_names``) or as indices; an unknown name is a ValueError."""
        out = dict(row)
        for column, (names, is_list) in self.labels.items():
            value = out.get(column)
            if value is None:
                continue
            convert = names.__getitem__ if to_names else _indexer(names, column)
            out[column] = [convert(v) for v in value] if is_list else convert(value)
        return out


@lru_cache(maxsize=None)
def _indices(names: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(names)}


def _indexer(names: tuple[str, ...], column: str):
    index = _indices(names)

    def convert(name: str) -> int:
        if name not in index:
            raise ValueError(f"{column}: {name!r} is not one of {', '.join(names)}")
        return index[name]
    return convert


_STORED = Path(__file__).parent / "resources"


def _label_files(node: Any) -> set[str]:
    """The label-set files a schema names (``x-labels``), at any depth."""
    if isinstance(node, dict):
        own = {node["x-labels"]} if "x-labels" in node else set()
        return own | {f for value in node.values() for f in _label_files(value)}
    return {f for value in node for f in _label_files(value)} if isinstance(node, list) else set()


def _sources(name: str) -> str:
    """A digest of a schema file and the label sets it names: a stored layout is used only while it matches."""
    digest = hashlib.sha256()
    for source in [name, *sorted(_label_files(load_schema(name)))]:
        digest.update(files("annotate.schemas").joinpath(source).read_bytes())
    return digest.hexdigest()


def computed_layout(name: str = SENTENCE_SCHEMA) -> dict:
    """The layout from the ``Features`` (imports ``datasets``), as stored: JSON-ready."""
    import datasets
    declared = features(name)
    labels_of = {}
    for column, feature in declared.items():
        if isinstance(feature, datasets.ClassLabel):
            labels_of[column] = [feature.names, False]
        elif isinstance(feature, datasets.List) and isinstance(feature.feature, datasets.ClassLabel):
            labels_of[column] = [feature.feature.names, True]
    return {"sources": _sources(name), "arrow": base64.b64encode(declared.arrow_schema.serialize().to_pybytes()).decode(),
            "card_features": declared._to_yaml_list(), "labels": labels_of}


@lru_cache(maxsize=None)
def layout(name: str = SENTENCE_SCHEMA) -> Layout:
    """The row layout of a schema: the stored one while it matches the schema files, else computed."""
    import pyarrow as pa  # here, not at import: the CLI's help and label look-ups stay light
    path = _STORED / f"{name.removesuffix('.json')}.layout.json"
    stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    if stored is None or stored["sources"] != _sources(name):
        stored = computed_layout(name)
    return Layout(pa.ipc.read_schema(pa.py_buffer(base64.b64decode(stored["arrow"]))), stored["card_features"],
                  {column: (tuple(names), is_list) for column, (names, is_list) in stored["labels"].items()})


if __name__ == "__main__":  # python -m annotate.schema: store the layouts after changing a schema
    for schema in (SENTENCE_SCHEMA,):
        target = _STORED / f"{schema.removesuffix('.json')}.layout.json"
        target.write_text(json.dumps(computed_layout(schema), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {target}")
