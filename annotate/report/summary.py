"""Dataset statistics for the report, gathered in one pass over the rows."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from annotate.annotation.agreement import Figure, stance_agreement
from annotate.iob import PRF
from annotate.stance.data import PEOPLE_SOURCES


@dataclass
class Summary:
    """Counts per split, label, source and entity type; gold-vs-prediction pairs; annotators' answers.

    ``stance_labels`` orders the stance scores (the label set's order), so a
    row's prediction is the label with the highest score.
    """

    stance_labels: list[str]
    documents: Counter = field(default_factory=Counter)  # split -> documents
    sentences: Counter = field(default_factory=Counter)  # split -> sentences
    tokens: Counter = field(default_factory=Counter)  # split -> tokens
    stance: Counter = field(default_factory=Counter)  # (split, stance or None) -> sentences
    sources: Counter = field(default_factory=Counter)  # stance source or None -> sentences
    doc_stance: Counter = field(default_factory=Counter)  # document stance or None -> documents
    entity_types: Counter = field(default_factory=Counter)  # label -> entities
    entity_texts: dict = field(default_factory=lambda: defaultdict(Counter))  # label -> text -> entities
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> sentences
    ratings: dict = field(default_factory=dict)  # row id -> annotator -> stance

    def add(self, split: str, rows: list[dict]) -> None:
        """Count one document's rows."""
        self.documents[split] += 1
        self.doc_stance[rows[0].get("doc_stance")] += 1
        for row in rows:
            self.sentences[split] += 1
            self.tokens[split] += len(row["tokens"])
            self.stance[(split, row.get("stance"))] += 1
            self.sources[row.get("stance_source")] += 1
            for entity in row.get("entities") or ():
                self.entity_types[entity["label"]] += 1
                self.entity_texts[entity["label"]][entity["text"]] += 1
            scores = row.get("stance_scores")
            if row.get("stance_source") in PEOPLE_SOURCES and scores:
                predicted = self.stance_labels[max(range(len(scores)), key=scores.__getitem__)]
                self.confusion[(row["stance"], predicted)] += 1
            if row.get("annotators"):
                self.ratings[row["id"]] = dict(zip(row["annotators"], row["annotator_stances"] or ()))

    @property
    def splits(self) -> list[str]:
        return list(self.documents)

    def agreement(self) -> list[Figure]:
        """Stance agreement among the annotators recorded in the rows (none when there are none)."""
        return stance_agreement(self.ratings) if self.ratings else []

    def per_label(self) -> dict[str, PRF]:
        """Precision/recall counts of the pre-annotation against people's labels, per stance label."""
        return {label: PRF(tp=self.confusion[(label, label)],
                           fp=sum(n for (g, p), n in self.confusion.items() if p == label and g != label),
                           fn=sum(n for (g, p), n in self.confusion.items() if g == label and p != label))
                for label in self.stance_labels}

    def accuracy(self) -> float | None:
        total = sum(self.confusion.values())
        return sum(n for (g, p), n in self.confusion.items() if g == p) / total if total else None
