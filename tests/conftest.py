import re
from pathlib import Path

import pytest

from annotate import languages
from annotate.cleaning import GENERIC_RULES
from annotate.document import Document, Sentence, Token
from annotate.languages.base import Language
from annotate.processors.base import Processor
from annotate.processors.clean import Cleaner

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"


@pytest.fixture(scope="session")
def nlp():
    """The real Indonesian pipeline with the bundled Stanza tokenizer (loaded once)."""
    import annotate
    return annotate.load_pipeline("id")


@pytest.fixture(scope="session")
def dataset(tmp_path_factory, nlp):
    """The bundled sample run through the real pipeline (built once; do not modify it)."""
    from annotate.run import run
    out = tmp_path_factory.mktemp("ds") / "sample"
    run([str(SAMPLE)], out, pipeline=nlp, progress=False)
    return out


class RegexTokenizer(Processor):
    """A toy tokenizer: sentences end at . ! ?, tokens are words or single symbols."""

    name = "tokenize"
    provides = frozenset({"sentences", "tokens"})

    def process(self, doc: Document) -> Document:
        doc.sentences = []
        for m in re.finditer(r"[^.!?\s][^.!?]*[.!?]?", doc.text):
            tokens = [Token(t.start(), t.end(), t.group()) for t in re.finditer(r"\w+|[^\w\s]", m.group())]
            tokens = [Token(m.start() + t.start, m.start() + t.end, t.text) for t in tokens]
            if tokens:
                doc.sentences.append(Sentence(tokens[0].start, tokens[-1].end, doc.text[tokens[0].start:tokens[-1].end], tokens))
        return doc


class Toy(Language):
    """A language registered by the tests only: proves a language needs no core change."""

    code = "xx-toy"
    name = "Toy"
    cleaning = GENERIC_RULES.extend(line_rules=[("toy_junk", re.compile(r"^TOYJUNK"))])

    def processors(self, *, stanza_dir=None, clean=True, tokenize=True, ner=True, stance=True):
        return ([Cleaner(self.cleaning)] if clean else []) + ([RegexTokenizer()] if tokenize else [])


languages.register(Toy)
