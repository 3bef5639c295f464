"""Broken and hostile input: arbitrary bytes and Unicode, huge lines, many files, deep trees, symlink loops,
escape sequences aimed at the terminal, a full or read-only disk. Each is processed with correct offsets or
skipped with a clear message; nothing crashes, memory stays bounded."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pexpect
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from annotate.annotation.tui import highlight
from annotate.dataset import sentence_rows
from annotate.ingest import IngestReport, read_documents
from annotate.pipeline import load_pipeline
from annotate.run import run
from annotate.schema import features
from annotate.terminal import safe

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Anything that can act on a terminal: C0/C1 controls but tab and newline, and bidi controls.
TERMINAL_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
WORDS = ["Menlu", "RI", "bertemu", "Jepang", "di", "Tokyo", ".", "Kerja", "sama", "AI", "chip", "AS-Tiongkok", ",",
         "\n", "\n\n", " ", "  ", "!", "?", "“kutipan”", "(PBB)", "Rp1,5", "triliun", "2025", "e-mail"]
ODD = ["\u0301", "\u200b", "\u200d", "\u202e", "\u05d0\u05d1", "\u0627\u0644", "\ufeff", "\x00", "\x1b[31m", "\r",
       "\ufffd", "🇮🇩", "👩‍💻", "ﷺ", "\u00ad", "ǅ", "\U0010ffff", "\t"]


def _read(path: Path, **options) -> tuple[list, IngestReport]:
    report = IngestReport(warn=lambda message: None)
    return list(read_documents([str(path)], report=report, **options)), report


# Arbitrary bytes and Unicode --------------------------------------------------------------------------------------

@PROPERTY
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".jsonl", ".csv", ".tsv"]))
@example(b"Menlu \xed\xa0\x80 bertemu \xf0\x28\x8c\x28 mitra.", ".txt")  # an encoded surrogate, broken UTF-8
@example(b'{"text": "Menlu \xed\xa0\x80 bertemu", "title": "\\udc00"}', ".jsonl")
@example(b"\xff\xfeM\x00\x00\xd8", ".txt")  # UTF-16 with a lone high surrogate
def test_any_bytes_are_read_as_valid_text_or_skipped_with_a_message(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        docs, report = _read(path)
    for doc in docs:
        doc.text.encode("utf-8")  # strict: no lone surrogate can reach the dataset
        json.dumps(doc.meta, ensure_ascii=False).encode("utf-8")
        assert doc.text.strip()
    assert docs or report.skipped


@st.composite
def jsonl_lines(draw):
    """A JSONL file's lines: records with arbitrary text (lone surrogates, NULs included), or broken lines."""
    text = st.text(st.characters(), min_size=1, max_size=200)  # st.characters() includes surrogates
    record = st.fixed_dictionaries({"text": text}, optional={"id": text, "title": text, "url": text,
                                                             "nested": st.lists(text, max_size=3)})
    return draw(st.lists(st.one_of(
        record.map(lambda r: json.dumps(r).encode()),  # ensure_ascii: surrogates travel as \ud800 escapes
        record.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
        st.binary(min_size=1, max_size=80).map(lambda b: b"#" + b.replace(b"\n", b" ").replace(b"\r", b" ")),
        st.just(b'{"text": "   "}'), st.just(b"[1, 2]")), min_size=1, max_size=12))


@PROPERTY
@given(jsonl_lines())
def test_every_jsonl_line_is_a_document_or_one_clear_message(lines):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        docs, report = _read(path)
    if report.skipped and "binary file" in report.skipped[0]:
        assert not docs and len(report.skipped) == 1
        return
    assert len(docs) + len(report.skipped) == len(lines)
    assert all(re.match(r".*news\.jsonl:\d+: ", message) for message in report.skipped)
    for doc in docs:
        doc.text.encode("utf-8")
        json.dumps(doc.meta, ensure_ascii=False).encode("utf-8")
        doc.id.encode("utf-8")


@PROPERTY
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=12)), max_size=60))
def test_any_unicode_text_gets_exact_offsets_and_valid_rows(nlp, pieces):
    doc = nlp("".join(pieces))
    arrow = features().arrow_schema
    previous_end = 0
    for sent in doc.sentences:
        assert doc.text[sent.start:sent.end] == sent.text and sent.start >= previous_end
        previous_end = sent.end
        assert len(sent.ner_tags) == len(sent.tokens) and sent.stance is not None
        last = sent.start
        for token in sent.tokens:
            assert token.text and doc.text[token.start:token.end] == token.text and last <= token.start
            last = token.end
        for entity in sent.entities:
            assert doc.text[entity.start:entity.end] == entity.text and sent.start <= entity.start < entity.end <= sent.end
    rows = [features().encode_example(row) for row in sentence_rows(doc)]
    pa.Table.from_pylist(rows, schema=arrow)  # what the dataset writer does: any text must fit the schema


# Huge lines, many files, deep trees, symlink loops -----------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
def test_a_50_mb_single_line_is_skipped_with_a_message_in_bounded_memory(tmp_path, suffix):
    path = tmp_path / f"huge{suffix}"
    head = {".txt": b"", ".jsonl": b'{"text": "', ".csv": b"text\n"}[suffix]
    with open(path, "wb") as f:
        f.write(head)
        for _ in range(50):
            f.write(b"Indonesia dan Jepang sepakat. " * 34_953)  # ~1 MB a write, 50 MB on one line
        f.write(b'"}\n{"text": "Kalimat pendek berikutnya."}\n' if suffix == ".jsonl" else b"\nKalimat pendek.\n")
    assert path.stat().st_size > 50_000_000
    tracemalloc.start()
    docs, report = _read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20_000_000, f"peak {peak / 1e6:.1f} MB while skipping a 50 MB line"
    assert len(report.skipped) == 1 and "longer than 1,000,000 characters" in report.skipped[0]
    assert [doc.text.strip() for doc in docs] == {".txt": [], ".jsonl": ["Kalimat pendek berikutnya."],
                                                  ".csv": ["Kalimat pendek."]}[suffix]


def test_thousands_of_tiny_files_and_a_very_deep_tree_are_all_read(tmp_path):
    root = tmp_path / "in"
    for i in range(3000):
        folder = root / f"{i % 37:02d}" / f"{i % 11:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:05d}.txt").write_text(f"Berita nomor {i}. Menlu bertemu mitra ke-{i}.")
    deep = root
    for level in range(400):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text("Berita di folder terdalam.")
    fds = len(os.listdir("/proc/self/fd"))
    nlp = load_pipeline("id", ner=False, stance=False)
    summary = run([str(root)], tmp_path / "out", pipeline=nlp, progress=False)
    assert summary.documents == 3001 and not summary.report.skipped
    assert len(os.listdir("/proc/self/fd")) <= fds + 2  # no file left open


def test_a_run_over_a_mess_of_broken_inputs_writes_the_good_documents_and_names_the_bad(tmp_path, capsys):
    mess = tmp_path / "mess"
    (mess / "deep" / "er").mkdir(parents=True)
    (mess / "baik.txt").write_text("Menlu RI bertemu Menlu Jepang di Tokyo. Keduanya sepakat bekerja sama.")
    (mess / "latin.txt").write_bytes("Kerja sama ekonomi dibahas di Brasília, kata menteri.".encode("cp1252"))
    (mess / "rusak.txt").write_bytes(b"Menlu \xed\xa0\x80 bertemu \xc3 mitra di Jakarta.")
    (mess / "biner.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (mess / "kosong.txt").write_text(" \n")
    (mess / "raksasa.txt").write_text("Kalimat panjang sekali. " * 50_000)
    (mess / "deep" / "er" / "baris.jsonl").write_text('{"text": "AS dan Tiongkok bersaing chip."}\nbukan json\n'
                                                     '{"text": "\\ud800 Lone surrogate di teks."}\n')
    (mess / "deep" / "er" / "loop").symlink_to(mess, target_is_directory=True)
    (mess / "\x1b[2Jlayar.txt").write_text("")
    nlp = load_pipeline("id", ner=False, stance=False)
    summary = run([str(mess)], tmp_path / "out", pipeline=nlp, progress=False, max_chars=1_000_000 // 2)
    assert summary.documents == 5  # baik, latin, rusak and the two good JSONL lines
    problems = "\n".join(summary.report.skipped)
    for name, why in [("biner.txt", "binary file"), ("kosong.txt", "empty file"), ("raksasa.txt", "longer than 500,000"),
                      ("baris.jsonl:2", "malformed JSON"), ("layar.txt", "empty file")]:
        assert re.search(f"{re.escape(name)}: {why}", problems), (name, problems)
    stderr = capsys.readouterr().err
    assert "\x1b" not in stderr and "?[2Jlayar.txt: empty file" in stderr


@st.composite
def trees(draw):
    """A directory tree of small files, folders and symlinks (loops, dangling, to files), as (kind, path, target)."""
    names = st.sampled_from(["a", "b", "c", "d.txt", "e.txt", "f.jsonl", "g.md", "h.bin"])
    entries = []
    for _ in range(draw(st.integers(1, 25))):
        parts = draw(st.lists(names, min_size=1, max_size=6))
        kind = draw(st.sampled_from(["file", "file", "dir", "loop", "dangling", "filelink"]))
        up = draw(st.integers(0, len(parts) - 1))
        entries.append((kind, parts, up, draw(st.sampled_from(["", " \n", "Berita singkat.", "{\"text\": \"x\"}"]))))
    return entries


@PROPERTY
@given(trees())
def test_any_tree_with_symlink_loops_is_walked_once_without_error(entries):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        for kind, parts, up, content in entries:
            path = root.joinpath(*parts)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if kind == "file":
                    path.write_text(content)
                elif kind == "dir":
                    path.mkdir()
                elif kind == "loop":  # a link to one of its own ancestors
                    path.symlink_to(root.joinpath(*parts[:up]), target_is_directory=True)
                elif kind == "dangling":
                    path.symlink_to(root / "nowhere" / "at-all.txt")
                else:
                    path.symlink_to(root.joinpath(*parts[:up + 1]))
            except OSError:  # the tree already has something else there: skip this entry
                continue
        report = IngestReport(warn=lambda message: None)
        docs = list(read_documents([str(root)], report=report))
        paths = [doc.meta["path"].rsplit(":", 1)[0] if ".jsonl:" in doc.meta["path"] else doc.meta["path"]
                 for doc in docs]
        files = [path for path in paths if not path.endswith(".jsonl")]  # one document per text file
        assert len(files) == len(set(files))
        for path in paths:  # nothing below a symlinked folder: loops are never entered
            relative = Path(path).relative_to(root)
            assert not any((root / Path(*relative.parts[:i])).is_symlink() for i in range(1, len(relative.parts)))
        assert all(message.split(": ")[-1] for message in report.skipped)


# Terminal escape sequences ----------------------------------------------------------------------------------------

@PROPERTY
@given(st.text(st.characters()), st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20),
                                                   st.sampled_from(["PER", "ORG", "LOC"])), max_size=4))
def test_terminal_text_carries_only_our_own_colour_codes(text, spans):
    entities, last = [], 0
    for start, length, label in sorted(spans):
        if start >= last and start + length <= len(text):
            entities.append({"start": start, "end": start + length, "label": label})
            last = start + length
    shown = highlight(text, entities)  # (prompt_toolkit style, text) fragments: our styles, inert text
    assert all(style in ("", "class:entity.per", "class:entity.org", "class:entity.loc") for style, _ in shown)
    assert not TERMINAL_ACTIVE.search("".join(part for _, part in shown))
    assert not TERMINAL_ACTIVE.search(safe(text))


def test_file_names_and_data_with_escape_sequences_never_reach_the_terminal(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "\x1b]0;owned\x07\x1b[2J.txt").write_text("")  # an empty file: its name is printed
    (tmp_path / "in" / "berita.txt").write_text("Menlu RI \x1b[31mbertemu\x1b[0m Menlu \u202eJepang.\x07")
    (tmp_path / "in" / "rusak.jsonl").write_text('{"text": 1}\n{"text": "\\u001b[5mkedip"}\n')
    for command in (["clean", str(tmp_path / "in")], ["tokenize", str(tmp_path / "in"), "--format", "text"]):
        child = pexpect.spawn(sys.executable, ["-m", "annotate", *command], encoding="utf-8", timeout=120)
        child.expect(pexpect.EOF)
        output = child.before
        child.close()
        assert "skipped" in output and "empty file" in output and "kedip" in output
        assert not TERMINAL_ACTIVE.search(output.replace("\r\n", "\n")), repr(output)
    piped = subprocess.run([sys.executable, "-m", "annotate", "tokenize", str(tmp_path / "in" / "berita.txt"),
                            "--format", "text"], capture_output=True, text=True)
    assert "\x1b" in piped.stdout and "\u202e" in piped.stdout  # redirected, the output is data, kept exact


# Full and read-only disks -----------------------------------------------------------------------------------------

def _can_mount_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


def _news(root: Path, count: int = 300) -> Path:
    root.mkdir()
    for i in range(count):
        (root / f"{i:03d}.txt").write_text(f"Indonesia dan negara mitra ke-{i} sepakat memperluas kerja sama ekonomi "
                                           f"digital. Pertemuan ke-{i} digelar di Jakarta pada hari Senin.")
    return root


RUN = [sys.executable, "-m", "annotate", "run", "--workers", "1", "--quiet", "--no-ner", "--no-stance"]


def test_a_write_that_fails_midway_leaves_no_dataset_and_says_what_to_do(tmp_path):
    inputs, out = _news(tmp_path / "in"), tmp_path / "out"
    out.mkdir()

    def limit_file_size():  # writes past 8 kB fail with EFBIG, as on a full disk
        import resource
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8_000, 8_000))

    result = subprocess.run(RUN + [str(inputs), "--out", str(out / "ds")], capture_output=True, text=True,
                            preexec_fn=limit_file_size)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot write the dataset: File too large" in result.stderr and "--resume" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".ds.partial"]  # nothing that looks like a finished dataset
    resumed = subprocess.run(RUN + [str(inputs), "--out", str(out / "ds"), "--resume"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "wrote 300 documents" in resumed.stderr and sorted(p.name for p in out.iterdir()) == ["ds"]


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs mount namespaces (unshare -m) to make a small disk")
@pytest.mark.parametrize("disk", ["full", "read-only"])
def test_a_full_or_read_only_disk_gives_one_clear_line_and_no_dataset(tmp_path, disk):
    inputs, out = _news(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    options = "size=48k" if disk == "full" else "size=1m,ro"
    script = (f'mount -t tmpfs -o {options} tmpfs "$1" && shift && "$@"; echo "exit=$?"; ls -A "{out}"')
    result = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(out), *RUN, str(inputs), "--out",
                             str(out / "ds")], capture_output=True, text=True)
    assert "exit=1" in result.stdout and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    listing = result.stdout.split("exit=1")[1].split()
    if disk == "full":
        assert "No space left on device" in errors[0] and "--resume" in errors[0] and listing == [".ds.partial"]
    else:
        assert errors == [f"Error: cannot write beside {out / 'ds'}: Read-only file system; nothing was written"]
        assert listing == []
