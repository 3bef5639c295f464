"""Inline SVG charts: horizontal bars, a confusion-matrix heat map, an actor-pair matrix. All text is escaped."""
from __future__ import annotations

from html import escape
from typing import Sequence

_ROW, _LABEL_WIDTH, _BAR_WIDTH, _VALUE_WIDTH = 22, 140, 300, 60


def bar_chart(title: str, items: Sequence[tuple[str, int, str]]) -> str:
    """One bar per (label, count, colour), scaled to the largest count."""
    top = max((count for _, count, _ in items), default=0) or 1
    height = _ROW * len(items) + 4
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    bars = []
    for i, (label, count, colour) in enumerate(items):
        y = i * _ROW + 2
        length = round(_BAR_WIDTH * count / top)
        bars.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 2}" width="{length}" height="{_ROW - 6}" fill="{escape(colour)}">'
            f'<title>{escape(label)}: {count}</title></rect>'
            f'<text x="{_LABEL_WIDTH + length + 6}" y="{y + 15}">{count}</text>')
    return _figure(title, width, height, "".join(bars))


def heat_map(title: str, rows: Sequence[str], columns: Sequence[str], counts: dict[tuple[str, str], int],
             row_axis: str, column_axis: str) -> str:
    """A matrix of counts, darker where larger; rows and columns are labelled by axis."""
    cell, left, head = 88, 110, 52
    top = max(counts.values(), default=0) or 1
    width, height = left + cell * len(columns) + 4, head + cell * len(rows) + 4
    parts = [f'<text x="{left + cell * len(columns) / 2}" y="14" text-anchor="middle" class="axis">'
             f'{escape(column_axis)}</text>',
             f'<text x="12" y="{head + cell * len(rows) / 2}" text-anchor="middle" class="axis" '
             f'transform="rotate(-90 12 {head + cell * len(rows) / 2})">{escape(row_axis)}</text>']
    for j, column in enumerate(columns):
        parts.append(f'<text x="{left + j * cell + cell / 2}" y="{head - 8}" text-anchor="middle">'
                     f'{escape(column)}</text>')
    for i, row in enumerate(rows):
        y = head + i * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell / 2 + 5}" text-anchor="end">{escape(row)}</text>')
        for j, column in enumerate(columns):
            count = counts.get((row, column), 0)
            shade = count / top
            ink = "#fff" if shade > 0.55 else "#222"
            parts.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="rgba(21,101,192,{0.08 + 0.92 * shade:.3f})"><title>{escape(row)} → '
                         f'{escape(column)}: {count}</title></rect>'
                         f'<text x="{left + j * cell + cell / 2 - 1}" y="{y + cell / 2 + 5}" text-anchor="middle" '
                         f'fill="{ink}">{count}</text>')
    return _figure(title, width, height, "".join(parts))


def pair_matrix(title: str, actors: Sequence[str], cells: dict[tuple[str, str], tuple[int, float]]) -> str:
    """A symmetric actor x actor matrix: each cell (sentences, net framing in [-1, 1]) coloured red (-1) to green (+1).

    Rows are labelled with the actors' names; columns with the same names, rotated.
    """
    cell = 46
    left = 12 + 7 * max((len(a) for a in actors), default=0)  # room for the longest label (about 7 px a character)
    head = 12 + 5 * max((len(a) for a in actors), default=0)  # rotated 45°: about 5 px of height a character
    width, height = left + cell * len(actors) + head, head + cell * len(actors) + 4
    parts = []
    for j, actor in enumerate(actors):
        x = left + j * cell + cell / 2
        parts.append(f'<text x="{x}" y="{head - 8}" transform="rotate(-45 {x} {head - 8})">{escape(actor)}</text>')
    for i, row in enumerate(actors):
        y = head + i * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell / 2 + 5}" text-anchor="end">{escape(row)}</text>')
        for j, column in enumerate(actors):
            found = cells.get((row, column)) or cells.get((column, row))
            if i == j or not found:
                parts.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="#f6f8fa"/>')
                continue
            sentences, net = found
            red, green = (207, 34, 46), (26, 127, 55)
            colour = green if net >= 0 else red
            parts.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="rgba({colour[0]},{colour[1]},{colour[2]},{0.12 + 0.88 * abs(net):.3f})">'
                         f'<title>{escape(row)} – {escape(column)}: {sentences} sentences, net framing {net:+.2f}'
                         f'</title></rect><text x="{left + j * cell + cell / 2 - 1}" y="{y + cell / 2 + 5}" '
                         f'text-anchor="middle" fill="{"#fff" if abs(net) > 0.55 else "#222"}">{sentences}</text>')
    return _figure(title, width, height, "".join(parts))


def _figure(title: str, width: int, height: int, body: str) -> str:
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{body}</svg></figure>')
