"""Read documents from files, directories, globs and stdin.

Formats: ``.txt`` (one document per file), ``.html``/``.htm`` (one page per
file, its article found by ``annotate.htmlpage``), ``.jsonl`` (one document
per line: ``text`` plus metadata fields), ``.csv``/``.tsv`` (a text column);
a record or text file holding an HTML page is read as one.
Encodings: UTF-8 with or without BOM, UTF-16 with BOM, the charset an HTML
page declares, and a cp1252 / latin-1 fallback that warns. Bad input is
reported through ``IngestReport`` and skipped; nothing here raises for a bad file.
"""
from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, TextIO

from annotate import htmlpage, terminal
from annotate.document import KNOWN_META, Document, Sentence, Token

#: Formats of raw documents; ``read_documents`` also takes ``pretokenized``.
INPUT_FORMATS = ("auto", "txt", "html", "jsonl", "csv")
_SUFFIX_FORMATS = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html",
                   ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv"}
_SNIFF_BYTES = 1 << 16
#: Longest document (a text file, or a line of JSONL, CSV or plain lines) read, in characters;
#: longer ones are skipped without being held in memory.
MAX_CHARS = 1_000_000
_DRAIN_CHARS = 1 << 20


@dataclass
class IngestReport:
    """Counts and problems of one ingest; ``warn`` is called for each problem."""

    warn: Callable[[str], None] = terminal.warn
    files: int = 0
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    ignored_files: int = 0

    def problem(self, where: str, message: str) -> None:
        """Record one skipped item and tell the user."""
        self.skipped.append(f"{where}: {message}")
        self.warn(f"skipped {where}: {message}")

    def summary(self) -> str:
        """One line: what was read and what was skipped."""
        parts = [f"read {self.documents} documents from {self.files} inputs"]
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} (see messages above)")
        if self.ignored_files:
            parts.append(f"ignored {self.ignored_files} files with other extensions in directories")
        return "; ".join(parts)


class _Unreadable(Exception):
    """A whole input cannot be read; the message says why."""


def read_documents(inputs: Iterable[str], *, fmt: str = "auto", text_field: str = "text",
                   report: IngestReport | None = None, text_format: str = "txt",
                   suffixes: Iterable[str] | None = None, max_chars: int = MAX_CHARS) -> Iterator[Document]:
    """Yield a ``Document`` (raw text, metadata) per readable record of the inputs.

    ``inputs`` are paths, directories (read recursively), glob patterns or
    ``-`` for standard input. ``fmt`` forces a format instead of the file
    extension (``auto``, where plain text is read as ``text_format``);
    ``html`` reads every text (a file, or a JSONL/CSV record's text field) as
    an HTML page, which ``auto``, ``jsonl`` and ``csv`` do for the texts that
    look like one (``htmlpage.looks_like_html``) and ``txt`` never does;
    ``lines`` reads each non-empty line as a document;
    ``pretokenized`` reads one sentence per line, tokens separated by single
    spaces, as a document that already has its sentence and tokens.
    Directories contribute the files whose extension is in ``suffixes``
    (default: every supported one). A text file or line longer than
    ``max_chars`` characters is skipped with a message. Text is always valid
    Unicode: undecodable bytes and lone surrogates (e.g. ``"\\ud800"`` in
    JSON) become U+FFFD, one character for one, so offsets stay put.
    """
    report = report if report is not None else IngestReport()
    wanted = set(suffixes) if suffixes is not None else set(_SUFFIX_FORMATS)
    for name, path in _expand(inputs, report, wanted):
        report.files += 1
        try:
            with _open_binary(path) as raw:
                stream, warning = _decode(raw)
                if warning:
                    report.warn(f"warning: {name}: {warning}")
                kind = fmt if fmt not in ("auto", "html") else \
                    _format_of(path, stream, "html" if fmt == "html" else text_format)
                reader = {"txt": _read_txt, "html": _read_txt, "jsonl": _read_jsonl, "csv": _read_csv,
                          "lines": _read_lines, "pretokenized": _read_pretokenized}[kind]
                pages = "all" if "html" in (fmt, kind) else \
                    "detect" if fmt in ("auto", "jsonl", "csv") and kind in ("txt", "jsonl", "csv") else None
                before = (report.documents, len(report.skipped))
                for doc in reader(stream, name, text_field, report, max_chars):
                    if pages == "all" or (pages and htmlpage.looks_like_html(doc.text)):
                        doc = _from_html(doc, report)
                        if doc is None:
                            continue
                    report.documents += 1
                    yield doc
                if (report.documents, len(report.skipped)) == before:
                    report.problem(name, "empty file")
        except _Unreadable as e:
            report.problem(name, str(e))
        except OSError as e:
            report.problem(name, f"cannot read ({e.strerror or e})")


def estimate_documents(inputs: Iterable[str], fmt: str = "auto") -> int | None:
    """About how many documents the inputs hold (lines of JSONL/CSV, one per text file); None for stdin.

    Cheap (a byte scan, no decoding): it only gives progress bars a total.
    """
    total = 0
    for name, path in _expand(inputs, IngestReport(warn=lambda message: None), set(_SUFFIX_FORMATS)):
        if path is None:
            return None
        kind = fmt if fmt not in ("auto", "html") else _SUFFIX_FORMATS.get(path.suffix.lower(), "txt")
        if kind in ("txt", "html"):
            total += 1
            continue
        try:
            with open(path, "rb") as f:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        except OSError:
            continue
        total += max(lines - (kind == "csv"), 0)
    return total


def _expand(inputs: Iterable[str], report: IngestReport, wanted: set[str]) -> Iterator[tuple[str, Path | None]]:
    """(display name, path) for each file to read; ``None`` path is stdin."""
    for item in inputs:
        if item == "-":
            yield "<stdin>", None
            continue
        path = Path(item)
        if path.is_dir():
            yield from _walk(path, report, wanted)
        elif path.exists():
            yield item, path
        else:
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                report.problem(item, "no such file, directory or matching glob")
            for match in matches:
                if Path(match).is_dir():
                    yield from _walk(Path(match), report, wanted)
                else:
                    yield match, Path(match)


def _walk(root: Path, report: IngestReport, wanted: set[str]) -> Iterator[tuple[str, Path]]:
    """Files with a wanted extension below ``root``, sorted; symlinked directories are not followed."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: report.problem(str(e.filename), "cannot list directory")):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.suffix.lower() in wanted:
                yield str(path), path
            else:
                report.ignored_files += 1


def _open_binary(path: Path | None) -> BinaryIO:
    if path is None:
        return io.BufferedReader(_NoClose(sys.stdin.buffer), buffer_size=_SNIFF_BYTES)
    if not path.is_file():
        raise _Unreadable("not a regular file")
    return open(path, "rb", buffering=_SNIFF_BYTES)


class _NoClose(io.RawIOBase):
    """Standard input as a raw stream that our ``with`` does not close."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read1(len(buffer)) if hasattr(self._stream, "read1") else self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def _decode(raw: io.BufferedReader) -> tuple[TextIO, str | None]:
    """A text stream over ``raw`` in the detected encoding, and a warning if any."""
    head = raw.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    if head.startswith(codecs.BOM_UTF8):
        return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline=""), None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return io.TextIOWrapper(raw, encoding="utf-16", errors="replace", newline=""), None
    if b"\x00" in head:
        raise _Unreadable("binary file (NUL bytes and no UTF-16 byte-order mark)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=""), None
    except UnicodeDecodeError:
        pass
    control = sum(b < 9 or 13 < b < 32 for b in head)
    if control > len(head) // 100:
        raise _Unreadable("binary file (not text in any supported encoding)")
    declared = _declared_charset(head)
    if declared:
        return io.TextIOWrapper(raw, encoding=declared, errors="replace", newline=""), None
    try:
        head.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        encoding = "latin-1"
    return (io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""),
            f"not valid UTF-8; decoded as {encoding}")


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9._:-]{2,40})", re.I)
# As browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is decoded as windows-1252.
_CHARSET_ALIASES = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252"}


def _declared_charset(head: bytes) -> str | None:
    """The single-byte or CJK charset an HTML page (a file starting with markup) declares in a ``<meta>``."""
    match = _META_CHARSET.search(head) if head.lstrip()[:1] == b"<" else None
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name.replace("-", "_")
    except LookupError:
        return None
    if name.startswith(("utf_8", "utf_16", "utf_32")):
        return None  # UTF-8 was tried; a UTF-16 page without BOM would not have an ASCII <meta>
    return _CHARSET_ALIASES.get(name, name)


def _from_html(doc: Document, report: IngestReport) -> Document | None:
    """The document with its HTML replaced by the page's article; the record's own fields win over the page's."""
    try:
        page = htmlpage.extract(doc.text, url=doc.meta.get("url"))
    except htmlpage.NoArticle as e:
        report.problem(doc.meta.get("path", "?"), str(e))
        return None
    doc.text, doc.removed, doc.source_lines = page.text, page.removed, page.lines
    for key in ("title", "date", "url", "author"):
        if not doc.meta.get(key) and getattr(page, key):
            doc.meta[key] = getattr(page, key)
    return doc


def _format_of(path: Path | None, stream: TextIO, text_default: str = "txt") -> str:
    if path is not None:
        kind = _SUFFIX_FORMATS.get(path.suffix.lower(), "txt")
        return text_default if kind == "txt" else kind
    first = stream.buffer.peek(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "jsonl" if first == b"{" else text_default


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid(value: Any) -> Any:
    """The value with lone surrogates in its strings (and keys) replaced by U+FFFD, one for one."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_valid(k): _valid(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid(v) for v in value]
    return value


def _document(text: str, fields: dict[str, Any], path: str) -> Document:
    """A document of the record's text and fields; its fields are data, never paths to open."""
    meta: dict[str, Any] = {"path": path}
    extra = {}
    for key, value in _valid(fields).items():
        if key in KNOWN_META:
            meta[key] = None if value is None else str(value)
        elif key != "id":
            extra[key] = value
    if extra:
        meta["extra"] = extra
    doc_id = fields.get("id")
    return Document(_valid(text), id="" if doc_id is None else _valid(str(doc_id)), meta=meta)


def _lines(stream: TextIO, name: str, report: IngestReport, max_chars: int) -> Iterator[tuple[int, str]]:
    """(line number, line) of a stream; a line over ``max_chars`` is reported and read past in chunks."""
    number = 0
    while True:
        line = stream.readline(max_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > max_chars and not line.endswith(("\n", "\r")):
            while (chunk := stream.readline(_DRAIN_CHARS)) and not chunk.endswith(("\n", "\r")):
                pass
            report.problem(f"{name}:{number}", _too_long(max_chars))
            continue
        yield number, line


def _too_long(max_chars: int) -> str:
    return f"longer than {max_chars:,} characters (raise the limit with --max-chars)"


def _read_txt(stream: TextIO, name: str, text_field: str, report: IngestReport, max_chars: int) -> Iterator[Document]:
    text = stream.read(max_chars + 1)
    if len(text) > max_chars:
        report.problem(name, _too_long(max_chars))
        return
    if text.strip():
        yield _document(text, {}, name)


def _read_jsonl(stream: TextIO, name: str, text_field: str, report: IngestReport, max_chars: int) -> Iterator[Document]:
    for number, line in _lines(stream, name, report, max_chars):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            report.problem(where, f"malformed JSON ({e.msg})")
            continue
        if not isinstance(record, dict):
            report.problem(where, "not a JSON object")
            continue
        text = record.pop(text_field, None)
        if not isinstance(text, str) or not text.strip():
            report.problem(where, f"no non-empty string field {text_field!r}")
            continue
        yield _document(text, record, where)


def _read_csv(stream: TextIO, name: str, text_field: str, report: IngestReport, max_chars: int) -> Iterator[Document]:
    csv.field_size_limit(max_chars)
    lines = (line for _, line in _lines(stream, name, report, max_chars))
    reader = csv.DictReader(lines, delimiter="\t" if name.lower().endswith(".tsv") else ",")
    try:
        header = reader.fieldnames
    except csv.Error as e:
        raise _Unreadable(f"malformed CSV header ({e})") from e
    if not header or text_field not in header:
        raise _Unreadable(f"no {text_field!r} column (columns: {', '.join(header or [])}); choose one with --text-field")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            report.problem(f"{name}:{reader.line_num}", f"malformed CSV ({e})")
            continue
        text = row.pop(text_field) or ""
        row.pop(None, None)
        where = f"{name}:{reader.line_num}"
        if not text.strip():
            report.problem(where, f"empty {text_field!r} column")
            continue
        yield _document(text, row, where)


def pretokenized_document(tokens: list[str], meta: dict[str, Any] | None = None) -> Document:
    """A one-sentence document of exactly these tokens, joined by single spaces."""
    text = " ".join(tokens)
    spans, start = [], 0
    for token in tokens:
        spans.append(Token(start, start + len(token), token))
        start += len(token) + 1
    return Document(text, meta=meta or {}, sentences=[Sentence(0, len(text), text, spans)],
                    annotations={"sentences", "tokens"})


def _read_lines(stream: TextIO, name: str, text_field: str, report: IngestReport, max_chars: int) -> Iterator[Document]:
    for number, line in _lines(stream, name, report, max_chars):
        if line.strip():
            yield _document(line.rstrip("\r\n"), {}, f"{name}:{number}")


def record_of(doc: Document) -> dict[str, Any]:
    """The input record's own fields (id, metadata, extra fields), without the text."""
    record = {"id": doc.id} if doc.id else {}
    record.update({k: doc.meta[k] for k in KNOWN_META if k in doc.meta})
    record.update(doc.meta.get("extra", {}))
    return record


def _read_pretokenized(stream: TextIO, name: str, text_field: str, report: IngestReport,
                       max_chars: int) -> Iterator[Document]:
    for number, line in _lines(stream, name, report, max_chars):
        tokens = [t for t in line.rstrip("\r\n").split(" ") if t]
        if tokens:
            yield pretokenized_document(tokens, {"path": f"{name}:{number}"})
