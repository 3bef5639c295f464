"""A document's stance from its sentences' stances."""
from __future__ import annotations

from typing import Iterable


def document_stance(sentence_labels: Iterable[str]) -> str:
    """Aggregate sentence labels into one document label.

    Only framed sentences count (``mixed`` counts half to each side). No
    framed sentence: ``neutral``. Both sides present with the smaller at
    least half the larger: ``mixed``. Otherwise the larger side.
    """
    labels = list(sentence_labels)
    half = 0.5 * labels.count("mixed")
    cooperation = labels.count("cooperation") + half
    competition = labels.count("competition") + half
    if not cooperation and not competition:
        return "neutral"
    if min(cooperation, competition) * 2 >= max(cooperation, competition):
        return "mixed"
    return "cooperation" if cooperation > competition else "competition"
