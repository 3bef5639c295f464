"""Where a sentence's stance is decided.

With a trained model (``annotate stance train``; the bundled default is
``annotate/resources/id/stance/annotate.npz``) each sentence gets the
model's most probable label and its probabilities (source ``model``).
Without one, the language's labelling functions vote
(``annotate/languages/id/stance_rules.py``; source ``weak``). The document
label is aggregated by ``annotate.stance.aggregate.document_stance``.
"""
from __future__ import annotations

from annotate.document import Document
from annotate.processors.base import Processor
from annotate.stance.aggregate import document_stance


class StanceClassifier(Processor):
    """Label every sentence neutral / cooperation / competition / mixed."""

    name = "stance"
    requires = frozenset({"sentences"})
    provides = frozenset({"stance"})

    def __init__(self, model=None, functions: tuple = ()):
        self.model = model
        self.functions = tuple(functions)

    def process(self, doc: Document) -> Document:
        return self.process_batch([doc])[0]

    def process_batch(self, docs: list[Document]) -> list[Document]:
        from annotate.stance.saved import scores, stance_labels, weak_labels
        sentences = [s for doc in docs for s in doc.sentences]
        if sentences:
            texts = [s.text for s in sentences]
            names = stance_labels()
            if self.model is not None:
                probabilities = scores(self.model, texts)
                labels = [names[i] for i in probabilities.argmax(axis=1)]
                source = "model"
            else:
                labels = weak_labels(texts, self.functions)
                probabilities = [[float(label == name) for name in names] for label in labels]
                source = "weak"
            for sent, label, row in zip(sentences, labels, probabilities):
                sent.stance, sent.stance_scores, sent.stance_source = label, [float(p) for p in row], source
        for doc in docs:
            doc.meta["stance"] = document_stance(s.stance for s in doc.sentences) if doc.sentences else None
        return docs
