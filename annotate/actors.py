"""Who a mention denotes: canonical actors for states, organisations and office holders.

States are ISO 3166-1 alpha-3 codes, with their names (and the names in the
language's locale) from ``pycountry``; organisations have fixed short codes
(``UN``, ``ASEAN``); people link to the state or organisation they speak for.
A language supplies what pycountry lacks as an ``ActorLexicon``: alias,
organisation and office-holder tables, and the words that make a capital a
venue (``di Beijing``) rather than its government (``Beijing menolak``).

``ActorTable.link`` finds the mentions of one sentence; ``dyads`` pairs the
distinct actors of a framed sentence. Nothing here names a language.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from annotate.schema import STANCE_LABELS, labels

#: Kinds an alias table may give: a capital (or seat of government) stands for its state unless it is a venue;
#: ``none`` marks a phrase that contains an alias but denotes no actor (``Laut China Selatan``).
ALIAS_KINDS = ("state", "org", "capital", "none")
#: An annotator's actor for an entity that denotes no actor (``[Beijing]{LOC:-}``).
NO_ACTOR = "-"


@dataclass(frozen=True)
class Mention:
    """A span of a sentence's text and the actor it denotes (``actor`` None: not an actor we know)."""

    start: int
    end: int
    text: str
    actor: str | None
    kind: str | None

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "actor": self.actor, "kind": self.kind}


@dataclass(frozen=True)
class OfficeHolder:
    """A person who speaks for ``actor`` between ``since`` and ``until`` (ISO dates; empty: open)."""

    actor: str
    role: str
    since: str = ""
    until: str = ""

    def serves_on(self, date: str | None) -> bool:
        return date is None or ((not self.since or self.since <= date) and (not self.until or date <= self.until))


@dataclass(frozen=True)
class ActorLexicon:
    """A language's actor data: a folder of tables plus the words that mark a venue.

    ``folder`` holds ``aliases.tsv`` (alias, code, kind from ``ALIAS_KINDS``),
    ``organisations.tsv`` (code, name, aliases separated by ``|``) and
    ``office_holders.tsv`` (names separated by ``|``, code, role, since,
    until). ``locale`` picks pycountry's translated country names. Word
    lists are lowercase.
    """

    locale: str
    folder: Path
    venue_words: frozenset[str] = frozenset()
    #: Words of an office (``presiden``, ``menlu``): a person right after "office word(s) + actor" speaks for it.
    office_words: frozenset[str] = frozenset()
    #: First words of a place that is not a state (``provinsi``, ``laut``): a state named inside a longer place
    #: entity that starts with one (``Provinsi Guangdong China``) is not the actor; in any other place entity
    #: (``wilayah Utara Meksiko``, ``Turki Jerman``) the state name still names the state.
    place_words: frozenset[str] = frozenset()
    #: First words of a state's own bodies (``kementerian``, ``pemerintah``): a state named at the end of such an
    #: organisation is the actor; inside any other organisation's name (``Palang Merah Indonesia``) it is not.
    body_words: frozenset[str] = frozenset()
    #: Letter groups written either way in names (older and current spelling: ``dj`` / ``j``, as in
    #: ``Pandjaitan`` / ``Panjaitan``): a person entity matches a listed full name when both read the same with
    #: these replaced, accents and case aside.
    spellings: tuple[tuple[str, str], ...] = ()


def _rows(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("\t")]


def iso_date(value: object) -> str | None:
    """The ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) a document's date starts with, else None."""
    match = re.match(r"\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)", str(value or ""))
    return match.group(1) if match else None


def _trie(keys: set[str]) -> str:
    """A regular expression matching any of ``keys``, longest first, as a character trie (20x faster than a flat list)."""
    root: dict = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        longer = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if len(longer) == 1 and "" not in node:
            return longer[0]
        return "(?:" + "|".join(longer + ([""] if "" in node else [])) + ")" if longer else ""
    return branch(root)


class ActorTable:
    """Aliases to actors, with display names; built from pycountry and a language's lexicon."""

    def __init__(self, aliases: dict[str, tuple[str, str]], names: dict[str, str],
                 holders: dict[str, list[OfficeHolder]] | None = None, venue_words: Iterable[str] = (),
                 office_words: Iterable[str] = (), body_words: Iterable[str] = (), place_words: Iterable[str] = (),
                 spellings: Sequence[tuple[str, str]] = ()):
        self.aliases = aliases
        self.names = names
        self.holders = holders or {}
        self.venue_words = frozenset(w.lower() for w in venue_words)
        self.office_words = frozenset(w.lower() for w in office_words)
        self.body_words = frozenset(w.lower() for w in body_words)
        self.place_words = frozenset(w.lower() for w in place_words)
        self.spellings = tuple(spellings)

    @classmethod
    def from_lexicon(cls, lexicon: ActorLexicon) -> "ActorTable":
        """pycountry's states (English and ``lexicon.locale`` names), then the lexicon's tables over them."""
        aliases, names = _countries(lexicon.locale)
        folder = lexicon.folder
        for code, name, *more in _rows(folder / "organisations.tsv"):
            names[code] = name
            for alias in [code, *(more[0].split("|") if more and more[0] else [])]:
                aliases[alias] = (code, "org")
        for alias, code, kind in _rows(folder / "aliases.tsv"):
            if kind not in ALIAS_KINDS:
                raise ValueError(f"{folder / 'aliases.tsv'}: kind {kind!r} of {alias!r} is not one of {ALIAS_KINDS}")
            aliases[alias] = (code, kind)
        holders: dict[str, list[OfficeHolder]] = {}
        for people, code, role, *dates in _rows(folder / "office_holders.tsv"):
            since, until = (dates + ["", ""])[:2]
            for person in people.split("|"):
                holders.setdefault(person, []).append(OfficeHolder(code, role, since, until))
        return cls(aliases, names, holders, lexicon.venue_words, lexicon.office_words, lexicon.body_words,
                   lexicon.place_words, lexicon.spellings)

    def name(self, code: str) -> str:
        """The display name of an actor code (the code itself when unknown)."""
        return self.names.get(code, code)

    @cached_property
    def codes(self) -> frozenset[str]:
        """Every actor code: states and organisations."""
        return frozenset(self.names) | {code for code, _ in self.aliases.values()}

    @cached_property
    def _organisations(self) -> frozenset[str]:
        return frozenset(code for code, kind in self.aliases.values() if kind == "org")

    def _folded(self, name: str) -> str:
        """A name as compared across spellings: no accents, lowercase, letters and single spaces, the language's
        letter groups replaced."""
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
        name = " ".join(re.sub(r"[^\w\s]|\d|_", " ", name).split())
        for old, new in self.spellings:
            name = name.replace(old, new)
        return name

    @cached_property
    def _full_names(self) -> dict[str, str]:
        """Listed names of two words or more, by their folded spelling."""
        return {self._folded(name): name for name in self.holders if " " in name}

    @cached_property
    def _pattern(self) -> re.Pattern:
        return re.compile(r"(?<!\w)" + _trie({*self.aliases, *self.holders}) + r"(?!\w)")

    def link(self, text: str, entities: Sequence[dict] = (), date: str | None = None,
             people: dict[str, str] | None = None) -> list[Mention]:
        """The actor mentions of a sentence, in order.

        ``entities`` are the sentence's entity spans (``start``, ``end``,
        ``label`` relative to ``text``); one with an ``actor`` (an annotator's
        correction: a code, or ``NO_ACTOR``) is that actor, whatever the
        tables say. Alias matches are case-sensitive and
        longest first; a name inside a longer place of a kind that is no
        state (``Provinsi Guangdong China``), person (``Edhy Prabowo``) or
        non-state organisation (``Palang Merah Indonesia``) is not that
        actor. An entity no alias covers is a mention with ``actor`` None
        (none at all inside a ``none`` phrase), except a person introduced by office and
        actor (``Menlu China Wang Yi``), who speaks for it, or one named
        earlier in the document: ``people`` (name and surname -> actor) is
        read and extended, so pass one dict per document. ``date`` (ISO)
        selects the office holders in office then.
        """
        people = {} if people is None else people
        entities = [self._without_title(text, e) if e["label"] == "PER" else e for e in entities]
        fixed = [e for e in entities if "actor" in e]
        mentions: list[Mention] = [self._fixed(text, e) for e in fixed]
        no_actor: list[tuple[int, int]] = []  # the spans of "none" phrases (Laut China Selatan)
        for match in self._pattern.finditer(text):
            start, end, alias = match.start(), match.end(), match.group()
            if self.aliases.get(alias, ("", ""))[1] == "none":
                no_actor.append((start, end))
            elif not any(self._hides(e, start, end, alias, text) for e in entities) and \
                    not any(e["start"] < end and start < e["end"] for e in fixed):
                mentions.append(self._resolve(text, start, end, alias, date))
        for entity in entities:
            start, end = entity["start"], entity["end"]
            if any(m.start < end and start < m.end for m in mentions) or \
                    any(s <= start and end <= e for s, e in no_actor):
                continue
            actor = None
            if entity["label"] == "PER":
                name = text[start:end]
                listed = self._full_names.get(self._folded(name))
                if listed is not None:  # another spelling of a listed name: "Luhut Binsar Panjaitan"
                    mentions.append(self._resolve(text, start, end, listed, date))
                    continue
                actor = (self._speaker_for(text, start, mentions) or people.get(name) or people.get(name.split()[-1])
                         or people.get(name.split()[0]))
            mentions.append(Mention(start, end, text[start:end], actor, "person" if actor else None))
        for m in mentions:
            if m.kind == "person":  # later in the document: the full name, the surname or the given name alone
                for name in {m.text, m.text.split()[-1], m.text.split()[0]}:
                    people.setdefault(name, m.actor)
        return sorted(mentions, key=lambda m: m.start)

    def _fixed(self, text: str, entity: dict) -> Mention:
        """The mention an annotator's actor makes of an entity."""
        start, end, code = entity["start"], entity["end"], entity["actor"]
        if code == NO_ACTOR:
            return Mention(start, end, text[start:end], None, None)
        kind = "person" if entity["label"] == "PER" else "org" if code in self._organisations else "state"
        return Mention(start, end, text[start:end], code, kind)

    def _without_title(self, text: str, entity: dict) -> dict:
        """A person entity without the office words it starts with (``Ratu Elizabeth II`` -> ``Elizabeth II``)."""
        start, end = entity["start"], entity["end"]
        while (word := re.match(r"(\w+)\s+", text[start:end])) and word.group(1).lower() in self.office_words:
            start += word.end()
        return {**entity, "start": start} if start != entity["start"] else entity

    def _hides(self, entity: dict, start: int, end: int, alias: str, text: str) -> bool:
        """Whether a longer entity around an alias match makes the match no actor of its own."""
        if not (entity["start"] <= start and end <= entity["end"] and entity["end"] - entity["start"] > end - start):
            return False
        first = text[entity["start"]:entity["end"]].split()[0].lower()
        if entity["label"] == "ORG":  # a state inside an organisation's name is the actor only for its own bodies
            return self.aliases.get(alias, ("", ""))[1] in ("state", "capital") and first not in self.body_words
        if entity["label"] == "LOC":  # a state inside a place: not the actor when the place is a province, sea, ...
            return alias in self.holders or first in self.place_words
        return True  # a longer person's name

    def _resolve(self, text: str, start: int, end: int, alias: str, date: str | None) -> Mention:
        if alias in self.holders:
            serving = sorted((h for h in self.holders[alias] if h.serves_on(date)), key=lambda h: h.since)
            # several offices at once (no date given): the latest
            return Mention(start, end, text[start:end], serving[-1].actor if serving else None,
                           "person" if serving else None)
        code, kind = self.aliases[alias]
        if kind == "capital":
            if self._is_venue(text, start, end):
                return Mention(start, end, alias, None, None)
            kind = "state"
        return Mention(start, end, alias, code, kind)

    def _is_venue(self, text: str, start: int, end: int) -> bool:
        """A capital named as a place: after a venue word (``di``, ``ke``), before its state (``London, Inggris``),
        or as a dateline (``Beijing (Antara) -``)."""
        before = re.search(r"(\w+)\W*$", text[:start])
        if before and before.group(1).lower() in self.venue_words:
            return True
        comma = re.match(r",\s*", text[end:])
        state = comma and self._pattern.match(text, end + comma.end())
        if state and self.aliases.get(state.group(), ("", ""))[1] == "state":  # an address: "London, Inggris"
            return True
        return not text[:start].strip() and bool(re.match(r"\s*[,(]", text[end:]))

    def _speaker_for(self, text: str, start: int, mentions: list[Mention]) -> str | None:
        """The actor of "office + actor + person" right before a person (``Menlu China Wang Yi``), if any."""
        before = [m for m in mentions if m.end <= start and m.actor and m.kind in ("state", "org")]
        if not before or not re.fullmatch(r"[\s,]*", text[before[-1].end:start]):
            return None
        actor = before[-1]
        words = [w.lower() for w in re.findall(r"\w+", text[:actor.start])[-4:] + actor.text.split()[:1]]
        return actor.actor if self.office_words.intersection(words) else None


def _countries(locale: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Aliases of every ISO 3166-1 state (names, official and common names, translated) and their display names."""
    import gettext
    import pycountry

    translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True).gettext
    aliases: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}
    short: dict[str, set[str]] = {}  # "Korea" of "Korea, Republic of": kept only where it names one state
    for country in pycountry.countries:
        english = [getattr(country, key) for key in ("name", "common_name", "official_name") if hasattr(country, key)]
        local = [translate(name) for name in english]
        names[country.alpha_3] = local[0].split(",")[0]
        for name in english + local:
            aliases.setdefault(name, (country.alpha_3, "state"))
            short.setdefault(name.split(",")[0], set()).add(country.alpha_3)
    for form, codes in short.items():
        if len(codes) == 1:
            aliases.setdefault(form, (codes.pop(), "state"))
    return aliases, names


def dyads(mentions: Iterable[dict | Mention], stance: str | None) -> list[dict]:
    """Unordered pairs (``a < b``) of the distinct actors of a sentence whose stance is not neutral."""
    if stance is None or stance == labels(STANCE_LABELS)[0]:
        return []
    actors = sorted({m.actor if isinstance(m, Mention) else m.get("actor") for m in mentions} - {None})
    return [{"a": a, "b": b, "stance": stance} for i, a in enumerate(actors) for b in actors[i + 1:]]
