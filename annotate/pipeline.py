"""A pipeline runs processors in order over documents."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from annotate.document import Document
from annotate.errors import PipelineError
from annotate.processors.base import Processor, bounded_groups


#: Documents and characters a batch holds at most. The models sort a batch's paragraphs and sentences by length, so
#: a few hundred short documents make batches of like lengths: a fifth less tokenizer time than 64.
BATCH_DOCUMENTS, BATCH_CHARS = 256, 100_000


class Pipeline:
    """Processors checked for order once, then run over documents.

    ``given`` names annotations the input documents already carry (e.g.
    ``{"sentences", "tokens"}`` for pretokenized input).
    """

    def __init__(self, processors: Sequence[Processor], lang: str = "", given: Iterable[str] = ()):
        available: set[str] = set(given)
        for proc in processors:
            missing = proc.requires - available
            if missing:
                raise PipelineError(
                    f"processor {proc.name!r} requires {sorted(missing)}, "
                    f"which no earlier processor provides")
            available |= proc.provides
        self.processors = list(processors)
        self.lang = lang

    @property
    def progress(self) -> Callable[[Document, str, int, int], None] | None:
        """Told ``(document, step, characters done, characters in all)`` as a long document goes through in parts."""
        return self.processors[0].progress if self.processors else None

    @progress.setter
    def progress(self, tell: Callable[[Document, str, int, int], None] | None) -> None:
        for proc in self.processors:
            proc.progress = tell

    def __call__(self, text: str | Document, **meta) -> Document:
        """Annotate one text (or document); keyword arguments become metadata."""
        return next(self.pipe([text if isinstance(text, Document) else Document(text, meta=meta)]))

    def pipe(self, docs: Iterable[str | Document], batch_size: int = BATCH_DOCUMENTS,
             batch_chars: int = BATCH_CHARS, skip: Callable[[Document], bool] | None = None) -> Iterator[Document]:
        """Annotate a stream of texts or documents in order, in batches of ``batch_size`` documents or
        ``batch_chars`` characters, whichever comes first (a long document goes alone).

        ``skip`` marks documents to leave out of the output (a resumed run's finished ones). They still
        count in the batches and are annotated with the rest of theirs, because int8 layers let a batch's
        make-up move a token: every batch is the one a run without ``skip`` makes. A batch of skipped
        documents alone is not annotated.
        """
        stream = (d if isinstance(d, Document) else Document(d) for d in docs)
        for batch in batches(stream, batch_size, batch_chars, skip):
            yield from wanted(self.annotate(batch), skip)

    def annotate(self, batch: list[Document]) -> list[Document]:
        """One batch through every processor: the models see these documents together."""
        for proc in self.processors:
            batch = proc.process_batch(batch)
            for doc in batch:
                doc.annotations |= proc.provides
        return batch


def batches(docs: Iterable[Document], batch_size: int = BATCH_DOCUMENTS, batch_chars: int = BATCH_CHARS,
            skip: Callable[[Document], bool] | None = None) -> Iterator[list[Document]]:
    """Consecutive documents, at most ``batch_size`` or ``batch_chars`` characters at a time (a long one alone);
    with ``skip``, the batches where it marks every document are left out."""
    share = max(1, batch_chars // batch_size)  # each document counts as at least this: batch_size caps the count
    groups = bounded_groups(docs, lambda doc: max(len(doc.text), share), batch_chars)
    return groups if skip is None else (batch for batch in groups if not all(map(skip, batch)))


def wanted(batch: list[Document], skip: Callable[[Document], bool] | None) -> list[Document]:
    """The documents of an annotated batch that ``skip`` does not mark."""
    return batch if skip is None else [doc for doc in batch if not skip(doc)]


def load_pipeline(lang: str = "id", *, stanza_dir: str | Path | None = None,
                  clean: bool = True, ner: bool = True, stance: bool = True, pretokenized: bool = False,
                  int8: bool = True) -> Pipeline:
    """Build the pipeline of a registered language.

    ``stanza_dir`` points at a Stanza resources directory (e.g. official
    downloads) to use instead of the language's bundled models; with it, any
    language Stanza has models for can run. ``clean=False`` leaves the text
    as given (no boilerplate removal); ``ner=False`` skips entity tagging,
    ``stance=False`` the sentence framing;
    ``pretokenized=True`` expects documents that already have sentences and
    tokens (see ``ingest.read_pretokenized``) and only tags them. The Stanza
    models run with dynamic int8 LSTM and linear layers (a third faster,
    dev scores within 0.3: the model card); ``int8=False`` keeps them float.

    >>> nlp = load_pipeline("id")
    >>> doc = nlp("Indonesia dan Jepang menandatangani kerja sama.")
    """
    from annotate import languages
    language = languages.get(lang, stanza_dir=stanza_dir)
    steps = language.processors(stanza_dir=stanza_dir, clean=clean and not pretokenized, ner=ner,
                                stance=stance and not pretokenized, tokenize=not pretokenized)
    if int8:
        for step in steps:
            step.use_int8()
    return Pipeline(steps, lang=language.code, given={"sentences", "tokens"} if pretokenized else ())
