"""Tokenization and sentence splitting with a Stanza tokenizer model."""
from __future__ import annotations

from pathlib import Path

from annotate.document import Document, Sentence, Token
from annotate.processors.base import Processor
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
        todo = [d for d in docs if d.text.strip()]
        results = self._nlp.bulk_process([stanza.Document([], text=d.text) for d in todo])
        for doc, result in zip(todo, results):
            doc.sentences = [_sentence(doc.text, s) for s in result.sentences]
        return docs


def _sentence(text: str, stanza_sentence) -> Sentence:
    tokens = [Token(t.start_char, t.end_char, text[t.start_char:t.end_char]) for t in stanza_sentence.tokens]
    start, end = tokens[0].start, tokens[-1].end
    return Sentence(start, end, text[start:end], tokens)
