"""Actor normalisation, actor-pair framing and ``annotate dyads``."""
import csv
import io
import json
from collections import Counter

import pytest
from click.testing import CliRunner

from annotate import languages
from annotate.actors import dyads
from annotate.cli import main
from annotate.dyads import pair_table
from annotate.pipeline import Pipeline
from conftest import ROOT, SAMPLE

MINI_CORPUS = ROOT / "corpora" / "actors" / "mini_corpus.jsonl"


@pytest.fixture(scope="module")
def table():
    return languages.get("id").actor_table()


def actors_of(table, text, entities=(), date=None):
    return [(m.text, m.actor, m.kind) for m in table.link(text, entities, date) if m.actor]


@pytest.mark.parametrize("text, mention, code", [
    ("Tiongkok menolak tuduhan itu.", "Tiongkok", "CHN"),
    ("China menolak tuduhan itu.", "China", "CHN"),
    ("RRT menolak tuduhan itu.", "RRT", "CHN"),
    ("Pemerintah AS menolak tuduhan itu.", "AS", "USA"),
    ("Amerika Serikat menolak tuduhan itu.", "Amerika Serikat", "USA"),
    ("Inggris dan Prancis menolak.", "Inggris", "GBR"),
    ("Perancis menolak.", "Perancis", "FRA"),
    ("Korea Utara menembakkan rudal.", "Korea Utara", "PRK"),
    ("Korea Selatan menembakkan rudal.", "Korea Selatan", "KOR"),
    ("Rusia menolak.", "Rusia", "RUS"),
    ("Perserikatan Bangsa-Bangsa menolak.", "Perserikatan Bangsa-Bangsa", "UN"),
    ("PBB menolak.", "PBB", "UN"),
    ("Dewan Keamanan PBB menolak.", "Dewan Keamanan PBB", "UN"),
    ("Uni Eropa menolak.", "Uni Eropa", "EU"),
    ("Organisasi Kesehatan Dunia menolak.", "Organisasi Kesehatan Dunia", "WHO"),
    ("Federasi Rusia menolak.", "Federasi Rusia", "RUS"),  # pycountry's Indonesian name
    ("Germany refused.", "Germany", "DEU"),  # pycountry's English name
])
def test_aliases_name_states_and_organisations(table, text, mention, code):
    assert actors_of(table, text)[0][:2] == (mention, code)


def test_a_capital_is_its_government_unless_it_is_the_venue(table):
    assert actors_of(table, "Beijing menolak tuduhan Washington.") == [
        ("Beijing", "CHN", "state"), ("Washington", "USA", "state")]
    assert actors_of(table, "Gedung Putih dan Kremlin saling menuding.") == [
        ("Gedung Putih", "USA", "state"), ("Kremlin", "RUS", "state")]
    venue = table.link("KTT itu digelar di Beijing, lalu delegasi terbang ke Washington.")
    assert [(m.text, m.actor) for m in venue] == [("Beijing", None), ("Washington", None)]
    dateline = table.link("Beijing (ANTARA) - Indonesia menyambut baik resolusi itu.")
    assert [(m.text, m.actor) for m in dateline] == [("Beijing", None), ("Indonesia", "IDN")]
    address = table.link("Peta itu dipamerkan di British Museum, London, Inggris, dan Tokyo menolak.")
    assert [(m.text, m.actor) for m in address] == [("London", None), ("Inggris", "GBR"), ("Tokyo", "JPN")]


def test_derived_forms_count_for_the_state(table):
    assert actors_of(table, "Perusahaan Tiongkok dan investor asal China membeli saham.") == [
        ("Tiongkok", "CHN", "state"), ("China", "CHN", "state")]


def test_place_names_containing_a_state_name_are_not_the_state(table):
    assert actors_of(table, "Kapal berlayar di Laut China Selatan dekat Semenanjung Korea.") == []
    assert actors_of(table, "Kedua negara bicara dalam bahasa Inggris.") == []
    # a longer place the NER model tagged is not the state either
    text = "Mereka tiba di Provinsi Guangdong China."
    entities = [{"start": 15, "end": 39, "label": "LOC"}]
    assert actors_of(table, text, entities) == []
    # in a place entity of no other kind (no province, sea, island ...) the name still names the state
    text = "Banjir melanda wilayah Utara Thailand."
    assert text[23:37] == "Utara Thailand"
    assert actors_of(table, text, [{"start": 23, "end": 37, "label": "LOC"}]) == [("Thailand", "THA", "state")]


def test_office_holders_speak_for_their_state_or_organisation(table):
    assert actors_of(table, "Xi Jinping bertemu Joe Biden.") == [
        ("Xi Jinping", "CHN", "person"), ("Joe Biden", "USA", "person")]
    assert actors_of(table, "Guterres mendesak gencatan senjata.") == [("Guterres", "UN", "person")]
    assert actors_of(table, "Presiden Prabowo tiba.") == [("Prabowo", "IDN", "person")]


def test_dated_office_holders_follow_the_documents_date(table):
    assert actors_of(table, "Ban Ki-moon berpidato.", date="2010-05-01") == [("Ban Ki-moon", "UN", "person")]
    assert actors_of(table, "Ban Ki-moon berpidato.", date="2020-05-01") == []
    assert actors_of(table, "Guterres berpidato.", date="2012-01-01") == []


def test_a_person_right_after_an_actor_speaks_for_it(table):
    text = "Menlu Rusia Dmitri Sokolov bertemu Tim Harlow dari Kanada."
    entities = [{"start": 12, "end": 26, "label": "PER"}, {"start": 35, "end": 45, "label": "PER"}]
    found = {m.text: (m.actor, m.kind) for m in table.link(text, entities)}
    assert found["Dmitri Sokolov"] == ("RUS", "person")
    assert found["Tim Harlow"] == (None, None)  # "dari Kanada" follows him: nothing says he speaks for it
    assert found["Kanada"] == ("CAN", "state")


def test_a_person_after_an_actor_without_an_office_is_not_its_speaker(table):
    text = "Pakar asal Amerika Serikat, Pamela Hart, menjelaskan risikonya."
    entities = [{"start": 28, "end": 39, "label": "PER"}]
    assert {m.text: m.actor for m in table.link(text, entities)}["Pamela Hart"] is None


def test_a_person_named_again_by_surname_keeps_the_actor_within_a_document(table):
    people = {}
    first = "Menlu Rusia Dmitri Sokolov tiba di Jakarta."
    table.link(first, [{"start": 12, "end": 26, "label": "PER"}], people=people)
    again = table.link("Sokolov menolak usulan itu.", [{"start": 0, "end": 7, "label": "PER"}], people=people)
    assert [(m.text, m.actor, m.kind) for m in again] == [("Sokolov", "RUS", "person")]
    fresh = table.link("Sokolov menolak usulan itu.", [{"start": 0, "end": 7, "label": "PER"}], people={})
    assert fresh[0].actor is None
    by_given_name = table.link("Dmitri kemudian menolak usulan itu.", [{"start": 0, "end": 6, "label": "PER"}],
                               people=people)
    assert [(m.text, m.actor) for m in by_given_name] == [("Dmitri", "RUS")]  # Indonesian news: "Edhy", "Luhut"


def test_a_persons_title_is_not_part_of_the_mention(table):
    text = "Ratu Elizabeth II dan Presiden Dmitri Sokolov bertemu."
    entities = [{"start": 0, "end": 17, "label": "PER"}, {"start": 22, "end": 45, "label": "PER"}]
    assert [m.text for m in table.link(text, entities)] == ["Elizabeth II", "Dmitri Sokolov"]
    assert actors_of(table, text, entities)[0] == ("Elizabeth II", "GBR", "person")


def test_a_name_inside_another_name_is_not_that_actor(table):
    text = "Palang Merah Indonesia dan Kementerian Luar Negeri China membantu korban."
    entities = [{"start": 0, "end": 22, "label": "ORG"}, {"start": 27, "end": 56, "label": "ORG"}]
    assert actors_of(table, text, entities) == [("China", "CHN", "state")]
    text = "Pengusaha Rudi Prabowo meninjau pelabuhan."
    found = table.link(text, [{"start": 10, "end": 22, "label": "PER"}])
    assert [(m.text, m.actor) for m in found] == [("Rudi Prabowo", None)]  # not President Prabowo
    assert actors_of(table, "Perang Korea berakhir tanpa perjanjian damai.") == []  # "Korea" alone: which one?


def test_unknown_mentions_keep_a_null_actor(table):
    text = "Huawei dan Rina Kusuma hadir."
    entities = [{"start": 0, "end": 6, "label": "ORG"}, {"start": 11, "end": 22, "label": "PER"}]
    assert [(m.text, m.actor, m.kind) for m in table.link(text, entities)] == [
        ("Huawei", None, None), ("Rina Kusuma", None, None)]
    for m in table.link(text, entities):
        assert text[m.start:m.end] == m.text


def test_dyads_pair_distinct_actors_of_framed_sentences_only():
    mentions = [{"actor": "USA"}, {"actor": "CHN"}, {"actor": "USA"}, {"actor": None}]
    assert dyads(mentions, "competition") == [{"a": "CHN", "b": "USA", "stance": "competition"}]
    assert dyads(mentions, "neutral") == []
    assert dyads(mentions, None) == []
    assert dyads([{"actor": "USA"}, {"actor": "USA"}], "cooperation") == []


def test_team_mini_corpus_gives_the_expected_pairs_and_framing(table):
    items = [json.loads(line) for line in MINI_CORPUS.read_text(encoding="utf-8").splitlines()]
    documents = {}
    for item in items:
        mentions = [m.as_dict() for m in table.link(item["text"], date=item["date"])]
        pairs = [[d["a"], d["b"]] for d in dyads(mentions, item["stance"])]
        assert pairs == item["pairs"], item["text"]
        documents.setdefault(item["doc"], []).append(
            {"doc_id": item["doc"], "stance": item["stance"], "actors": mentions, "date": item["date"]})
    rows = pair_table([("train", rows) for rows in documents.values()], names=table.name, resamples=200)
    top = rows[0]
    assert (top["a"], top["b"], top["sentences"], top["competition"], top["documents"]) == ("CHN", "USA", 3, 3, 1)
    assert top["net"] == -1.0 and top["net_low"] == -1.0
    by_doc = pair_table([("train", rows) for rows in documents.values()], by="doc", resamples=200)
    dominant = {(r["doc_id"], r["a"], r["b"]): r["net"] for r in by_doc}
    assert dominant[("pbb", "CHN", "UN")] == 1.0
    assert dominant[("uni-eropa", "EU", "KOR")] == 0.0  # mixed
    assert {r["doc_id"] for r in by_doc} == {"chip", "pbb", "asean", "uni-eropa", "rusia"}


def test_interval_widens_with_disagreeing_documents():
    docs = [("train", [{"doc_id": f"d{i}", "stance": s, "actors": [{"actor": "CHN"}, {"actor": "USA"}]}])
            for i, s in enumerate(["cooperation", "competition"] * 10)]
    row = pair_table(docs, resamples=500)[0]
    assert row["net"] == 0.0 and row["net_low"] < -0.2 and row["net_high"] > 0.2
    assert row["documents"] == 20


def test_pipeline_links_actors_into_the_dataset(dataset):
    import datasets
    rows = datasets.load_dataset(str(dataset), split="train")
    linked = [a for r in rows for a in r["actors"] if a["actor"]]
    assert {"CHN", "USA"} <= {a["actor"] for a in linked}
    for r in rows:
        for a in r["actors"]:
            assert r["text"][a["start"]:a["end"]] == a["text"]
        assert r["dyads"] == dyads(r["actors"], rows.features["stance"].int2str(r["stance"]))


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl"])
def test_dyads_command_on_the_sample(dataset, fmt):
    result = CliRunner().invoke(main, ["dyads", str(dataset), "--format", fmt, "--min-sentences", "2"])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.output.splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
    else:  # aligned columns: each value starts where its header does
        header, *lines = result.output.splitlines()
        assert header.split()[:5] == ["a", "a_name", "b", "b_name", "sentences"]
        starts = [header.index(f" {c} ") + 1 if i else 0 for i, c in enumerate(header.split()[:-1])] + [header.rindex(" ") + 1]
        rows = [{c: line[s:e].strip() for c, s, e in zip(header.split(), starts, starts[1:] + [None])} for line in lines]
    assert rows and all(int(r["sentences"]) >= 2 for r in rows)
    assert ("CHN", "USA") in {(r["a"], r["b"]) for r in rows}


def test_dyads_command_groups_by_document(dataset):
    result = CliRunner().invoke(main, ["dyads", str(dataset), "--by", "doc", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert all(r["documents"] == 1 and r["doc_id"] for r in rows)
    assert Counter((r["a"], r["b"]) for r in rows)[("CHN", "USA")] >= 2


def test_dyads_of_a_dataset_without_stance_is_one_clear_line(tmp_path, nlp):
    from annotate.run import run
    out = tmp_path / "nostance"
    run([str(SAMPLE / "03-ktt-asean.txt")], out, pipeline=Pipeline([p for p in nlp.processors if p.name != "stance"]),
        progress=False)
    result = CliRunner().invoke(main, ["dyads", str(out)])
    assert result.exit_code != 0
    assert "no sentence has a stance" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_dyads_from_a_store_prefer_people_over_the_model(dataset, tmp_path):
    from annotate.annotation.importer import import_tasks
    from annotate.annotation.store import Store
    store_path = tmp_path / "labels.db"
    with Store(store_path) as store:
        import_tasks(dataset, store)
        task = next(t for t in store.tasks() if t.row["stance"] == "competition"
                    and {"CHN", "USA"} <= {a["actor"] for a in t.row.get("actors") or []})
        for who in ("ani", "budi"):
            store.decide(task.id, who, "stance", "label", label="cooperation")
    result = CliRunner().invoke(main, ["dyads", str(store_path), "--by", "doc", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    pair = next(r for r in rows if r["doc_id"] == task.doc_id and (r["a"], r["b"]) == ("CHN", "USA"))
    assert pair["cooperation"] >= 1  # the model said competition; two people said cooperation


def test_a_person_written_in_another_spelling_of_a_listed_name_is_linked(table):
    person = {"start": 0, "end": 22, "label": "PER"}
    assert actors_of(table, "Luhut Binsar Panjaitan berkata.", [person]) == [("Luhut Binsar Panjaitan", "IDN", "person")]
    accented = "Andres Manuel Lopez Obrador"  # listed with and without accents; folding needs neither
    assert table._folded("Andrés Manuel López Obrador") == table._folded(accented) == "andres manuel lopez obrador"
    assert actors_of(table, "Rudi Hartono berkata.", [{"start": 0, "end": 12, "label": "PER"}]) == []


def test_an_annotators_actor_for_an_entity_wins_over_the_tables(table):
    text = "Beijing menolak, kata Zhang Wei dari Laut China Selatan."
    entities = [{"start": 0, "end": 7, "label": "LOC", "actor": "-"},        # not the government here
                {"start": 22, "end": 31, "label": "PER", "actor": "CHN"},    # a spokesperson the table lacks
                {"start": 37, "end": 55, "label": "LOC", "actor": "CHN"}]    # inside a "none" phrase: still given
    assert actors_of(table, text) == [("Beijing", "CHN", "state")]
    assert actors_of(table, text, entities) == [("Zhang Wei", "CHN", "person"), ("Laut China Selatan", "CHN", "state")]
    assert actors_of(table, "Sekretariat PBB hadir.", [{"start": 0, "end": 15, "label": "ORG", "actor": "UN"}]) == [
        ("Sekretariat PBB", "UN", "org")]


def test_markup_sets_and_clears_actors_and_refuses_unknown_codes(table):
    from annotate.annotation.markup import MarkupError, parse, render
    text = "Xi bertemu Biden di Beijing."
    starts, ends = [0, 3, 11, 17, 20, 27], [2, 10, 16, 19, 27, 28]
    found = parse("[Xi]{PER:chn} bertemu [Biden]{PER} di [Beijing]{LOC:-}.", text, starts, ends,
                  ["PER", "ORG", "LOC"], table.codes)
    assert [(e["text"], e.get("actor")) for e in found] == [("Xi", "CHN"), ("Biden", None), ("Beijing", "-")]
    assert render(text, found) == "[Xi]{PER:CHN} bertemu [Biden]{PER} di [Beijing]{LOC:-}."
    with pytest.raises(MarkupError, match="unknown actor 'XYZ'"):
        parse("[Xi]{PER:XYZ} bertemu Biden di Beijing.", text, starts, ends, ["PER"], table.codes)
    with pytest.raises(MarkupError, match="no actor table"):
        parse("[Xi]{PER:CHN} bertemu Biden di Beijing.", text, starts, ends, ["PER"])


def test_an_actor_fixed_in_the_entity_editor_reaches_the_export(tmp_path, table):
    from annotate.annotation.export import final_rows
    from annotate.annotation.session import LabellingSession
    from annotate.annotation.store import Store
    from annotate.annotation.tui import highlight
    text = "Zhang Wei menolak tuduhan Beijing."
    row = {"id": "d-0", "doc_id": "d", "sent_index": 0, "text": text, "stance": "competition",
           "tokens": ["Zhang", "Wei", "menolak", "tuduhan", "Beijing", "."], "token_starts": [0, 6, 10, 18, 26, 33],
           "token_ends": [5, 9, 17, 25, 33, 34], "entities": [{"start": 0, "end": 9, "label": "PER", "text": "Zhang Wei"},
                                                           {"start": 26, "end": 33, "label": "LOC", "text": "Beijing"}],
           "actors": [m.as_dict() for m in table.link(text, [{"start": 26, "end": 33, "label": "LOC"}])]}
    with Store(tmp_path / "s.db") as store:
        store.add_tasks([row])
        with LabellingSession(store, "ani", "ner", actor_codes=table.codes) as session:
            assert session.markup(session.current()) == "[Zhang Wei]{PER} menolak tuduhan [Beijing]{LOC:CHN}."
            shown = "".join(text for _, text in highlight(text, row["entities"], row["actors"]))
            assert shown == "[Zhang Wei]PER menolak tuduhan [Beijing]LOC·CHN."
            answer = session.save_markup("[Zhang Wei]{PER:CHN} menolak tuduhan [Beijing]{LOC:-}.")
        assert answer.entities == [[0, 9, "PER", "CHN"], [26, 33, "LOC", "-"]]
        exported = next(final_rows(store, table))[0]
    assert [(a["text"], a["actor"]) for a in exported["actors"]] == [("Zhang Wei", "CHN"), ("Beijing", None)]
    assert [{k: e[k] for k in ("start", "end", "label")} for e in exported["entities"]] == [
        {"start": 0, "end": 9, "label": "PER"}, {"start": 26, "end": 33, "label": "LOC"}]
    assert all(set(e) == {"start", "end", "label", "text"} for e in exported["entities"])  # the declared columns
