"""Named-entity recognition with a Stanza NER model over our tokens."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import numpy as np

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
        self._taggers: dict[int, _Tagger] = {}
        self._nlp = open_pipeline(lang, stanza_dir, "tokenize,ner", tokenize_pretokenized=True,
                                  ner_batch_size=batch_size)

    def use_int8(self) -> None:
        quantize(self._nlp)

    def _tags(self, sentences: list[list[str]]) -> list[list[str]]:
        """The model's tags for tokenized sentences: Stanza's NER processor without building a Stanza document
        (as ``NERProcessor.process``). A model without a character language model or transformer gets its
        batches from ``_Tagger``; others go through Stanza's data loader."""
        import torch
        from stanza.models.ner.data import DataLoader
        from stanza.models.ner.utils import merge_tags
        processor = self._nlp.processors["ner"]
        predictions = []
        with torch.inference_mode():
            for trainer, config in zip(processor.trainers, processor.configs):
                size = config["batch_size"]
                if _Tagger.handles(trainer):
                    tagger = self._taggers.setdefault(id(trainer), _Tagger(trainer))
                    predictions.append([tags for start in range(0, len(sentences), size)
                                        for tags in tagger.predict(sentences[start:start + size])])
                    continue
                batches = DataLoader(_Words(sentences), size, config, vocab=trainer.vocab, evaluation=True,
                                     preprocess_tags=False, bert_tokenizer=trainer.model.bert_tokenizer)
                predictions.append([tags for batch in batches for tags in trainer.predict(batch)])
        return [merge_tags(*tags) for tags in zip(*predictions)]

    def process(self, doc: Document) -> Document:
        return self.process_batch([doc])[0]

    def process_batch(self, docs: list[Document]) -> list[Document]:
        sentences = [(doc, sent) for doc in docs for sent in doc.sentences]
        long = {id(doc) for doc in docs if sum(len(s.tokens) for s in doc.sentences) > CALL_TOKENS}
        for group in bounded_groups(sentences, lambda item: len(item[1].tokens), CALL_TOKENS):
            for (doc, sent), tags in zip(group, self._tags([[t.text for t in s.tokens] for _, s in group])):
                tags = to_iob2(tags)
                if self.gazetteer is not None:
                    tags = self.gazetteer.apply([t.text for t in sent.tokens], tags)
                tag(doc, sent, tags)
            self.tell_progress("tagged", ((doc, sent.end) for doc, sent in group if id(doc) in long))
        return docs


class _Words:
    """Tokenized sentences as Stanza's NER data loader reads a document (words, no tags yet)."""

    def __init__(self, sentences: list[list[str]]):
        self.sentences = sentences

    def get(self, fields, as_sentences=False, from_token=False):
        return [[(word, None, None) for word in sentence] for sentence in self.sentences]


class _Tagger:
    """``trainer.predict`` over one batch of tokenized sentences, for a model without a character language model
    or transformer: the tensors Stanza's data loader builds (same order, same padding), with each word's
    character ids remembered, the model run as ``_predicting`` says, and the CRF decoded for the whole batch at
    once (``viterbi``)."""

    #: Words whose character ids are remembered before the memory starts again.
    MAX_WORDS = 200_000

    def __init__(self, trainer):
        self.trainer = trainer
        self._chars: dict[str, list[int]] = {}

    @staticmethod
    def handles(trainer) -> bool:
        return not trainer.args.get("charlm") and trainer.model.bert_model is None

    def predict(self, sentences: list[list[str]]) -> list[list[str]]:
        import torch
        from stanza.models.common.vocab import PAD_ID, VOCAB_PREFIX_SIZE
        from stanza.models.ner.trainer import fix_singleton_tags
        vocab, args = self.trainer.vocab, self.trainer.args
        order = _descending([len(s) for s in sentences])
        ordered = [sentences[i] for i in order]
        lengths = [len(s) for s in ordered]
        chars = [self._char_ids(word) for sentence in ordered for word in sentence]
        word_order = _descending([len(c) for c in chars])
        wordchars = _padded([chars[i] for i in word_order], PAD_ID)
        none_tag = vocab["tag"].map([(None,)])[0]
        tags = torch.tensor([[none_tag] * n + [[PAD_ID] * len(none_tag)] * (lengths[0] - n) for n in lengths])
        model = self.trainer.model
        model.eval()
        with _predicting(model):
            _, logits, transitions = model(ordered, wordchars, torch.eq(wordchars, PAD_ID), tags, word_order,
                                           lengths, [len(chars[i]) for i in word_order], None, None, None, None)
        columns = [viterbi(scores.numpy(), trans.numpy(), lengths) for scores, trans in zip(logits, transitions)]
        found = []
        for paths in zip(*columns):
            ids = zip(*[[max(x, VOCAB_PREFIX_SIZE) for x in path] for path in paths])
            found.append(fix_singleton_tags([x[args["predict_tagset"]] if isinstance(x, list) else x
                                             for x in vocab["tag"].unmap(ids)]))
        result: list[list[str]] = [[] for _ in sentences]
        for position, index in enumerate(order):
            result[index] = found[position]
        return result

    def _char_ids(self, word: str) -> list[int]:
        ids = self._chars.get(word)
        if ids is None:
            if len(self._chars) >= self.MAX_WORDS:
                self._chars.clear()
            lower = self.trainer.args.get("char_lowercase", False)
            ids = self._chars[word] = self.trainer.vocab["char"].map([c.lower() if lower else c for c in word])
        return ids


@contextmanager
def _predicting(model):
    """Stanza's NER model as ``_Tagger`` runs it, with the same output: its character model once per distinct word
    of a batch (``_distinct_words``), and its CRF layers giving their transitions without computing a loss. (The
    stand-ins are plain functions, so they go into the module's table of children directly, for the call.)"""
    children = model._modules
    saved = {name: children[name] for name in ("charmodel", "crits") if name in children}
    children["crits"] = [_transitions(crit) for crit in saved["crits"]]
    if saved.get("charmodel") is not None:
        children["charmodel"] = _distinct_words(saved["charmodel"])
    try:
        yield
    finally:
        children.update(saved)


def _distinct_words(charmodel):
    """Stanza's ``CharacterModel`` run on the distinct words of a batch, each word's representation then placed
    where the word occurs (a word's representation does not depend on the other words)."""
    import torch
    from stanza.models.common.utils import tensor_unsort
    from stanza.models.common.vocab import PAD_ID
    from torch.nn.utils.rnn import pack_sequence

    def forward(chars, chars_mask, word_orig_idx, sentlens, wordlens):
        distinct, inverse = torch.unique(chars, dim=0, return_inverse=True)
        lengths = torch.ne(distinct, PAD_ID).sum(1)
        order = torch.argsort(lengths, descending=True, stable=True)
        reps = charmodel(distinct[order], torch.eq(distinct[order], PAD_ID), list(range(len(order))),
                         [len(order)], lengths[order].tolist()).data
        rank = torch.empty_like(order)
        rank[order] = torch.arange(len(order))
        return pack_sequence(tensor_unsort(reps[rank[inverse]], word_orig_idx).split(sentlens))
    return forward


def _transitions(crit):
    """A CRF layer's call at prediction: no loss, only its transition scores."""
    return lambda inputs, masks, tag_indices: (0, crit._transitions)


def _descending(lengths: list[int]) -> list[int]:
    """Indices by descending length, the later first among equals (Stanza's ``sort_all``)."""
    return sorted(range(len(lengths)), key=lambda i: (lengths[i], i), reverse=True)


def _padded(rows: list[list[int]], pad: int):
    """A LongTensor of the rows, padded on the right (Stanza's ``get_long_tensor``)."""
    import torch
    lengths = np.array([len(row) for row in rows])
    out = np.full((len(rows), lengths.max()), pad, dtype=np.int64)
    out[np.arange(lengths.max()) < lengths[:, None]] = [x for row in rows for x in row]
    return torch.from_numpy(out)


def viterbi(scores: np.ndarray, transitions: np.ndarray, lengths: list[int]) -> list[list[int]]:
    """The best tag path of each sequence in a padded batch (``scores``: batch x time x tags), the same
    arithmetic as Stanza's ``crf.viterbi_decode`` on each sequence, one step for the whole batch."""
    trellis = np.empty_like(scores)
    back = np.zeros(scores.shape, dtype=np.int32)
    trellis[:, 0] = scores[:, 0]
    for t in range(1, scores.shape[1]):
        step = trellis[:, t - 1, :, None] + transitions
        trellis[:, t] = scores[:, t] + step.max(1)
        back[:, t] = step.argmax(1)
    paths = []
    for row, n in enumerate(lengths):
        path = [int(trellis[row, n - 1].argmax())]
        for t in range(n - 1, 0, -1):
            path.append(int(back[row, t, path[-1]]))
        paths.append(path[::-1])
    return paths


#: Tokens per call to Stanza: bounds the memory of its documents whatever the input.
CALL_TOKENS = 30_000


def tag(doc: Document, sent: Sentence, tags: list[str]) -> None:
    """Set a sentence's IOB2 tags and the entity spans they imply."""
    sent.ner_tags = tags
    sent.entities = [Entity(sent.tokens[i].start, sent.tokens[j - 1].end, label,
                            doc.text[sent.tokens[i].start:sent.tokens[j - 1].end])
                     for i, j, label in spans(sent.ner_tags)]
