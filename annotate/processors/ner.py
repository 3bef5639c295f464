"""Named-entity recognition with a Stanza NER model over our tokens."""
from __future__ import annotations

from pathlib import Path

from annotate.document import Document, Entity, Sentence
from annotate.gazetteer import Gazetteer
from annotate.iob import spans, to_iob2
from annotate.processors.base import Processor, bounded_groups
from annotate.stanza_resources import open_pipeline, quantize


class StanzaNER(Processor):
    """Tag every token (IOB2) and collect entity spans with document offsets.

    The tokens are the document's own (Stanza runs pretokenized), so tags
    and spans line up with them exactly. Sentences of a whole batch of
    documents go to Stanza in one call. A language's ``gazetteer``, when
    given, is applied over the model's tags.
    """

    name = "ner"
    requires = frozenset({"sentences", "tokens"})
    provides = frozenset({"entities"})

    def __init__(self, lang: str, stanza_dir: str | Path, gazetteer: Gazetteer | None = None, batch_size: int = 64):
        self.gazetteer = gazetteer
        self._nlp = open_pipeline(lang, stanza_dir, "tokenize,ner", tokenize_pretokenized=True,
                                  ner_batch_size=batch_size)

    def use_int8(self) -> None:
        quantize(self._nlp)

    def _tags(self, sentences: list[list[str]]) -> list[list[str]]:
        """The model's tags for tokenized sentences: Stanza's NER processor without building a Stanza document
        (as ``NERProcessor.process``; the same tags, in a third less time)."""
        import torch
        from stanza.models.ner.data import DataLoader
        from stanza.models.ner.utils import merge_tags
        processor = self._nlp.processors["ner"]
        predictions = []
        with torch.inference_mode():
            for trainer, config in zip(processor.trainers, processor.configs):
                batches = DataLoader(_Words(sentences), config["batch_size"], config, vocab=trainer.vocab,
                                     evaluation=True, preprocess_tags=False,
                                     bert_tokenizer=trainer.model.bert_tokenizer)
                predictions.append([tags for batch in batches for tags in trainer.predict(batch)])
        return [merge_tags(*tags) for tags in zip(*predictions)]

    def process(self, doc: Document) -> Document:
        return self.process_batch([doc])[0]

    def process_batch(self, docs: list[Document]) -> list[Document]:
        sentences = [s for doc in docs for s in doc.sentences]
        if not sentences:
            return docs
        tagged = (tags for group in bounded_groups(sentences, lambda s: len(s.tokens), CALL_TOKENS)
                  for tags in self._tags([[t.text for t in s.tokens] for s in group]))
        for doc in docs:
            for sent in doc.sentences:
                tags = to_iob2(next(tagged))
                if self.gazetteer is not None:
                    tags = self.gazetteer.apply([t.text for t in sent.tokens], tags)
                tag(doc, sent, tags)
        return docs


class _Words:
    """Tokenized sentences as Stanza's NER data loader reads a document (words, no tags yet)."""

    def __init__(self, sentences: list[list[str]]):
        self.sentences = sentences

    def get(self, fields, as_sentences=False, from_token=False):
        return [[(word, None, None) for word in sentence] for sentence in self.sentences]


#: Tokens per call to Stanza: bounds the memory of its documents whatever the input.
CALL_TOKENS = 30_000


def tag(doc: Document, sent: Sentence, tags: list[str]) -> None:
    """Set a sentence's IOB2 tags and the entity spans they imply."""
    sent.ner_tags = tags
    sent.entities = [Entity(sent.tokens[i].start, sent.tokens[j - 1].end, label,
                            doc.text[sent.tokens[i].start:sent.tokens[j - 1].end])
                     for i, j, label in spans(sent.ner_tags)]
