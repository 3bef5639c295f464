"""Actor linking: which state, organisation or office holder each mention of a sentence denotes."""
from __future__ import annotations

from dataclasses import replace

from annotate.actors import ActorTable, iso_date
from annotate.document import Document
from annotate.processors.base import Processor


class ActorLinker(Processor):
    """Set ``sentence.actors`` from a language's ``ActorTable`` (and the sentence's entities, when tagged).

    The document's ``date`` metadata picks the office holders in office then;
    a person linked once is linked again by name or surname later in the document.
    """

    name = "actors"
    requires = frozenset({"sentences", "tokens"})
    provides = frozenset({"actors"})

    def __init__(self, table: ActorTable):
        self.table = table

    def process(self, doc: Document) -> Document:
        date, people = iso_date(doc.meta.get("date")), {}
        for sent in doc.sentences:
            entities = [{"start": e.start - sent.start, "end": e.end - sent.start, "label": e.label}
                        for e in sent.entities or ()]
            sent.actors = [replace(m, start=m.start + sent.start, end=m.end + sent.start)
                           for m in self.table.link(sent.text, entities, date, people)]
        return doc
