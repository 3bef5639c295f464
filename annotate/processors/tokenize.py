"""Tokenization and sentence splitting with a Stanza tokenizer model."""
from __future__ import annotations

from pathlib import Path

from annotate.document import Document, Sentence, Token
from annotate.processors.base import Processor, bounded_groups
from annotate.stanza_resources import open_pipeline, quantize


class StanzaTokenizer(Processor):
    """Split a document into sentences and surface tokens with Stanza.

    ``stanza_dir`` is a Stanza resources directory (``resources.json`` plus
    ``<lang>/tokenize/<package>.pt``); nothing is ever downloaded.
    """

    name = "tokenize"
    provides = frozenset({"sentences", "tokens"})

    def __init__(self, lang: str, stanza_dir: str | Path, batch_size: int = 64):
        self._nlp = open_pipeline(lang, stanza_dir, "tokenize", tokenize_batch_size=batch_size)

    def use_int8(self) -> None:
        quantize(self._nlp)

    def process(self, doc: Document) -> Document:
        return self.process_batch([doc])[0]

    def process_batch(self, docs: list[Document]) -> list[Document]:
        import stanza
        pieces = [(doc, start, end) for doc in docs for start, end in chunks(doc.text) if doc.text[start:end].strip()]
        for doc in docs:
            doc.sentences = []
        for group in bounded_groups(pieces, lambda piece: piece[2] - piece[1], CALL_CHARS):
            results = self._nlp.bulk_process([stanza.Document([], text=doc.text[start:end]) for doc, start, end in group])
            for (doc, start, _), result in zip(group, results):
                doc.sentences.extend(_sentence(doc.text, s, start) for s in result.sentences)
        return docs


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


def _sentence(text: str, stanza_sentence, offset: int = 0) -> Sentence:
    tokens = [Token(offset + t.start_char, offset + t.end_char, text[offset + t.start_char:offset + t.end_char])
              for t in stanza_sentence.tokens]
    start, end = tokens[0].start, tokens[-1].end
    return Sentence(start, end, text[start:end], tokens)
