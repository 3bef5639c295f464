"""Reading inputs: formats, encodings, and bad input skipped with a clear message."""
import codecs
import io
import json
import sys

from annotate.ingest import IngestReport, read_documents


def read(paths, **kwargs):
    messages = []
    report = IngestReport(warn=messages.append)
    docs = list(read_documents([str(p) for p in paths], report=report, **kwargs))
    return docs, report, messages


def test_txt_is_one_document_with_its_path(tmp_path):
    (tmp_path / "a.txt").write_text("Satu.\nDua.", encoding="utf-8")
    docs, report, messages = read([tmp_path / "a.txt"])
    assert [d.text for d in docs] == ["Satu.\nDua."]
    assert docs[0].meta["path"].endswith("a.txt")
    assert report.documents == 1 and not messages


def test_encodings_utf8_bom_utf16_and_cp1252_fallback(tmp_path):
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + "Kafé BOM.".encode())
    (tmp_path / "u16.txt").write_bytes("Teks UTF-16 — ok.".encode("utf-16"))
    (tmp_path / "u16be.txt").write_bytes(codecs.BOM_UTF16_BE + "Big endian.".encode("utf-16-be"))
    (tmp_path / "win.txt").write_bytes("Kafé “kutip”.".encode("cp1252"))
    docs, _, messages = read([tmp_path / n for n in ("bom.txt", "u16.txt", "u16be.txt", "win.txt")])
    assert [d.text for d in docs] == ["Kafé BOM.", "Teks UTF-16 — ok.", "Big endian.", "Kafé “kutip”."]
    assert messages == [f"warning: {tmp_path / 'win.txt'}: not valid UTF-8; decoded as cp1252"]


def test_jsonl_fields_become_metadata(tmp_path):
    rows = [{"id": 7, "text": "Halo.", "title": "Judul", "url": "http://x", "date": "2025-01-02",
             "source": "KabarDunia", "rubrik": "dunia"}]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    [doc], _, _ = read([tmp_path / "d.jsonl"])
    assert doc.id == "7" and doc.text == "Halo."
    assert doc.meta["title"] == "Judul" and doc.meta["url"] == "http://x" and doc.meta["date"] == "2025-01-02"
    assert doc.meta["source"] == "KabarDunia" and doc.meta["extra"] == {"rubrik": "dunia"}
    assert doc.meta["path"].endswith("d.jsonl:1")


def test_csv_and_tsv_text_column(tmp_path):
    (tmp_path / "a.csv").write_text('url,text\nhttp://a,"Satu, dua.\nBaris dua."\n', encoding="utf-8")
    (tmp_path / "b.tsv").write_text("text\turl\nTiga.\thttp://b\n", encoding="utf-8")
    docs, _, messages = read([tmp_path / "a.csv", tmp_path / "b.tsv"])
    assert [(d.text, d.meta["url"]) for d in docs] == [("Satu, dua.\nBaris dua.", "http://a"), ("Tiga.", "http://b")]
    assert not messages


def test_directories_are_read_recursively_in_order_and_globs_expand(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "z.txt").write_text("Z.")
    (tmp_path / "b" / "a.txt").write_text("A.")
    (tmp_path / "b" / "gambar.png").write_bytes(b"\x89PNG")
    docs, report, _ = read([tmp_path / "b"])
    assert [d.text for d in docs] == ["A.", "Z."] and report.ignored_files == 1
    docs, _, _ = read([f"{tmp_path}/**/*.txt"])
    assert sorted(d.text for d in docs) == ["A.", "Z."]


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "Dari stdin."}\n')))
    [doc] = list(read_documents(["-"]))
    assert doc.text == "Dari stdin." and doc.meta["path"] == "<stdin>:1"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Teks biasa.\n".encode())))
    [doc] = list(read_documents(["-"]))
    assert doc.text == "Teks biasa.\n"


def test_bad_inputs_are_skipped_with_one_line_each_and_the_rest_is_read(tmp_path):
    (tmp_path / "ok.txt").write_text("Baik.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03ELF")
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "bad.jsonl").write_text('{"text": "Baik juga."}\n{rusak\n[1, 2]\n{"title": "tanpa teks"}\n')
    (tmp_path / "nocol.csv").write_text("judul,isi\na,b\n")
    (tmp_path / "emptyrow.csv").write_text("text\n\nBaris.\n\"\"\n")
    paths = [tmp_path / n for n in ("ok.txt", "binary.txt", "empty.txt", "bad.jsonl", "nocol.csv", "emptyrow.csv")]
    docs, report, messages = read(paths + [tmp_path / "missing.txt"])
    assert [d.text for d in docs] == ["Baik.", "Baik juga.", "Baris."]
    assert len(messages) == len(report.skipped) == 8
    joined = "\n".join(messages)
    assert "binary.txt: binary file" in joined
    assert "empty.txt: empty file" in joined
    assert "bad.jsonl:2: malformed JSON" in joined
    assert "bad.jsonl:3: not a JSON object" in joined
    assert "bad.jsonl:4: no non-empty string field 'text'" in joined
    assert "nocol.csv: no 'text' column (columns: judul, isi)" in joined
    assert "emptyrow.csv:4: empty 'text' column" in joined
    assert "missing.txt: no such file" in joined
    assert all("Traceback" not in m for m in messages)
    assert "skipped 8" in report.summary()


def test_document_estimate_gives_progress_a_total(tmp_path):
    from annotate.ingest import estimate_documents
    (tmp_path / "a.txt").write_text("Satu.")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n{"text": "z"}\n')
    (tmp_path / "c.csv").write_text("text\nsatu\ndua\n")
    assert estimate_documents([str(tmp_path)]) == 1 + 3 + 2
    assert estimate_documents(["-"]) is None
