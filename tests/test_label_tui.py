"""The labelling loop through a real pseudo-terminal: keystrokes in, screen and store checked."""
import json
import re
import signal
import sys

import pexpect
from click.testing import CliRunner

from annotate.annotation.importer import import_tasks
from annotate.annotation.store import Store
from annotate.cli import main

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]| \x08")
SENTENCES = ["Indonesia dan Jepang menandatangani kerja sama maritim.", "Harga minyak naik tipis pada Rabu.",
             "AS memperketat ekspor cip ke China.", "Menlu Retno bertemu Menlu Wang Yi di Jakarta.",
             "Turnamen catur digelar di Bali."]


def make_store(path, texts=SENTENCES, title="Berita uji", entities=None):
    rows = []
    for i, text in enumerate(texts):
        starts = [m.start() for m in re.finditer(r"\w+|[^\w\s]", text)]
        ends = [m.end() for m in re.finditer(r"\w+|[^\w\s]", text)]
        tokens = [m.group() for m in re.finditer(r"\w+|[^\w\s]", text)]
        rows.append({"id": f"d-{i}", "doc_id": "d", "sent_index": i, "text": text, "tokens": tokens, "token_starts": starts,
                     "token_ends": ends, "title": title, "entities": (entities or {}).get(i, []), "stance": "neutral",
                     "stance_scores": [0.4 + 0.1 * i, 0.2, 0.2, 0.2 - 0.1 * i + 0.1], "stance_source": "model"})
    (path.parent / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store(path) as store:
        import_tasks(path.parent / "rows.jsonl", store)
    return path


def spawn(store, annotator, *extra, dimensions=(40, 200)):
    return pexpect.spawn(sys.executable, ["-m", "annotate", "label", "--store", str(store), "--annotator", annotator,
                                          *extra], encoding="utf-8", dimensions=dimensions, timeout=60)


def answers(store, kind="stance"):
    with Store(store) as s:
        keys = {t.id: t.key for t in s.tasks()}
        return {(keys[a.task_id], a.annotator): (a.action, a.label, a.entities) for a in s.answers(kind)}


def press(child, *steps):
    """For each (key, pattern): send the key, then wait until the screen shows the pattern."""
    for key, pattern in steps:
        child.send(key)
        child.expect(pattern)


def test_keystrokes_label_accept_skip_undo_help_quit(tmp_path):
    store = make_store(tmp_path / "s.db")
    child = spawn(store, "ani")
    child.expect("0/5 done")
    child.expect("menandatangani kerja sama maritim")
    press(child, ("2", r"saved: cooperation for d-0 \(1/5\)"))
    assert "▶ Harga minyak" in ANSI.sub("", child.before) and "1/5 done" in child.before
    press(child, ("\r", r"saved: neutral for d-1 \(2/5\)"),  # accept the suggestion
          ("u", "undone: neutral for d-1"))  # back to the second sentence
    assert "▶ Harga minyak" in ANSI.sub("", child.before)
    press(child, ("3", "2/5 done"), ("s", "skipped d-2"), ("u", "undone: skip of d-2"), ("s", "skipped d-2"),
          ("x", "unknown key"), ("q", "2/5 answered by ani"))
    child.expect(pexpect.EOF)
    assert answers(store) == {("d-0", "ani"): ("label", "cooperation", None),
                              ("d-1", "ani"): ("label", "competition", None)}


def test_resume_after_kill_9_loses_at_most_the_item_on_screen(tmp_path):
    store = make_store(tmp_path / "s.db")
    child = spawn(store, "ani")
    child.expect("0/5 done")
    press(child, ("2", "1/5 done"), ("1", "2/5 done"))
    child.kill(signal.SIGKILL)
    child.wait()
    again = spawn(store, "ani")
    again.expect("2/5 done")
    again.expect("AS memperketat")  # the third sentence: resumes where it stopped
    again.send("q")
    again.expect(pexpect.EOF)
    assert len(answers(store)) == 2


def test_two_annotators_at_the_same_time(tmp_path):
    store = make_store(tmp_path / "s.db")
    ani, budi = spawn(store, "ani"), spawn(store, "budi", "--order", "uncertainty")
    ani.expect("0/5 done")
    budi.expect("0/5 done")
    budi.expect("menandatangani")  # least confident suggestion first (0.4)
    for key in "1234":
        ani.send(key)
        budi.send(key)
        ani.expect(r"\d/5 done")
        budi.expect(r"\d/5 done")
    ani.send("q")
    budi.send("q")
    ani.expect(pexpect.EOF)
    budi.expect(pexpect.EOF)
    result = answers(store)
    assert sum(1 for _, who in result if who == "ani") == 4 and sum(1 for _, who in result if who == "budi") == 4
    agreement = CliRunner().invoke(main, ["agreement", "--store", str(store)])
    assert "Cohen's kappa ani / budi" in agreement.stdout


def test_entity_edit_validates_markup_and_retries(tmp_path):
    store = make_store(tmp_path / "s.db")
    child = spawn(store, "ani", "--task", "ner")
    child.expect("0/5 done")
    child.send("s")
    child.send("s")
    child.send("s")
    child.expect("Menlu Retno")
    child.send("e")
    child.expect("edit>")
    child.sendline("\x15Menlu [Ret]{PER}no bertemu Menlu Wang Yi di Jakarta.")  # Ctrl-U empties the line
    child.expect("not saved: 'Ret' does not start and end on token boundaries")
    child.expect("edit>")
    child.sendline("\x15Menlu [Retno]{PER} bertemu Menlu [Wang Yi]{PER} di [Jakarta]{LOC}.")
    child.expect(r"saved: 3 entities for d-3 \(1/5\)")
    child.send("q")
    child.expect(pexpect.EOF)
    assert answers(store, "ner") == {("d-3", "ani"): ("label", None, [[6, 11, "PER"], [26, 33, "PER"], [37, 44, "LOC"]])}


def test_escape_sequences_in_the_data_never_reach_the_terminal(tmp_path):
    store = make_store(tmp_path / "s.db", ["Judul \x1b]0;pwned\x07 dan \x1b[31mmerah\x1b[0m serta \u202eterbalik."])
    child = spawn(store, "ani")
    child.expect("0/1 done")
    child.expect(r"\[q\] quit")
    screen = child.before
    child.send("q")
    child.expect(pexpect.EOF)
    assert "\x1b]0;" not in screen and "\x1b[31m" not in screen and "\u202e" not in screen
    assert "merah" in screen


def test_label_needs_a_terminal(tmp_path):
    store = make_store(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["label", "--store", str(store), "--annotator", "ani"])
    assert result.exit_code == 1 and "need an interactive terminal" in result.stderr


def disagree(store):
    with Store(store) as s:
        first, second, third = [t.id for t in s.tasks()][:3]
        s.decide(first, "ani", "stance", "label", label="cooperation")
        s.decide(first, "budi", "stance", "label", label="cooperation")
        s.decide(second, "ani", "stance", "label", label="neutral")
        s.decide(second, "budi", "stance", "label", label="competition")
        s.decide(third, "ani", "stance", "label", label="competition")
        s.decide(third, "budi", "stance", "label", label="mixed")


def test_review_shows_each_answer_and_adjudicates_with_one_key(tmp_path):
    store = make_store(tmp_path / "s.db")
    disagree(store)
    child = pexpect.spawn(sys.executable, ["-m", "annotate", "review", "--store", str(store), "--reviewer", "sari"],
                          encoding="utf-8", dimensions=(40, 200), timeout=60)
    child.expect("disagreement 1/2")
    child.expect("budi: competition")
    screen = ANSI.sub("", child.before)
    assert "Harga minyak" in screen and "ani: neutral" in screen
    child.send("3")
    child.expect("disagreement 2/2")
    child.expect("decided: competition for d-1")
    child.send("u")
    child.expect("disagreement 1/2")
    child.expect("undone: competition for d-1")
    child.send("3")
    child.expect("disagreement 2/2")
    child.send("s")
    child.expect("No disagreement left")
    child.send("q")
    child.expect("1 adjudicated by sari")
    child.expect(pexpect.EOF)
    from annotate.annotation.resolve import resolve
    with Store(store) as s:
        final = {next(t.key for t in s.tasks() if t.id == k): (v.value, v.source) for k, v in resolve(s, "stance").items()}
    assert final == {"d-0": ("cooperation", "gold"), "d-1": ("competition", "adjudicated"), "d-2": (None, "disputed")}


def test_export_keeps_provenance_and_loads_with_datasets(tmp_path):
    import datasets
    store = make_store(tmp_path / "s.db")
    disagree(store)
    with Store(store) as s:
        second = [t.id for t in s.tasks()][1]
        s.decide(second, "sari", "stance", "adjudicate", label="competition")
        s.decide([t.id for t in s.tasks()][3], "ani", "ner", "label", entities=[[6, 11, "PER"]])
    out = tmp_path / "gold"
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    ds = datasets.load_dataset(str(out))
    names = ds["train"].features["stance"].names
    rows = {r["id"]: r for split in ds.values() for r in split}
    assert (names[rows["d-0"]["stance"]], rows["d-0"]["stance_source"]) == ("cooperation", "gold")
    assert (names[rows["d-1"]["stance"]], rows["d-1"]["stance_source"]) == ("competition", "adjudicated")
    assert rows["d-2"]["stance_source"] == "model" and rows["d-2"]["annotator_stances"] == ["competition", "mixed"]
    assert rows["d-4"]["annotators"] is None and rows["d-4"]["stance_source"] == "model"
    assert rows["d-3"]["entities"] == [{"start": 6, "end": 11, "label": "PER", "text": "Retno"}]
    tag_names = ds["train"].features["ner_tags"].feature.names
    assert [tag_names[t] for t in rows["d-3"]["ner_tags"]][:3] == ["O", "B-PER", "O"]
    card = (out / "README.md").read_text()
    assert "## Annotation and agreement" in card and "Cohen's kappa ani / budi" in card
    again = CliRunner().invoke(main, ["export", "--store", str(store), "--out", str(out)])
    assert again.exit_code == 1 and "--overwrite" in again.stderr


def test_export_min_annotators_decides_which_answers_are_gold(tmp_path):
    store = make_store(tmp_path / "s.db")
    disagree(store)
    with Store(store) as s:
        s.decide([t.id for t in s.tasks()][4], "ani", "stance", "label", label="neutral")  # one annotator only

    def export(*extra):
        out = tmp_path / f"out{''.join(extra)}.jsonl"
        result = CliRunner().invoke(main, ["export", "--store", str(store), "--out", str(out), "--format", "jsonl", *extra])
        assert result.exit_code == 0, result.stderr
        return {r["id"]: r["stance_source"] for r in map(json.loads, out.read_text().splitlines())}

    default = export()  # two annotators in the store: gold needs two agreeing answers
    assert (default["d-0"], default["d-4"]) == ("gold", "annotated")
    assert export("--min-annotators", "2") == default
    assert export("--min-annotators", "1")["d-4"] == "gold"
    assert export("--min-annotators", "3")["d-0"] == "annotated"
    card_dir = tmp_path / "ds"
    assert CliRunner().invoke(main, ["export", "--store", str(store), "--out", str(card_dir)]).exit_code == 0
    assert "an answer is `gold` when at least 2 annotators gave it" in (card_dir / "README.md").read_text()
    bad = CliRunner().invoke(main, ["export", "--store", str(store), "--out", str(tmp_path / "x"), "--min-annotators", "0"])
    assert bad.exit_code == 2 and "--min-annotators" in bad.stderr


def test_export_jsonl_and_conll(tmp_path):
    store = make_store(tmp_path / "s.db")
    with Store(store) as s:
        s.decide([t.id for t in s.tasks()][3], "ani", "ner", "label", entities=[[6, 11, "PER"], [37, 44, "LOC"]])
    assert CliRunner().invoke(main, ["export", "--store", str(store), "--out", str(tmp_path / "a.jsonl"),
                                     "--format", "jsonl"]).exit_code == 0
    records = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    retno = next(r for r in records if r["id"] == "d-3")
    assert [retno["text"][s["start"]:s["end"]] for s in retno["spans"]] == ["Retno", "Jakarta"]
    assert CliRunner().invoke(main, ["export", "--store", str(store), "--out", str(tmp_path / "a.conll"),
                                     "--format", "conll"]).exit_code == 0
    blocks = (tmp_path / "a.conll").read_text().strip().split("\n\n")
    assert len(blocks) == 5 and "Retno\tB-PER" in blocks[3] and "Jakarta\tB-LOC" in blocks[3]


def test_stance_model_retrains_from_gold_in_the_store(tmp_path):
    store = make_store(tmp_path / "s.db")
    disagree(store)
    with Store(store) as s:
        ids = [t.id for t in s.tasks()]
        s.decide(ids[3], "ani", "stance", "label", label="neutral")
    result = CliRunner().invoke(main, ["stance", "train", "--store", str(store), "--out", str(tmp_path / "m.npz")])
    assert result.exit_code == 0, result.stderr
    assert "trained on 2 sentences" in result.stderr


def test_review_entities_takes_one_annotators_version(tmp_path):
    store = make_store(tmp_path / "s.db")
    with Store(store) as s:
        task = [t.id for t in s.tasks()][3]
        s.decide(task, "ani", "ner", "label", entities=[[6, 11, "PER"]])
        s.decide(task, "budi", "ner", "label", entities=[[6, 11, "PER"], [37, 44, "LOC"]])
    child = pexpect.spawn(sys.executable, ["-m", "annotate", "review", "--store", str(store), "--reviewer", "sari",
                                           "--task", "ner"], encoding="utf-8", dimensions=(40, 200), timeout=60)
    child.expect(r"\[2\] budi: Menlu \[Retno\]\{PER\} bertemu Menlu Wang Yi di \[Jakarta\]\{LOC\}")
    child.send("2")
    child.expect("No disagreement left")
    child.send("q")
    child.expect(pexpect.EOF)
    from annotate.annotation.resolve import resolve
    with Store(store) as s:
        [final] = resolve(s, "ner").values()
    assert (final.source, final.value) == ("adjudicated", ((6, 11, "PER"), (37, 44, "LOC")))


def test_help_shows_the_label_definitions_and_rules_and_escape_returns(tmp_path):
    from annotate.annotation.guidelines import definitions
    store = make_store(tmp_path / "s.db")
    child = spawn(store, "ani")
    child.expect(r"\[q\] quit")
    child.send("?")
    child.expect(r"help 1/(\d+)")
    pages = int(child.match.group(1))
    first = " ".join(ANSI.sub("", child.before).split())
    assert list(definitions()) == ["neutral", "cooperation", "competition", "mixed"]
    for number, (label, definition) in enumerate(definitions().items(), start=1):
        assert f"[{number}] {label}: {definition}" in first
    assert "Decision rules" in first and "1. Find the actors." in first
    for page in range(2, pages + 1):
        press(child, (" ", f"help {page}/{pages}"))
    assert "12. Headlines are sentences too" in " ".join(ANSI.sub("", child.before).split())
    press(child, ("\x1b", r"\[q\] quit"))  # Esc: back to the same item, nothing saved
    assert "▶ Indonesia dan Jepang menandatangani" in ANSI.sub("", child.before)
    press(child, ("?", "help 1/"), ("q", r"\[q\] quit"), ("2", r"saved: cooperation for d-0"), ("q", pexpect.EOF))
    assert answers(store) == {("d-0", "ani"): ("label", "cooperation", None)}


def screen_lines(raw):
    """The text lines a screen drew, escape sequences removed."""
    return ANSI.sub("", raw).replace("\r", "").split("\n")


def test_long_sentences_wrap_at_word_boundaries_in_a_narrow_terminal(tmp_path):
    sentence = ("Delegasi Indonesia dan Amerika Serikat menandatangani perjanjian kerja sama maritim di New York "
                "pada Rabu pagi waktu setempat.")
    store = make_store(tmp_path / "s.db", [sentence, "Harga minyak naik tipis pada Rabu."])
    child = spawn(store, "ani", dimensions=(30, 40))
    child.expect(r"\[q\] quit")
    lines = screen_lines(child.before)
    child.send("q")
    child.expect(pexpect.EOF)
    assert max(len(line) for line in lines) <= 40
    shown = " ".join(" ".join(lines).split())
    assert sentence in shown  # every word whole: "New Yor" / "k" would not match
    assert any(line.startswith("▶ Delegasi") for line in lines)


def test_the_title_is_labelled_and_shown_once(tmp_path):
    headline = "Indonesia dan Jepang perkuat kerja sama maritim"
    store = make_store(tmp_path / "s.db", [headline, "Kedua negara sepakat berbagi data.", "Harga minyak naik."],
                       title=headline)
    child = spawn(store, "ani")
    screens = []
    for key in "sss":
        child.expect(r"\[q\] quit")
        screens.append(ANSI.sub("", child.before))
        child.send(key)
    child.send("q")
    child.expect(pexpect.EOF)
    on_headline, after_headline, later = screens
    assert on_headline.count(headline) == 1 and "title:" not in on_headline  # the sentence is the headline
    assert after_headline.count(headline) == 1 and "title:" not in after_headline  # the previous one is
    assert later.count(headline) == 1 and f"title: {headline}" in later


def test_entity_edit_starts_from_the_current_markup(tmp_path):
    store = make_store(tmp_path / "s.db", entities={3: [{"start": 6, "end": 11, "label": "PER", "text": "Retno"},
                                                        {"start": 37, "end": 44, "label": "PER", "text": "Jakarta"}]})
    child = spawn(store, "ani", "--task", "ner")
    child.expect("0/5 done")
    press(child, ("s", "skipped d-0"), ("s", "skipped d-1"), ("s", "skipped d-2"),
          ("e", r"edit> .*Menlu \[Retno\]\{PER\} bertemu Menlu Wang Yi di \[Jakarta\]\{PER\}\."))
    child.send("\x1b[D\x1b[D")  # two left: before "}"
    child.send("\x7f\x7f\x7fLOC\r")  # PER -> LOC for Jakarta, the rest as it was
    child.expect(r"saved: 2 entities for d-3 \(1/5\)")
    child.send("q")
    child.expect(pexpect.EOF)
    assert answers(store, "ner") == {("d-3", "ani"): ("label", None, [[6, 11, "PER"], [37, 44, "LOC"]])}


def test_overlap_one_gives_the_second_annotator_fresh_items_only(tmp_path):
    store = make_store(tmp_path / "s.db")
    ani = spawn(store, "ani", "--overlap", "1")
    press(ani, ("1", "saved: neutral for d-0"), ("2", "saved: cooperation for d-1"))  # ani now has d-2 on screen
    budi = spawn(store, "budi", "--overlap", "1")
    budi.expect(r"\[q\] quit")
    assert "▶ Menlu Retno" in ANSI.sub("", budi.before)  # d-3: not answered by ani, not on ani's screen
    press(budi, ("3", "saved: competition for d-3"), ("1", "All tasks in this queue are done"))
    budi.expect("saved: neutral for d-4")
    press(ani, ("1", "saved: neutral for d-2"), ("q", pexpect.EOF))
    press(budi, ("q", pexpect.EOF))
    result = answers(store)
    assert {key for key, who in result if who == "ani"} == {"d-0", "d-1", "d-2"}
    assert {key for key, who in result if who == "budi"} == {"d-3", "d-4"}


def test_overlap_queues_complete_started_items_and_never_exceed_k(tmp_path):
    from annotate.annotation.session import LabellingSession
    store = make_store(tmp_path / "s.db")
    with Store(store) as s:
        d3 = next(t.id for t in s.tasks() if t.key == "d-3")
        s.decide(d3, "ani", "stance", "label", label="mixed")
    with Store(store) as one, Store(store) as two, Store(store) as three:
        budi = LabellingSession(one, "budi", overlap=2)
        assert budi.current().key == "d-3"  # started by ani: completed first
        cici = LabellingSession(two, "cici", overlap=2)
        assert cici.current().key == "d-0"  # d-3 has its two: ani answered, budi has it on screen
        dodi = LabellingSession(three, "dodi", overlap=2)
        assert dodi.current().key == "d-0"  # started (on cici's screen), not full
        budi.answer("label", label="mixed")
        assert budi.current().key == "d-1"  # d-0 is on two screens already
        cici.close()
        assert LabellingSession(two, "eko", overlap=2).current().key == "d-0"  # cici left: a place is free
        assert LabellingSession(two, "fani").current().key == "d-0"  # no overlap given: no limit


def test_review_session_decides_undoes_and_skips(tmp_path):
    from annotate.annotation.resolve import resolve
    from annotate.annotation.review import ReviewSession
    store = make_store(tmp_path / "s.db")
    disagree(store)
    with Store(store) as s:
        session = ReviewSession(s, "sari")
        task = session.current()
        assert (task.key, session.progress()) == ("d-1", (1, 2))
        assert [(a.annotator, a.label) for a in session.answers(task)] == [("ani", "neutral"), ("budi", "competition")]
        assert session.choices(task) == ["neutral", "cooperation", "competition", "mixed"]
        decision = session.decide("competition")
        assert (decision.task_id, decision.label) == (task.id, "competition")
        assert resolve(s, "stance")[task.id].source == "adjudicated" and session.current().key == "d-2"
        assert session.undo().task_id == task.id
        assert session.current().key == "d-1" and resolve(s, "stance")[task.id].source == "disputed"
        try:
            session.decide("friendly")
            raise AssertionError("a label outside the choices was accepted")
        except ValueError:
            pass
        session.decide("neutral")
        assert session.skip().key == "d-2" and session.current() is None
        assert session.decided == [task.id] and session.undo().label == "neutral"
        assert session.undo() is None  # nothing decided in this session any more


def test_escape_sequences_in_the_data_stay_inert_in_the_entity_editor(tmp_path):
    text = "Judul \x1b]0;pwned\x07 dan \x1b[31mmerah\x1b[0m serta \u202eterbalik."
    store = make_store(tmp_path / "s.db", [text])
    child = spawn(store, "ani", "--task", "ner")
    press(child, ("e", "edit> .*terbalik"), ("\x1b", "edit cancelled"), ("e", "edit> .*terbalik"))
    screen = child.before + child.after
    child.send("\r")  # saved unchanged: the markup of the text as shown fits the text
    child.expect(r"saved: 0 entities for d-0 \(1/1\)")
    child.send("q")
    child.expect(pexpect.EOF)
    assert "\x1b]0;" not in screen and "\x1b[31m" not in screen and "\u202e" not in screen and "merah" in screen
    assert answers(store, "ner") == {("d-0", "ani"): ("label", None, [])}
