"""The language check: documents in another language than --lang are named, recorded, and can be left out."""
import datasets
import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.ingest import IngestReport, read_documents
from annotate.langid import MIN_WORDS, LanguageCheck, check_documents
from conftest import ROOT, SAMPLE

ENGLISH = ("The United States widened its restrictions on exports of advanced chips on Tuesday. "
           "Officials said the rules were needed to stop the chips from reaching military users. "
           "Beijing condemned the move and promised to protect the rights of its companies.")
MALAY = ("Kerajaan Malaysia akan memperkenalkan dasar baharu mengenai kecerdasan buatan tahun hadapan. "
         "Perdana Menteri berkata syarikat tempatan perlu bersedia menghadapi persaingan teknologi serantau. "
         "Kenyataan itu dikeluarkan oleh Wisma Putra selepas mesyuarat kabinet pada petang semalam.")
INDONESIAN = ("Pemerintah Indonesia dan Jepang sepakat memperluas kerja sama patroli maritim di perairan Asia Tenggara. "
              "Kedua negara juga akan berbagi data kapal yang melintas di jalur pelayaran internasional. "
              "Menteri Luar Negeri RI mengatakan kerja sama itu penting bagi stabilitas kawasan.")


@pytest.fixture(scope="module")
def check():
    return LanguageCheck("id", "Indonesian")


def test_other_languages_are_named_and_indonesian_is_not_flagged(check):
    english, malay, indonesian = check(ENGLISH), check(MALAY), check(INDONESIAN)
    assert (english.lang, malay.lang, indonesian.lang) == ("en", "ms", "id")
    assert check.other(english) and check.other(malay) and not check.other(indonesian)
    assert check.message(english) == "looks like English (en), not Indonesian (id)"
    assert check.message(malay) == "looks like Malay (ms), not Indonesian (id)"


def test_team_written_indonesian_documents_are_never_flagged(check):
    docs = list(read_documents([str(SAMPLE), str(ROOT / "corpora" / "html" / "*.html")],
                               report=IngestReport(warn=lambda message: None)))
    flagged = {doc.meta["path"] for doc in docs if check.other(check(doc.text))}
    assert len(docs) > 20 and flagged == {str(ROOT / "corpora" / "html" / "08-archipelago-post-english.html")}


def test_short_texts_are_not_judged(check):
    short = "Thank you very much for reading this."  # English, under MIN_WORDS words
    assert len(short.split()) < MIN_WORDS
    verdict = check(short)
    assert verdict.lang is None and not check.other(verdict)
    assert check("1234 5678 9012 3456 7890 1234 5678 9012 3456 7890 1234 5678").lang is None


def test_check_documents_warns_once_per_document_or_skips(check):
    from annotate.document import Document
    docs = [Document(INDONESIAN, meta={"path": "a.txt"}), Document(ENGLISH, meta={"path": "b.txt"}),
            Document("Hello there.", meta={"path": "c.txt"})]
    messages = []
    report = IngestReport(warn=messages.append)
    kept = list(check_documents(docs, LanguageCheck("id", "Indonesian"), report))
    assert [d.meta["lang"] for d in kept] == ["id", "en", None]
    assert messages == ["warning: b.txt: looks like English (en), not Indonesian (id)"]
    skipping = LanguageCheck("id", "Indonesian")
    kept = list(check_documents(docs, skipping, report, skip=True))
    assert [d.meta["path"] for d in kept] == ["a.txt", "c.txt"] and skipping.others == 1
    assert report.skipped == ["b.txt: looks like English (en), not Indonesian (id)"]


def test_a_language_the_identifier_does_not_know_is_not_checked():
    assert not LanguageCheck("xx-toy").available and LanguageCheck("id").available


def test_run_warns_records_lang_and_skip_other_languages_leaves_them_out(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "id.txt").write_text(INDONESIAN, encoding="utf-8")
    (inputs / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (inputs / "ms.txt").write_text(MALAY, encoding="utf-8")
    (inputs / "pendek.txt").write_text("Thank you for reading.", encoding="utf-8")
    common = ["run", str(inputs), "--no-ner", "--no-stance", "-j", "1", "-q", "--split-ratios", "1"]
    runner = CliRunner()
    kept = runner.invoke(main, [*common, "--out", str(tmp_path / "kept")], catch_exceptions=False)
    assert kept.exit_code == 0, kept.output
    warnings = [line for line in kept.stderr.splitlines() if "looks like" in line]
    assert warnings == [f"warning: {inputs / 'en.txt'}: looks like English (en), not Indonesian (id)",
                        f"warning: {inputs / 'ms.txt'}: looks like Malay (ms), not Indonesian (id)"]
    assert "2 documents look like another language than id: kept" in kept.stderr
    rows = datasets.load_dataset(str(tmp_path / "kept"))["train"]
    assert {(row["path"].rsplit("/", 1)[1], row["lang"]) for row in rows} == {
        ("id.txt", "id"), ("en.txt", "en"), ("ms.txt", "ms"), ("pendek.txt", None)}

    skipped = runner.invoke(main, [*common, "--out", str(tmp_path / "skipped"), "--skip-other-languages"],
                            catch_exceptions=False)
    assert skipped.exit_code == 0, skipped.output
    assert f"skipped {inputs / 'en.txt'}: looks like English (en), not Indonesian (id)" in skipped.stderr
    assert "skipped 2 (see messages above)" in skipped.stderr
    assert "2 documents look like another language than id: left out" in skipped.stderr
    rows = datasets.load_dataset(str(tmp_path / "skipped"))["train"]
    assert {row["path"].rsplit("/", 1)[1] for row in rows} == {"id.txt", "pendek.txt"}
