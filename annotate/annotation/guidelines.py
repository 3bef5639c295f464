"""The labelling guidelines as the help screen shows them, read at run time from ``schemas/`` (their one source).

Label definitions come from the label-set files (``label_descriptions``,
``type_descriptions``); the decision rules from ``stance_guidelines.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib.resources import files

from annotate.schema import NER_LABELS, STANCE_LABELS, load_schema

STANCE_GUIDELINES = "stance_guidelines.md"
_ITEM = re.compile(r"^( *)(\d+\.|-) +(.*)$")


@dataclass(frozen=True)
class Paragraph:
    """A rule or bullet of the guidelines: indent, marker (``1.``, ``-`` or empty) and text without markdown."""

    indent: int
    marker: str
    text: str


def definitions(kind: str = "stance") -> dict[str, str]:
    """Each stance label (or, for ``ner``, entity type) with its definition, in schema order."""
    if kind == "ner":
        schema = load_schema(NER_LABELS)
        return {name: schema["type_descriptions"][name] for name in schema["types"]}
    schema = load_schema(STANCE_LABELS)
    return {name: schema["label_descriptions"][name] for name in schema["labels"]}


def decision_rules(name: str = STANCE_GUIDELINES, heading: str = "Decision rules") -> list[Paragraph]:
    """The rules and bullets of the ``## `` section whose heading starts with ``heading``, lines joined."""
    paragraphs: list[Paragraph] = []
    inside = False
    for line in files("annotate.schemas").joinpath(name).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line[3:].startswith(heading)
        elif inside and line.strip():
            item = _ITEM.match(line)
            if item:
                paragraphs.append(Paragraph(len(item[1]), item[2], _plain(item[3])))
            elif paragraphs:
                paragraphs[-1] = replace(paragraphs[-1], text=f"{paragraphs[-1].text} {_plain(line.strip())}")
            else:
                paragraphs.append(Paragraph(0, "", _plain(line.strip())))
    return paragraphs


def _plain(text: str) -> str:
    """Markdown emphasis and code marks removed."""
    return re.sub(r"[*`]", "", text)
