"""HTML input: the article of a page, its metadata, markup in plain text, and bad pages skipped in one line."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from annotate import htmlpage
from annotate.cleaning import GENERIC_RULES, clean
from annotate.cli import main
from annotate.ingest import IngestReport, read_documents
from conftest import ROOT

PAGES = ROOT / "corpora" / "html"
KABAR = PAGES / "01-kabardunia-tata-kelola-ai.html"
WARTA = PAGES / "03-warta-resolusi-pbb.html"

# A team-written page: menu, style, scripts, comments, a "Baca juga" box, share buttons, entities, credits.
PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Menlu RI dan Menlu Jepang Bahas Patroli Maritim | Harian Republik Online</title>
<meta property="og:site_name" content="Harian Republik Online">
<meta name="author" content="Siti Rahmawati">
<meta property="article:published_time" content="2025-08-05T09:00:00+07:00">
<link rel="canonical" href="https://internasional.harianrepublik.co.id/berita/abc/menlu-ri-jepang">
<style>.menu { color: red }</style>
<script>var tracker = "JANGAN_TAMPIL"; window.ads = [];</script>
</head><body>
<!-- menu atas: JANGAN_TAMPIL -->
<ul class="menu"><li><a href="/">Beranda</a></li><li><a href="/dunia">Dunia</a></li><li><a href="/ekonomi">Ekonomi</a></li></ul>
<article>
<h1>Menlu RI dan Menlu Jepang Bahas Patroli Maritim</h1>
<p><b>HARIANREPUBLIK.CO.ID, TOKYO</b> -- Menteri Luar Negeri RI bertemu Menteri Luar Negeri Jepang di Tokyo untuk membahas patroli maritim bersama di perairan Asia Tenggara.</p>
<p>Kedua menteri sepakat memperluas latihan penjaga pantai &amp; berbagi data kapal yang melintas di jalur pelayaran internasional.</p>
<div class="baca-juga"><strong>Baca juga:</strong> <a href="/x">Jepang Tambah Bantuan Kapal Patroli</a></div>
<p>&#8220;Kerja sama ini penting bagi stabilitas kawasan,&#8221; kata Menlu RI seusai pertemuan yang berlangsung selama dua jam.</p>
<script>document.write("JANGAN_TAMPIL");</script>
<p>Pewarta: Budi Santoso</p>
</article>
<div class="share">Bagikan: <a>Facebook</a> <a>X</a> <a>WhatsApp</a></div>
<footer><p>Copyright &copy; 2025 harianrepublik.co.id. All rights reserved.</p></footer>
</body></html>
"""
ARTICLE = [
    "Menlu RI dan Menlu Jepang Bahas Patroli Maritim",
    "Menteri Luar Negeri RI bertemu Menteri Luar Negeri Jepang di Tokyo untuk membahas patroli maritim bersama di "
    "perairan Asia Tenggara.",
    "Kedua menteri sepakat memperluas latihan penjaga pantai & berbagi data kapal yang melintas di jalur pelayaran "
    "internasional.",
    "“Kerja sama ini penting bagi stabilitas kawasan,” kata Menlu RI seusai pertemuan yang berlangsung selama dua jam.",
]


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def read(paths, **kwargs):
    messages = []
    docs = list(read_documents([str(p) for p in paths], report=IngestReport(warn=messages.append), **kwargs))
    return docs, messages


def test_clean_prints_the_article_not_menus_scripts_or_boxes(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    result = invoke("clean", tmp_path / "page.html")
    assert result.exit_code == 0, result.output
    text = result.stdout.split("\n", 1)[1].strip()
    assert text == "\n\n".join(ARTICLE)
    for junk in ("JANGAN_TAMPIL", "Beranda", "Baca juga", "Bagikan", "Pewarta", "Copyright", "<", "&amp;", "&#8220;"):
        assert junk not in text


def test_page_metadata_title_without_site_name_date_url_author(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [doc], messages = read([tmp_path / "page.html"])
    assert doc.meta["title"] == "Menlu RI dan Menlu Jepang Bahas Patroli Maritim"
    assert doc.meta["date"] == "2025-08-05" and doc.meta["author"] == "Siti Rahmawati"
    assert doc.meta["url"] == "https://internasional.harianrepublik.co.id/berita/abc/menlu-ri-jepang"
    assert not messages
    [kabar], _ = read([KABAR])
    assert (kabar.meta["title"], kabar.meta["date"], kabar.meta["author"]) == (
        "Indonesia Dorong Tata Kelola AI yang Inklusif di Forum PBB", "2025-09-24", "Rina Hapsari")


@pytest.mark.parametrize("title, site, url", [
    ("Harga Beras Naik Lagi - Kompas.com", None, "https://money.kompas.com/read/1"),
    ("Harga Beras Naik Lagi | Republika Online", None, "https://ekonomi.republika.co.id/berita/1"),
    ("Harga Beras Naik Lagi - detikNews", None, "https://news.detik.com/berita/d-1"),
    ("Harga Beras Naik Lagi - ANTARA News", None, "https://www.antaranews.com/berita/1"),
    ("Harga Beras Naik Lagi | tempo.co", None, None),
    ("Harga Beras Naik Lagi | Warta Kita", "Warta Kita", None),
    ("Kompas.com - Harga Beras Naik Lagi", None, "https://www.kompas.com/x"),
])
def test_the_site_name_is_cut_from_titles(title, site, url):
    assert htmlpage.site_title(title, site, url) == "Harga Beras Naik Lagi"


@pytest.mark.parametrize("title, url", [
    ("Indonesia - Jepang Sepakati Patroli Bersama", "https://www.cnnindonesia.com/x"),
    ("RI-Australia Perluas Kerja Sama - Pertanian", "https://kompas.com/x"),
])
def test_other_parts_of_titles_are_kept(title, url):
    assert htmlpage.site_title(title, None, url) == title


def test_html_in_a_jsonl_text_field_is_read_as_a_page_and_record_fields_win(tmp_path):
    records = [{"id": "r1", "title": "Judul dari scraper", "text": PAGE},
               {"id": "r2", "text": "Teks biasa tentang <b>kerja sama</b> maritim.", "author": "Ani"}]
    (tmp_path / "scraped.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    page, plain = read([tmp_path / "scraped.jsonl"])[0]
    assert all(sentence in page.text for sentence in ARTICLE[1:]) and "Beranda" not in page.text
    assert page.meta["title"] == "Judul dari scraper" and page.meta["date"] == "2025-08-05"
    assert page.meta["author"] == "Siti Rahmawati"
    assert plain.text == records[1]["text"] and plain.meta["author"] == "Ani"  # one tag: left to the cleaner


def test_input_format_html_and_txt(tmp_path):
    (tmp_path / "saved.txt").write_text(PAGE, encoding="utf-8")
    as_html = invoke("clean", tmp_path / "saved.txt", "--input-format", "html")
    assert as_html.stdout.split("\n", 1)[1].strip() == "\n\n".join(ARTICLE)
    as_text = invoke("clean", tmp_path / "saved.txt", "--input-format", "txt")
    assert "\n\nDunia\n\nEkonomi\n\n" in as_text.stdout  # read as text, the menu stays; its tags and scripts go
    assert "<li>" not in as_text.stdout and "JANGAN_TAMPIL" not in as_text.stdout
    records = tmp_path / "pages.jsonl"
    records.write_text(json.dumps({"id": "p", "html": PAGE}) + "\n", encoding="utf-8")
    from_jsonl = invoke("clean", records, "--input-format", "html", "--text-field", "html", "--jsonl")
    record = json.loads(from_jsonl.stdout)
    assert record["text"] == "\n\n".join(ARTICLE) and record["title"] == ARTICLE[0]
    assert (record["date"], record["author"]) == ("2025-08-05", "Siti Rahmawati")
    stdin = invoke("clean", "-", "--input-format", "html", input=PAGE)
    assert stdin.stdout.split("\n", 1)[1].strip() == "\n\n".join(ARTICLE)


def test_markup_in_plain_text_is_removed_entities_decoded_and_recorded():
    text = ("Menteri &amp; Wakil Menteri bertemu.<br>Mereka &#8220;sepakat&#8221;&nbsp;bekerja sama.\n"
            "<!-- iklan -->Nilai ekspor naik <b>5</b> persen, x < 5 dan <Jakarta> tetap; R&D AT&T.\n"
            "<script>var iklan = 1;\n</script>Baris terakhir.")
    result = clean(text, GENERIC_RULES)
    assert result.text.split("\n\n") == [
        "Menteri & Wakil Menteri bertemu.", "Mereka “sepakat” bekerja sama.",
        "Nilai ekspor naik 5 persen, x < 5 dan <Jakarta> tetap; R&D AT&T.", "Baris terakhir."]
    removed = {(r.line, r.rule, r.text) for r in result.removed}
    assert (1, "entity", "&amp;") in removed and (1, "entity", "&#8220; &#8221; &nbsp;") in removed
    assert (1, "markup", "<br>") in removed and (2, "markup", "<!-- iklan --> <b> </b>") in removed
    assert (3, "markup", "<script>var iklan = 1; </script>") in removed


def test_show_removed_accounts_for_what_extraction_and_rules_dropped():
    result = invoke("clean", WARTA, "--show-removed")
    assert result.exit_code == 0
    listing = result.stdout.split("--- removed", 1)[1].splitlines()[1:]
    assert listing[0].startswith("line    0 [html] kept the article, ")
    assert "of markup, scripts and styles" in listing[0]
    page_lines = WARTA.read_text(encoding="utf-8").split("\n")
    seen = set()
    for entry in listing[1:]:
        if not entry.strip():
            continue
        number, rule, text = int(entry[5:9]), entry[11:entry.index("]")], entry[entry.index("]") + 2:]
        seen.add(rule)
        flat = " ".join(page_lines[number - 1].replace("&amp;", "&").split())
        assert text.split()[0] in flat, entry  # every removal names the page line it came from
    assert {"html-text", "dateline", "read_also", "credit"} <= seen
    assert "[html-text] Dewan Keamanan PBB gagal sepakati gencatan senjata" in result.stdout


@pytest.mark.parametrize("name, content, message", [
    ("kosong.html", b"", "empty file"),
    ("tanpa-isi.html", b"<html><head><title>Judul</title></head><body></body></html>", "no article text in the HTML"),
    ("indeks.html", (PAGES / "09-portalberita-indeks-tanpa-artikel.html").read_bytes(),
     "only short lines such as menus or link lists"),
    ("biner.html", b"\x00\x01\x02\xff<html>", "binary file"),
    ("rusak.html", b"<html><body><div><p>Satu <b>dua <<<< >>>", "no article text in the HTML"),
])
def test_a_page_without_an_article_is_one_clear_line_not_a_traceback(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    result = invoke("clean", tmp_path / name)
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"skipped {tmp_path / name}: {lines[0].split(': ', 1)[1]}" and message in lines[0]
    assert len(lines) == 3 and lines[2] == "Error: no document could be read from the inputs"
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_parser_failure_is_a_skipped_page(tmp_path, monkeypatch):
    import trafilatura

    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    (tmp_path / "dalam.html").write_text(PAGE, encoding="utf-8")
    docs, messages = read([tmp_path / "dalam.html"])
    assert docs == [] and messages == [f"skipped {tmp_path / 'dalam.html'}: the HTML could not be parsed "
                                       f"(RecursionError: maximum recursion depth exceeded)"]


def test_encodings_declared_charset_and_undecodable_bytes(tmp_path):
    [page], messages = read([PAGES / "11-mediakepri-pusat-data-cp1252.html"])  # windows-1252, declared in <meta>
    assert "“Batam punya posisi strategis" in page.text and not messages
    undeclared = PAGE.replace('<meta charset="utf-8">', "").replace("Kedua menteri", "Kedua menteri (café)")
    (tmp_path / "lama.html").write_bytes(undeclared.encode("cp1252"))
    [doc], messages = read([tmp_path / "lama.html"])
    assert "(café)" in doc.text
    assert messages == [f"warning: {tmp_path / 'lama.html'}: not valid UTF-8; decoded as cp1252"]


def test_team_written_pages_are_extracted_well():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import evaluate_html
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    rows = evaluate_html.evaluate(PAGES, "id")
    precision, recall, f1 = rows["+ cleaning rules"].figures()
    assert f1 >= 0.95 and recall >= 0.95
    assert f1 > rows["trafilatura alone"].figures()[2]
    assert rows["+ annotate.htmlpage"].titles == 10 and rows["+ annotate.htmlpage"].rejected == 1


def test_help_imports_neither_trafilatura_nor_the_identifier_nor_torch():
    code = ("import sys; from click.testing import CliRunner; from annotate.cli import main; "
            "assert CliRunner().invoke(main, ['run', '--help']).exit_code == 0; "
            "print(sorted(m for m in ('trafilatura', 'py3langid', 'torch', 'lxml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
