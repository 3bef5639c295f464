"""Inter-annotator agreement: Cohen's and Fleiss' kappa, Krippendorff's alpha, entity span F1.

Every figure comes with the number of items behind it, and a reason
instead of a value where it is undefined (no shared items, one annotator,
every answer the same label). Only items with two or more answers count:
Cohen's kappa and span F1 use the items both annotators of a pair answered,
Fleiss' kappa and Krippendorff's alpha those with at least two answers.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Hashable, Mapping

from annotate.annotation.store import Store
from annotate.iob import PRF

Ratings = Mapping[Hashable, Mapping[str, str]]  # item -> annotator -> label


@dataclass(frozen=True)
class Figure:
    """An agreement figure over ``items`` items; ``value`` None with ``reason`` when undefined."""

    name: str
    value: float | None
    items: int
    reason: str = ""

    def __str__(self) -> str:
        shown = f"{self.value:.3f}" if self.value is not None else f"undefined ({self.reason})"
        return f"{self.name}: {shown} over {self.items} items"


def cohen_kappa(ratings: Ratings, a: str, b: str) -> Figure:
    """Cohen's kappa of two annotators over the items both labelled."""
    pairs = [(r[a], r[b]) for r in ratings.values() if a in r and b in r]
    name = f"Cohen's kappa {a} / {b}"
    if not pairs:
        return Figure(name, None, 0, "no item labelled by both")
    n = len(pairs)
    observed = sum(x == y for x, y in pairs) / n
    left, right = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(left[c] * right[c] for c in left) / n ** 2
    if expected == 1:
        return Figure(name, None, n, "both gave one and the same label to every item")
    return Figure(name, (observed - expected) / (1 - expected), n)


def fleiss_kappa(ratings: Ratings) -> Figure:
    """Fleiss' kappa over items with at least two answers (the form that allows varying numbers of raters)."""
    items = [Counter(r.values()) for r in ratings.values() if len(r) >= 2]
    if not items:
        return Figure("Fleiss' kappa", None, 0, "no item has two or more answers")
    agreement = [sum(c * (c - 1) for c in counts.values()) / (sum(counts.values()) * (sum(counts.values()) - 1))
                 for counts in items]
    totals = Counter()
    for counts in items:
        totals.update(counts)
    n = sum(totals.values())
    expected = sum((c / n) ** 2 for c in totals.values())
    if expected == 1:
        return Figure("Fleiss' kappa", None, len(items), "every answer is the same label")
    return Figure("Fleiss' kappa", (sum(agreement) / len(items) - expected) / (1 - expected), len(items))


def krippendorff_alpha(ratings: Ratings) -> Figure:
    """Krippendorff's alpha for nominal labels, from the coincidence matrix of items with two or more answers."""
    coincidence: Counter = Counter()
    items = 0
    for r in ratings.values():
        values = list(r.values())
        if len(values) < 2:
            continue
        items += 1
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidence[(x, y)] += 1 / (len(values) - 1)
    if not items:
        return Figure("Krippendorff's alpha", None, 0, "no item has two or more answers")
    marginals: Counter = Counter()
    for (x, _), v in coincidence.items():
        marginals[x] += v
    n = sum(marginals.values())
    disagreement = sum(v for (x, y), v in coincidence.items() if x != y)
    expected = sum(marginals[x] * marginals[y] for x in marginals for y in marginals if x != y) / (n - 1)
    if expected == 0:
        return Figure("Krippendorff's alpha", None, items, "every answer is the same label")
    return Figure("Krippendorff's alpha", 1 - disagreement / expected, items)


def stance_agreement(ratings: Ratings) -> list[Figure]:
    """Pairwise Cohen's kappa, Fleiss' kappa and Krippendorff's alpha."""
    annotators = sorted({a for r in ratings.values() for a in r})
    if len(annotators) < 2:
        return [Figure("agreement", None, len(ratings), f"{len(annotators)} annotator(s); agreement needs two")]
    return ([cohen_kappa(ratings, a, b) for a, b in combinations(annotators, 2)]
            + [fleiss_kappa(ratings), krippendorff_alpha(ratings)])


def entity_agreement(spans: Mapping[Hashable, Mapping[str, set]]) -> list[Figure]:
    """Pairwise span F1 (exact start, end and label) over the items both annotated."""
    annotators = sorted({a for r in spans.values() for a in r})
    if len(annotators) < 2:
        return [Figure("entity span F1", None, len(spans), f"{len(annotators)} annotator(s); agreement needs two")]
    figures = []
    for a, b in combinations(annotators, 2):
        shared = [r for r in spans.values() if a in r and b in r]
        tp = sum(len(r[a] & r[b]) for r in shared)
        fp = sum(len(r[b] - r[a]) for r in shared)
        fn = sum(len(r[a] - r[b]) for r in shared)
        name = f"entity span F1 {a} / {b}"
        if not shared:
            figures.append(Figure(name, None, 0, "no sentence annotated by both"))
        elif tp + fp + fn == 0:
            figures.append(Figure(name, None, len(shared), "neither marked any entity"))
        else:
            figures.append(Figure(name, PRF(tp, fp, fn).f1, len(shared)))
    return figures


def ratings_from(answers) -> tuple[dict, dict]:
    """(stance ratings, entity spans) per task and annotator from a store's current answers.

    Adjudications are not an annotator's answer and are left out.
    """
    labels: dict = {}
    spans: dict = {}
    for answer in answers:
        if answer.action == "adjudicate":
            continue
        if answer.kind == "stance" and answer.label is not None:
            labels.setdefault(answer.task_id, {})[answer.annotator] = answer.label
        elif answer.kind == "ner" and answer.entities is not None:
            spans.setdefault(answer.task_id, {})[answer.annotator] = {tuple(e[:3]) for e in answer.entities}
    return labels, spans


def store_agreement(store: Store) -> dict[str, list[Figure]]:
    """The agreement figures of an annotation store: ``{"stance": [...], "entities": [...]}``."""
    labels, _ = ratings_from(store.answers("stance"))
    _, spans = ratings_from(store.answers("ner"))
    return {"stance": stance_agreement(labels), "entities": entity_agreement(spans)}
