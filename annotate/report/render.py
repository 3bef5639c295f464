"""Render a report: one self-contained HTML file (inline CSS, one inline script, SVG charts).

Every piece of data (text, metadata, labels, annotator names) goes through
``html.escape``; the page's Content-Security-Policy allows no network
fetch and no script but the report's own (pinned by its hash), so text
that looks like HTML is shown, never run.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape
from importlib.resources import files
from typing import Callable, Iterable

from annotate import __version__
from annotate.dyads import pair_table
from annotate.errors import NoInputError
from annotate.report.source import Source
from annotate.report.summary import Summary
from annotate.report.svg import bar_chart, heat_map, pair_matrix
from annotate.schema import NER_LABELS, STANCE_LABELS, load_schema

_STANCE_COLOURS = ("#6e7781", "#1a7f37", "#cf222e", "#bc4c00", "#8250df", "#0a7ea4")
_ENTITY_COLOURS = ("#ffd6e8", "#cde9fb", "#d5f0c8", "#ffe7a8", "#e4dcfb", "#c9f1ee")
_NONE = "none"  # attribute value of a sentence without a stance or a source
_SAFE_LINK_SCHEMES = ("http://", "https://")


def _asset(name: str) -> str:
    return files("annotate.report").joinpath("assets", name).read_text(encoding="utf-8")


class Palette:
    """CSS classes for stance labels and entity types, from the label sets' order (no label is named here)."""

    def __init__(self):
        schema = load_schema(STANCE_LABELS)
        self.stance_labels: list[str] = list(schema["labels"])
        self.sources: list[str] = list(schema["sources"])
        self.entity_types: list[str] = list(load_schema(NER_LABELS)["types"])

    def stance_class(self, label: str | None) -> str:
        return f"s{self.stance_labels.index(label)}" if label in self.stance_labels else "sx"

    def stance_colour(self, label: str | None) -> str:
        i = self.stance_labels.index(label) if label in self.stance_labels else -1
        return _STANCE_COLOURS[i % len(_STANCE_COLOURS)] if i >= 0 else "#afb8c1"

    def entity_class(self, label: str) -> str:
        return f"e{self.entity_types.index(label)}" if label in self.entity_types else "ex"

    def css(self) -> str:
        rules = [f".{self.stance_class(label)} {{ border-left-color: {self.stance_colour(label)}; }} "
                 f".badge.{self.stance_class(label)}, .mix .{self.stance_class(label)} "
                 f"{{ background: {self.stance_colour(label)}; }}" for label in [*self.stance_labels, None]]
        for i, label in enumerate(self.entity_types):
            cls = self.entity_class(label)
            rules.append(f"mark.{cls} {{ background: {_ENTITY_COLOURS[i % len(_ENTITY_COLOURS)]}; }} "
                         f".hide-{cls} mark.{cls} {{ background: none; }} .hide-{cls} mark.{cls} small {{ display: none; }}")
        rules.append("mark.ex { background: #eee; }")
        return "\n".join(rules)


def _attr(value: object) -> str:
    return escape(_NONE if value is None else str(value), quote=True)


def _highlight(text: str, entities: Iterable[dict] | None, palette: Palette, actors: Iterable[dict] | None = None) -> str:
    """The sentence text, escaped, with each entity and actor mention (offsets into ``text``) wrapped in a ``mark``.

    An entity that is (or holds) an actor shows the actor codes after its
    type; an actor mention that is no entity is marked as an actor.
    """
    linked = [a for a in actors or () if a.get("actor")]
    marks = [dict(e, actor=" ".join(dict.fromkeys(a["actor"] for a in linked
                                                  if a["start"] < e["end"] and e["start"] < a["end"])))
             for e in entities or ()]
    marks += [{"start": a["start"], "end": a["end"], "label": None, "actor": a["actor"]} for a in linked
              if not any(a["start"] < e["end"] and e["start"] < a["end"] for e in entities or ())]
    out, last = [], 0
    for mark in sorted(marks, key=lambda e: (e["start"], e["end"])):
        start, end = mark["start"], mark["end"]
        if start < last or end > len(text) or start >= end:  # overlapping or out of range: leave as text
            continue
        label, actor = mark["label"], mark["actor"]
        kind = f'class="ent {palette.entity_class(str(label))}" data-type="{_attr(label)}"' if label else 'class="actor"'
        shown = " · ".join(str(x) for x in (label, actor) if x)
        out.append(escape(text[last:start]))
        out.append(f'<mark {kind}' + (f' data-actor="{_attr(actor)}"' if actor else "")
                   + f'>{escape(text[start:end])}<small>{escape(shown)}</small></mark>')
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def _sentence(row: dict, palette: Palette) -> str:
    stance, source, scores = row.get("stance"), row.get("stance_source"), row.get("stance_scores")
    score = ""
    if stance in palette.stance_labels and scores and len(scores) == len(palette.stance_labels):
        score = f" {scores[palette.stance_labels.index(stance)]:.2f}"
    answers = ""
    if row.get("annotators"):
        answers = "<br>" + ", ".join(f"{escape(str(a))}: {escape(str(s))}"
                                     for a, s in zip(row["annotators"], row.get("annotator_stances") or ()))
    shown = escape(stance) if stance is not None else "no stance"
    return (f'<div class="sent {palette.stance_class(stance)}" data-stance="{_attr(stance)}" '
            f'data-source="{_attr(source)}" id="{_attr(row["id"])}">'
            f'<div class="label"><b>{shown}{score}</b>{escape(source or "")}{answers}</div>'
            f'<div class="text">{_highlight(row["text"], row.get("entities"), palette, row.get("actors"))}</div></div>')


def _link(url: str) -> str:
    if url.lower().startswith(_SAFE_LINK_SCHEMES):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'
    return escape(url)


def render_document(split: str, rows: list[dict], palette: Palette) -> str:
    """One document: a header (title, id, metadata, document stance, stance mix) and its sentences."""
    first = rows[0]
    meta = [f"split {escape(split)}", f"id {escape(str(first['doc_id']))}"]
    meta += [escape(str(first[key])) for key in ("source", "date", "path") if first.get(key)]
    if first.get("url"):
        meta.append(_link(str(first["url"])))
    mix = "".join(f'<span class="{palette.stance_class(row.get("stance"))}" style="flex: 1"></span>' for row in rows)
    doc_stance = first.get("doc_stance")
    title = escape(str(first.get("title") or first["doc_id"]))
    return (f'<article class="doc" data-split="{_attr(split)}"><header><h3>{title}</h3>'
            f'<span class="badge {palette.stance_class(doc_stance)}">{escape(doc_stance or "no stance")}</span>'
            f'<span class="mix" title="stance of each sentence, in order">{mix}</span>'
            f'<span class="meta">{" · ".join(meta)}</span></header>'
            + "".join(_sentence(row, palette) for row in rows) + "</article>")


def _table(head: list[str], body: list[list[object]], cls: str = "numbers") -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    rows = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in body)
    return f'<table class="{cls}"><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>'


def _summary(summary: Summary, palette: Palette, entity_figures) -> str:
    splits = summary.splits
    totals = [sum(summary.documents.values()), sum(summary.sentences.values()), sum(summary.tokens.values())]
    parts = ["<h3>Splits</h3>", _table(["split", "documents", "sentences", "tokens"],
                                       [[s, summary.documents[s], summary.sentences[s], summary.tokens[s]] for s in splits]
                                       + [["all", *totals]])]
    stances = _stances(summary, palette)
    parts += ["<h3>Sentences per split and stance</h3>",
              _table(["split", *(label or "no stance" for label in stances)],
                     [[s, *(summary.stance[(s, label)] for label in stances)] for s in splits])]
    by_stance = [(label or "no stance", sum(n for (_, l), n in summary.stance.items() if l == label),
                  palette.stance_colour(label)) for label in stances]
    charts = [bar_chart("Sentences per stance", by_stance),
              bar_chart("Documents per document stance",
                        [(label or "no stance", summary.doc_stance[label], palette.stance_colour(label))
                         for label in stances]),
              bar_chart("Sentences per stance source",
                        [(source or "none", n, "#57606a") for source, n in
                         sorted(summary.sources.items(), key=lambda item: -item[1])]),
              bar_chart("Entities per type",
                        [(label, summary.entity_types[label], "#8c959f") for label in palette.entity_types])]
    parts += ['<h3>Distributions</h3><div class="grid">', *charts, "</div>"]
    frequent = [[label, ", ".join(f"{text} ({n})" for text, n in summary.entity_texts[label].most_common(8))]
                for label in palette.entity_types if summary.entity_texts[label]]
    if frequent:
        parts += ["<h3>Most frequent entities</h3>", _table(["type", "entities (count)"], frequent, "words")]
    figures = summary.agreement() + (entity_figures if len(entity_figures) > 1 or
                                      (entity_figures and entity_figures[0].value is not None) else [])
    parts.append('<h3 id="agreement">Agreement</h3>')
    if figures:
        parts.append('<ul class="figures">' + "".join(f"<li>{escape(str(f))}</li>" for f in figures) + "</ul>")
    else:
        parts.append('<p class="note">No annotator answers in this input: label it with '
                     '<code>annotate import</code> and <code>annotate label</code>, then report on the store.</p>')
    parts.append('<h3 id="confusion">Pre-annotation against people\'s labels</h3>')
    if summary.confusion:
        per_label = summary.per_label()
        present = [label for label in palette.stance_labels if per_label[label].tp + per_label[label].fn]
        macro = sum(per_label[label].f1 for label in present) / len(present)
        parts += [f'<p>{sum(summary.confusion.values())} sentences with a stance people gave (gold, annotated or adjudicated); accuracy '
                  f'{summary.accuracy():.3f}, macro-F1 {macro:.3f} over the {len(present)} labels people gave.</p>',
                  '<div class="grid">',
                  heat_map("Confusion matrix", palette.stance_labels, palette.stance_labels, summary.confusion,
                           "gold", "predicted"),
                  _table(["label", "precision", "recall", "F1", "gold"],
                         [[label, f"{p.precision:.3f}", f"{p.recall:.3f}", f"{p.f1:.3f}", p.tp + p.fn]
                          for label, p in per_label.items()]), "</div>"]
    else:
        parts.append('<p class="note">No sentence has a stance people gave (gold, annotated or adjudicated) with model scores, '
                     'so there is no confusion matrix.</p>')
    return "".join(parts)


def _stances(summary: Summary, palette: Palette) -> list[str | None]:
    """The stance labels, and None when some sentence has no stance."""
    return palette.stance_labels + ([None] if any(label is None for _, label in summary.stance) else [])


def _filters(summary: Summary, palette: Palette) -> str:
    def group(name: str, legend: str, options: list[tuple[str, str]]) -> str:
        boxes = "".join(f'<label><input type="checkbox" data-group="{name}" value="{_attr(value)}" checked> '
                        f'{escape(text)}</label>' for value, text in options)
        return f'<fieldset><legend>{escape(legend)}</legend>{boxes}</fieldset>'

    stances = _stances(summary, palette)
    sources = sorted(summary.sources, key=lambda s: (s is None, str(s)))
    return ('<form id="filters">'
            + group("stance", "Stance", [(_NONE if s is None else s, s or "no stance") for s in stances])
            + group("source", "Source", [(_NONE if s is None else s, s or "none") for s in sources])
            + group("split", "Split", [(s, s) for s in summary.splits])
            + group("entity", "Highlight", [(palette.entity_class(t), t) for t in palette.entity_types])
            + ' <span class="note"><span id="shown">0</span> sentences shown</span></form>')


def _actor_pairs(documents: list[tuple[str, list[dict]]], names: Callable[[str], str], top: int = 12) -> str:
    """The most frequent actor pairs of framed sentences: a table and a matrix coloured by net framing."""
    try:
        pairs = pair_table(documents, names=names, resamples=200)[:top]
    except NoInputError as e:  # no stance, or no actors, in this input
        return f'<p class="note">{escape(str(e))}.</p>'
    if not pairs:
        return '<p class="note">No framed sentence names two distinct actors.</p>'
    actors = list(dict.fromkeys(a for p in pairs for a in (p["a"], p["b"])))
    labels = {code: f"{names(code)} ({code})" if names(code) != code else code for code in actors}
    cells = {(labels[p["a"]], labels[p["b"]]): (p["sentences"], p["net"]) for p in pairs}
    body = [[f'{p["a_name"]} – {p["b_name"]}', p["sentences"], p["cooperation"], p["competition"], p["mixed"],
             p["documents"], f'{p["net"]:+.2f} [{p["net_low"]:+.2f}, {p["net_high"]:+.2f}]'] for p in pairs]
    return ('<p>Pairs of distinct actors named in one framed (not neutral) sentence; net framing is '
            '(cooperation − competition) / sentences, with a 95% interval over documents '
            '(<code>annotate dyads</code> gives every pair).</p><div class="grid">'
            + pair_matrix("Most frequent actor pairs (green: cooperation, red: competition)",
                          [labels[a] for a in actors], cells)
            + _table(["pair", "sentences", "cooperation", "competition", "mixed", "documents", "net framing"], body)
            + "</div>")


def render(source: Source, *, max_documents: int = 500, names: Callable[[str], str] = str) -> tuple[str, Summary, int]:
    """The report's HTML, its summary, and how many documents it shows (the first ``max_documents``).

    ``names`` gives an actor code's display name in the actor-pair section.
    """
    palette = Palette()
    summary = Summary(palette.stance_labels)
    shown: list[str] = []
    framing: list[tuple[str, list[dict]]] = []  # what the actor-pair section needs, for every document
    keep = ("doc_id", "stance", "actors", "date", "source")
    for split, rows in source.documents():
        summary.add(split, rows)
        framing.append((split, [{key: row.get(key) for key in keep} for row in rows]))
        if len(shown) < max_documents:
            shown.append(render_document(split, rows, palette))
    total = sum(summary.documents.values())
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    limited = (f'<p class="note">Showing the first {len(shown)} of {total} documents '
               f'(<code>--max-documents</code>); the summary counts all of them.</p>') if len(shown) < total else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>annotate report: {escape(source.name)}</title>'
            f'<style>{_asset("report.css")}\n{palette.css()}</style></head><body>'
            f'<header class="top"><h1>annotate report</h1><p>{escape(source.kind)} {escape(source.name)} · '
            f'{total} documents · {sum(summary.sentences.values())} sentences · annotate {escape(__version__)}</p></header>'
            f'<nav class="toc"><a href="#summary">Summary</a><a href="#agreement">Agreement</a>'
            f'<a href="#confusion">Confusion matrix</a><a href="#actors">Actor pairs</a>'
            f'<a href="#documents">Documents</a></nav><main>'
            f'<section id="summary"><h2>Summary</h2>{_summary(summary, palette, source.entity_figures)}</section>'
            f'<section id="actors"><h2>Actor pairs</h2>{_actor_pairs(framing, names)}</section>'
            f'<section id="documents"><h2>Documents</h2>{limited}{_filters(summary, palette)}{"".join(shown)}</section>'
            f'</main><script>{script}</script></body></html>\n'), summary, len(shown)
