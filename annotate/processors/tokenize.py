"""Tokenization and sentence splitting with a Stanza tokenizer model."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from annotate.document import Document, Sentence, Token
from annotate.processors.base import Processor, bounded_groups
from annotate.stanza_resources import open_pipeline, quantize


class StanzaTokenizer(Processor):
    """Split a document into sentences and surface tokens with Stanza.

    ``stanza_dir`` is a Stanza resources directory (``resources.json`` plus
    ``<lang>/tokenize/<package>.pt``); nothing is ever downloaded. The model
    runs through Stanza's own prediction loop; the characters' inputs are
    built, and its predictions read back into tokens, with NumPy and document
    offsets instead of Stanza documents (the same tokens, in half the time).
    """

    name = "tokenize"
    provides = frozenset({"sentences", "tokens"})

    def __init__(self, lang: str, stanza_dir: str | Path, batch_size: int = 64):
        self._nlp = open_pipeline(lang, stanza_dir, "tokenize")
        # paragraphs per model call, for this path and Stanza's (which reads it from the model's training settings)
        self._nlp.processors["tokenize"].trainer.args["batch_size"] = batch_size

    def use_int8(self) -> None:
        quantize(self._nlp)

    def process(self, doc: Document) -> Document:
        return self.process_batch([doc])[0]

    def process_batch(self, docs: list[Document]) -> list[Document]:
        pieces = [(doc, start, end) for doc in docs for start, end in chunks(doc.text, CHUNK_CHARS)
                  if doc.text[start:end].strip()]
        for doc in docs:
            doc.sentences = []
        for group in bounded_groups(pieces, lambda piece: piece[2] - piece[1], CALL_CHARS):
            for (doc, start, _), sentences in zip(group, self._split([doc.text[s:e] for doc, s, e in group])):
                doc.sentences.extend(Sentence(start + s, start + e, doc.text[start + s:start + e],
                                              [Token(start + a, start + b, doc.text[start + a:start + b])
                                               for a, b in tokens])
                                     for s, e, tokens in sentences)
            self.tell_progress("tokenized", ((doc, end) for doc, _, end in group if len(doc.text) > CALL_CHARS))
        return docs

    def _split(self, texts: list[str]) -> list[list[tuple[int, int, list[tuple[int, int]]]]]:
        """Each text's sentences as (start, end, token spans), offsets into the text: Stanza's ``bulk_process``
        (texts joined by blank lines, paragraphs by blank lines, whitespace runs as one space) without its documents."""
        import torch
        from stanza.models.tokenization.utils import predict
        processor = self._nlp.processors["tokenize"]
        if not _Paragraphs.builds(processor.config):
            return self._split_by_stanza(texts)
        joined = "\n\n".join(texts)
        data = _Paragraphs(joined, processor)
        with torch.no_grad():
            predictions, _ = predict(processor.trainer, data, processor.trainer.args["batch_size"],
                                     max(1000, processor.config.get("max_seqlen", 1000)), True, 0)
        starts = np.cumsum([0] + [len(text) + 2 for text in texts[:-1]])  # where each text begins in ``joined``
        per_text: list[list] = [[] for _ in texts]
        for positions, para, labels in zip(data.positions, data.data, predictions):
            index = int(np.searchsorted(starts, positions[0], side="right")) - 1  # a paragraph is within one text
            shift = int(starts[index])
            per_text[index] += [(start - shift, end - shift, [(a - shift, b - shift) for a, b in tokens])
                                for start, end, tokens in _sentences(positions, para, labels)]
        return per_text

    def _split_by_stanza(self, texts: list[str]) -> list[list[tuple[int, int, list[tuple[int, int]]]]]:
        """``_split`` through Stanza's documents, for settings ``_Paragraphs`` does not build (a dictionary,
        ``skip_newline``: some official models of other languages)."""
        import stanza
        return [[(s.tokens[0].start_char, s.tokens[-1].end_char, [(t.start_char, t.end_char) for t in s.tokens])
                 for s in result.sentences]
                for result in self._nlp.bulk_process([stanza.Document([], text=text) for text in texts])]


#: A long text goes to Stanza in parts of about this many characters, cut between paragraphs.
CHUNK_CHARS = 10_000
#: Characters per call to Stanza: bounds the memory of its documents whatever the input.
CALL_CHARS = 200_000


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Spans covering ``text`` of at most ``size`` characters, each cut after the last blank line of its second half,
    else a line end, a sentence end or a space there (a paragraph of megabytes still goes in bounded parts)."""
    spans, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((at + len(mark) for mark in ("\n\n", "\n", ". ", " ")
                    if (at := window.rfind(mark)) >= size // 2), size)
        spans.append((start, start + cut))
        start += cut
    return spans + [(start, len(text))]


class _Paragraphs:
    """A text as Stanza's tokenizer reads it to predict (its ``TokenizationDataset`` with ``evaluation=True``), built
    with NumPy: ``data`` holds the paragraphs (blank lines apart, each whitespace run one space), ``positions`` each
    of their characters' offsets in the text. Inputs come from Stanza's own vocabulary and feature functions,
    computed once per distinct character."""

    def __init__(self, text: str, processor):
        from stanza.models.tokenization.data import NEWLINE_WHITESPACE_RE, PER_CHAR_FEAT_FUNCS, WHITESPACE_RE
        self.args, self.vocab = processor.config, processor.vocab
        names = self.args["feat_funcs"]
        self._features = [PER_CHAR_FEAT_FUNCS[name] for name in names if name in PER_CHAR_FEAT_FUNCS]
        self._ends, self._starts = "end_of_para" in names, "start_of_para" in names
        self.data: list[str] = []
        self.positions: list[np.ndarray] = []
        start = 0
        for end, after in [m.span() for m in NEWLINE_WHITESPACE_RE.finditer(text)] + [(len(text), len(text))]:
            chunk = text[start:end].rstrip()
            if chunk:
                codes, distinct, inverse = _codes(chunk)
                space = np.array([bool(WHITESPACE_RE.match(chr(c))) for c in distinct.tolist()])[inverse]
                keep = ~space | ~np.concatenate(([False], space[:-1]))
                self.data.append(np.where(space, 32, codes)[keep].astype("<u4").tobytes().decode("utf-32-le"))
                self.positions.append(start + np.flatnonzero(keep))
            start = after

    @staticmethod
    def builds(config: dict) -> bool:
        """Whether a tokenizer's settings are those built here: per-character and paragraph-position features."""
        from stanza.models.tokenization.data import PER_CHAR_FEAT_FUNCS
        return not (config.get("use_dictionary") or config.get("skip_newline")
                    or set(config["feat_funcs"]) - set(PER_CHAR_FEAT_FUNCS) - {"end_of_para", "start_of_para"})

    def para_to_sentences(self, para: str):
        """[(unit ids, labels (none), features, characters)] of one paragraph, as Stanza's method returns them."""
        _, distinct, inverse = _codes(para)
        table = np.array([[self.vocab.unit2id(chr(c))] + [f(chr(c)) for f in self._features]
                          for c in distinct.tolist()], dtype=np.float32)[inverse]
        columns = [table[:, 1:]]
        if self._ends:
            columns.append((np.arange(len(para)) == len(para) - 1)[:, None])
        if self._starts:
            columns.append((np.arange(len(para)) == 0)[:, None])
        return [(table[:, 0].astype(np.int64), np.zeros(len(para), dtype=np.int64),
                 np.hstack(columns).astype(np.float32), list(para))]

    def advance_old_batch(self, offsets, batch):
        from stanza.models.tokenization.data import TokenizationDataset
        return TokenizationDataset.advance_old_batch(self, offsets, batch)


def _codes(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A text's code points, its distinct code points, and the index of each code point among the distinct ones."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    distinct, inverse = np.unique(codes, return_inverse=True)
    return codes, distinct, inverse


def _sentences(positions: np.ndarray, para: str, labels: np.ndarray) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Sentences (start, end, token spans) of a paragraph from the model's labels per character (1 or 3: token end,
    2 or 4: sentence end), as Stanza's ``decode_predictions`` reads them: a token starts at its first non-space
    character and ends after its last character; a token of spaces alone is dropped, with its sentence end."""
    sentences, tokens, start = [], [], 0
    for end in np.flatnonzero(labels >= 1).tolist():
        first = start + (para[start] == " ")
        if first <= end:
            tokens.append((int(positions[first]), int(positions[end]) + 1))
            if labels[end] in (2, 4):
                sentences.append((tokens[0][0], tokens[-1][1], tokens))
                tokens = []
        start = end + 1
    if tokens:
        sentences.append((tokens[0][0], tokens[-1][1], tokens))
    return sentences
