"""Stanza resources directories: what they hold and how to open a pipeline on them.

The bundled models (``annotate/resources``) form such a directory, and so
do a user's official Stanza downloads (``--stanza-dir``). Nothing is ever
downloaded.
"""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from annotate.errors import ModelNotFoundError

#: The models this package ships: a Stanza resources directory.
BUNDLED_DIR = Path(__file__).resolve().parent / "resources"


def processors_available(stanza_dir: str | Path, lang: str) -> set[str]:
    """Processor names ``resources.json`` lists for ``lang`` (empty when none)."""
    path = Path(stanza_dir) / "resources.json"
    if not path.is_file():
        raise ModelNotFoundError(f"{stanza_dir} is not a Stanza resources directory (no resources.json)")
    try:
        resources = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelNotFoundError(f"cannot read {path}: {e}") from e
    entry = resources.get(lang, {})
    while "alias" in entry:
        entry = resources.get(entry["alias"], {})
    return set(entry.get("default_processors", {}))


def model_files(stanza_dir: str | Path, lang: str, processors: Iterable[str]) -> dict[str, Path]:
    """The model file of each processor (and of what it depends on, e.g. pretrained vectors), where present."""
    path = Path(stanza_dir) / "resources.json"
    if not path.is_file():
        return {}
    resources = json.loads(path.read_text(encoding="utf-8"))
    entry = resources.get(lang, {})
    while "alias" in entry:
        lang, entry = entry["alias"], resources.get(entry["alias"], {})
    files: dict[str, Path] = {}
    for processor in processors:
        package = entry.get("default_processors", {}).get(processor)
        if not isinstance(package, str):
            continue
        files[processor] = Path(stanza_dir) / lang / processor / f"{package}.pt"
        for dependency in entry.get(processor, {}).get(package, {}).get("dependencies", []):
            files[dependency["model"]] = Path(stanza_dir) / lang / dependency["model"] / f"{dependency['package']}.pt"
    return {name: path for name, path in files.items() if path.is_file()}


@contextmanager
def _no_optimizers():
    """Stanza's tokenizer builds an Adam optimizer even to predict; torch imports its compiler for that (1 s)."""
    from stanza.models.common import utils
    build = utils.get_optimizer
    utils.get_optimizer = lambda *args, **kwargs: None
    try:
        yield
    finally:
        utils.get_optimizer = build


@contextmanager
def _bundled_files_unpickled_natively():
    """Stanza reads model files with ``torch.load(weights_only=True)``, whose unpickler is written in Python and
    takes 0.4 s over the vocabularies of the bundled NER model and word vectors. Files inside this package are as
    trusted as its code, so they are read with Python's own unpickler; any other file keeps ``weights_only``."""
    import torch
    load = torch.load

    def bundled_natively(f, *args, **kwargs):
        if isinstance(f, (str, Path)) and Path(f).resolve().is_relative_to(BUNDLED_DIR):
            kwargs["weights_only"] = False
        return load(f, *args, **kwargs)

    torch.load = bundled_natively
    try:
        yield
    finally:
        torch.load = load


def quantize(nlp) -> None:
    """Make the LSTM and linear layers of every model in a Stanza pipeline dynamic int8 (about a third faster on CPU).

    The weights are int8, activations quantized on the fly; the model card
    gives the dev scores with and without.
    """
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic
    for processor in nlp.processors.values():
        trainers = getattr(processor, "trainers", None) or [getattr(processor, "trainer", None)]
        for trainer in trainers:
            if trainer is not None and getattr(trainer, "model", None) is not None:
                with warnings.catch_warnings():  # torch marks eager quantization deprecated (still in 2.13)
                    warnings.simplefilter("ignore")
                    quantize_dynamic(trainer.model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8, inplace=True)


def open_pipeline(lang: str, stanza_dir: str | Path, processors: str, **options):
    """A ``stanza.Pipeline`` over a local resources directory, on the CPU, offline."""
    import stanza
    from stanza.pipeline.core import DownloadMethod
    missing = set(processors.split(",")) - processors_available(stanza_dir, lang)
    if missing:
        raise ModelNotFoundError(f"no Stanza {', '.join(sorted(missing))} model for {lang!r} in {stanza_dir}")
    try:
        with _no_optimizers(), _bundled_files_unpickled_natively():
            nlp = stanza.Pipeline(lang, dir=str(stanza_dir), processors=processors, download_method=DownloadMethod.NONE,
                                  logging_level="WARN", use_gpu=False, **options)
    except (ValueError, FileNotFoundError, KeyError, RuntimeError) as e:
        raise ModelNotFoundError(f"cannot load Stanza {processors} for {lang!r} from {stanza_dir}: {e}") from e
    logging.getLogger("stanza").setLevel(logging.WARNING)
    return nlp
