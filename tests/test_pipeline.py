"""The library API: documents, offsets, processor order, the language seam."""
import shutil

import pytest

import annotate
from annotate import languages
from annotate.document import Document
from annotate.errors import PipelineError, UnknownLanguageError
from annotate.stanza_resources import BUNDLED_DIR
from annotate.pipeline import Pipeline
from annotate.processors.base import Processor
from conftest import SAMPLE, RegexTokenizer


def assert_offsets_exact(doc: Document):
    assert doc.sentences
    for sent in doc.sentences:
        assert doc.text[sent.start:sent.end] == sent.text
        for tok in sent.tokens:
            assert doc.text[tok.start:tok.end] == tok.text and tok.text.strip() == tok.text and tok.text
            assert sent.start <= tok.start < tok.end <= sent.end


def test_pipeline_splits_sentences_and_surface_tokens(nlp):
    doc = nlp("Menlu RI bertemu Menlu Jepang di Tokyo. Keduanya sepakat memperkuat kerja sama maritim.",
              title="Judul")
    assert [s.text for s in doc.sentences] == ["Menlu RI bertemu Menlu Jepang di Tokyo.",
                                               "Keduanya sepakat memperkuat kerja sama maritim."]
    assert [t.text for t in doc.sentences[0].tokens] == ["Menlu", "RI", "bertemu", "Menlu", "Jepang", "di", "Tokyo", "."]
    assert doc.meta["title"] == "Judul"
    assert {"clean", "sentences", "tokens"} <= doc.annotations


def test_clitics_stay_one_surface_token(nlp):
    tokens = [t.text for t in nlp("Ia membaca bukunya di rumahnya.").tokens]
    assert "bukunya" in tokens and "rumahnya" in tokens


def test_offsets_slice_the_cleaned_text_on_every_sample_page(nlp):
    docs = [Document(p.read_text(encoding="utf-8")) for p in sorted(SAMPLE.glob("*.txt"))]
    for doc in nlp.pipe(docs, batch_size=4):
        assert_offsets_exact(doc)
        assert not any("Pewarta" in s.text or "Baca juga" in s.text for s in doc.sentences)


def test_offsets_survive_unusual_unicode(nlp):
    text = "Cafe\u0301 “AI” — ⅓ 😀 di Jakarta\u200b.\n\nاَلْعَرَبِيَّة dan 中文 ikut.  Tab\tdan\u00a0spasi."
    assert_offsets_exact(nlp(text))


def test_pipe_keeps_order_and_handles_empty_documents(nlp):
    texts = ["Satu kalimat.", "", "Pewarta: Budi", "Kalimat ketiga di sini."]
    docs = list(nlp.pipe(texts, batch_size=2))
    assert [d.text for d in docs] == ["Satu kalimat.", "", "", "Kalimat ketiga di sini."]
    assert [len(d.sentences) for d in docs] == [1, 0, 0, 1]


def test_skipped_documents_keep_their_batches_and_leave_the_output():
    """On resume every batch is the one a clean run makes (its neighbours can move an int8 model's tokens); a batch
    of finished documents alone is not annotated."""
    class BatchRecorder(Processor):
        name, provides = "record", frozenset({"batch"})

        def __init__(self):
            self.batches = []

        def process(self, doc):
            return self.process_batch([doc])[0]

        def process_batch(self, docs):
            self.batches.append([doc.text for doc in docs])
            for doc in docs:
                doc.meta["batch"] = len(self.batches)
            return docs

    texts = [f"dokumen {i}" for i in range(7)]
    clean, resumed = BatchRecorder(), BatchRecorder()
    full = list(Pipeline([clean]).pipe(texts, batch_size=3))
    finished = {"dokumen 0", "dokumen 1", "dokumen 2", "dokumen 4"}
    out = list(Pipeline([resumed]).pipe(texts, batch_size=3, skip=lambda doc: doc.text in finished))
    assert [d.text for d in out] == ["dokumen 3", "dokumen 5", "dokumen 6"]
    assert resumed.batches == clean.batches[1:] == [["dokumen 3", "dokumen 4", "dokumen 5"], ["dokumen 6"]]
    assert [d.meta["batch"] for d in full] == [1, 1, 1, 2, 2, 2, 3]

    # worker processes: the same batches (each worker counts its own, so the batch is told by its members)
    class BatchMembers(BatchRecorder):
        def process_batch(self, docs):
            for doc in docs:
                doc.meta["batch"] = [d.text for d in docs]
            return docs

    from annotate.parallel import parallel_pipe
    out = list(parallel_pipe([Document(t) for t in texts], Pipeline([BatchMembers()]), {}, workers=2, batch_size=3,
                             skip=lambda doc: doc.text in finished))
    assert [(d.text, d.meta["batch"]) for d in out] == [("dokumen 3", clean.batches[1]), ("dokumen 5", clean.batches[1]),
                                                        ("dokumen 6", clean.batches[2])]


def test_processor_order_is_checked():
    class NeedsTokens(Processor):
        name = "needs"
        requires = frozenset({"tokens"})

        def process(self, doc):
            return doc

    with pytest.raises(PipelineError, match="requires \\['tokens'\\]"):
        Pipeline([NeedsTokens(), RegexTokenizer()])
    Pipeline([RegexTokenizer(), NeedsTokens()])


def test_toy_language_plugs_in_without_core_changes():
    nlp = annotate.load_pipeline("xx-toy")
    doc = nlp("TOYJUNK menu line\nHello world. Second one!")
    assert doc.text == "Hello world. Second one!"
    assert [s.text for s in doc.sentences] == ["Hello world.", "Second one!"]
    assert [r.rule for r in doc.removed] == ["toy_junk"]
    assert "xx-toy" in languages.available()


def test_unknown_language_is_a_clear_error():
    with pytest.raises(UnknownLanguageError, match="no language plug-in for 'zz'.*--stanza-dir"):
        annotate.load_pipeline("zz")


def test_any_stanza_resources_directory_runs_an_unregistered_language(tmp_path):
    # A user's own Stanza resources directory, here for a language with no plug-in.
    user_dir = tmp_path / "stanza_resources"
    shutil.copytree(BUNDLED_DIR, user_dir)
    (user_dir / "id").rename(user_dir / "ms")
    resources = (user_dir / "resources.json").read_text().replace('"id"', '"ms"')
    (user_dir / "resources.json").write_text(resources)
    nlp = annotate.load_pipeline("ms", stanza_dir=user_dir)
    doc = nlp("Baca juga: ini tidak dibuang. Kalimat kedua.")
    assert nlp.lang == "ms" and len(doc.sentences) == 2
    assert doc.text.startswith("Baca juga")  # generic cleaning only: Indonesian rules stay with Indonesian


def test_a_long_document_is_tokenized_in_parts_with_exact_offsets(nlp):
    from annotate.processors import tokenize
    def paragraph(i):
        return (f"Pada pertemuan ke-{i}, Menteri Luar Negeri Indonesia bertemu mitranya dari Jepang di Tokyo. "
                f"Keduanya membahas perdagangan senilai {i} miliar dolar.")
    text = ("\n\n".join(paragraph(i) for i in range(300)) + "\n\n"
            + " ".join(paragraph(i) for i in range(300, 450)))  # then one very long paragraph
    assert len(text) > 2 * tokenize.CHUNK_CHARS
    doc = nlp(text)
    assert all(doc.text[t.start:t.end] == t.text for t in doc.tokens)
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)
    assert len(doc.sentences) >= 2 * (300 + 150) - 10  # cuts fall between sentences, not inside them
    starts = [s.start for s in doc.sentences]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


TRICKY_TEXTS = [
    "  Halo  dunia.\n\n\n  \n Ini   kalimat\tkedua!\u0085Ketiga ",
    "Lihat www.kompas.com atau tulis ke redaksi@contoh.id. Harganya 10 000 rupiah.",
    "Satu.\r\n\r\nDua.\n\nTiga",
    "A" * 1500 + ". " + "kata " * 300,
    "“Kami sepakat,” kata Menlu RI di Jakarta, Senin (1/12). (Foto: ANTARA)\n \nBaca juga: berita lain",
    "\u00a0 x",
]


def test_tokens_and_sentences_are_those_of_stanzas_own_tokenizer(nlp, monkeypatch):
    """The tokenizer reads Stanza's predictions itself: the same spans as Stanza's ``bulk_process``, which it
    falls back on for settings it does not build (a dictionary, ``skip_newline``)."""
    from annotate.processors.tokenize import _Paragraphs
    tokenizer = next(p for p in nlp.processors if p.name == "tokenize")
    texts = TRICKY_TEXTS + [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]

    def spans():
        return [[[(t.start, t.end) for t in s.tokens] for s in doc.sentences]
                for doc in tokenizer.process_batch([Document(text) for text in texts])]

    ours = spans()
    monkeypatch.setattr(_Paragraphs, "builds", staticmethod(lambda config: False))
    assert ours == spans()
    assert sum(len(doc) for doc in ours) > 50


def test_batches_are_bounded_by_count_and_characters():
    from annotate.document import Document
    from annotate.pipeline import batches
    docs = [Document("a" * 10) for _ in range(10)] + [Document("b" * 500)] + [Document("c" * 10) for _ in range(3)]
    sizes = [[len(d.text) for d in batch] for batch in batches(docs, batch_size=4, batch_chars=200)]
    assert sizes == [[10] * 4, [10] * 4, [10] * 2, [500], [10] * 3]


def test_only_the_bundled_model_files_are_unpickled_without_weights_only(tmp_path):
    """Opening a pipeline reads the package's own files natively; any other file stays ``weights_only``."""
    import fractions
    import pickle
    import torch
    from annotate.stanza_resources import BUNDLED_DIR, _bundled_files_unpickled_natively
    outside = tmp_path / "model.pt"
    torch.save({"share": fractions.Fraction(1, 3)}, outside)  # not a plain weights file
    with _bundled_files_unpickled_natively():
        with pytest.raises(pickle.UnpicklingError):
            torch.load(outside, weights_only=True)
        assert "model" in torch.load(BUNDLED_DIR / "id" / "tokenize" / "annotate.pt", weights_only=True)
    assert torch.load is not None and torch.load.__name__ == "load"


def test_a_document_too_long_for_one_model_call_tells_its_progress_part_by_part(nlp, monkeypatch):
    from annotate.processors import ner, tokenize
    text = "\n\n".join(f"Menteri Luar Negeri Indonesia bertemu mitranya dari Jepang di Tokyo pada hari ke-{i}. "
                       f"Keduanya membahas perdagangan." for i in range(60))
    whole = nlp(text)
    monkeypatch.setattr(tokenize, "CHUNK_CHARS", 1000)
    monkeypatch.setattr(tokenize, "CALL_CHARS", 1500)
    monkeypatch.setattr(ner, "CALL_TOKENS", 200)
    told = []
    monkeypatch.setattr(nlp, "progress", lambda doc, step, done, total: told.append((step, done, total)))
    doc = nlp(text)
    assert [(s.start, s.end) for s in doc.sentences] == [(s.start, s.end) for s in whole.sentences]
    assert doc.entities == whole.entities
    for step in ("tokenized", "tagged"):
        done = [d for s, d, total in told if s == step]
        assert len(done) >= 3 and done == sorted(done) and done[-1] == len(text.rstrip())
    assert {total for _, _, total in told} == {len(text)}
