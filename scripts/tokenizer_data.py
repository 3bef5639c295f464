"""Shared data preparation for the tokenizer scripts (train and evaluate).

Held out as dev: the last ``DEV_SIZE`` sentences of the UD GSD dev file and
the last ``CSUI_DEV_SIZE`` sentences of UD CSUI train. Everything else (GSD
train, the rest of CSUI train and of GSD dev) is training data. Nothing here
is written into the repository.
"""
from __future__ import annotations

import random
from pathlib import Path

from annotate.formats.conllu import TreebankSentence, read_surface_sentences, write_sentence

UD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ud"
GSD_TRAIN_FILE = "id_gsd-ud-train.conllu"
GSD_DEV_FILE = "id_gsd-ud-dev.conllu"
CSUI_FILE = "id_csui-ud-train.conllu"
DEV_SIZE = 200
CSUI_DEV_SIZE = 100


def read(name: str, ud_dir: Path = UD_DIR) -> list[TreebankSentence]:
    """The surface-token sentences of one CoNLL-U file."""
    with open(ud_dir / name, encoding="utf-8") as f:
        return list(read_surface_sentences(f))


def load(ud_dir: Path = UD_DIR, csui_weight: int = 1) -> tuple[list[TreebankSentence], dict[str, list[TreebankSentence]]]:
    """Return (train sentences, {dev set name: held-out sentences}).

    ``csui_weight`` repeats the CSUI part: news with rupiah amounts and
    decimal commas (``Rp 3,2``), which GSD hardly has.
    """
    gsd_dev, csui = read(GSD_DEV_FILE, ud_dir), read(CSUI_FILE, ud_dir)
    train = read(GSD_TRAIN_FILE, ud_dir) + csui[:-CSUI_DEV_SIZE] * csui_weight + gsd_dev[:-DEV_SIZE]
    return train, {"gsd": gsd_dev[-DEV_SIZE:], "csui": csui[-CSUI_DEV_SIZE:]}


def char_labels(sentence: TreebankSentence) -> str | None:
    """Stanza's per-character labels for one sentence (1 token end, 2 sentence end).

    Returns None when the tokens cannot be aligned with the sentence text.
    """
    text, labels, pos = sentence.text, [], 0
    for token in sentence.tokens:
        start = pos
        while start < len(text) and text[start].isspace():
            start += 1
        if text[start:start + len(token)] != token:
            return None
        labels.append("0" * (start - pos) + "0" * (len(token) - 1) + "1")
        pos = start + len(token)
    if text[pos:].strip():
        return None
    joined = "".join(labels)
    return joined[:-1] + "2" + "0" * (len(text) - pos)


def write_stanza_files(sentences: list[TreebankSentence], stem: Path, *,
                       paragraph_sizes: tuple[int, int] | None, seed: int = 1) -> int:
    """Write ``stem.txt``, ``stem.toklabels`` and ``stem.gold.conllu``.

    Sentences are joined by a space into paragraphs of a random number of
    sentences within ``paragraph_sizes`` (one paragraph of everything when
    None), so the model sees paragraph ends with and without final punctuation.
    Returns the number of sentences that could not be aligned and were dropped.
    """
    rng = random.Random(seed)
    aligned = [(s, char_labels(s)) for s in sentences]
    kept = [(s, lab) for s, lab in aligned if lab is not None]
    paragraphs, i = [], 0
    while i < len(kept):
        size = rng.randint(*paragraph_sizes) if paragraph_sizes else len(kept)
        paragraphs.append(kept[i:i + size])
        i += size
    with open(f"{stem}.txt", "w", encoding="utf-8") as txt, \
            open(f"{stem}.toklabels", "w", encoding="utf-8") as lab, \
            open(f"{stem}.gold.conllu", "w", encoding="utf-8") as gold:
        for paragraph in paragraphs:
            txt.write(" ".join(s.text for s, _ in paragraph) + "\n\n")
            lab.write("0".join(label for _, label in paragraph) + "\n\n")
            for s, _ in paragraph:
                write_sentence(gold, s.sent_id, s.text, s.tokens, s.space_after)
    return len(sentences) - len(kept)
