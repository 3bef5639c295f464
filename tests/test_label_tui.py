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

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
SENTENCES = ["Indonesia dan Jepang menandatangani kerja sama maritim.", "Harga minyak naik tipis pada Rabu.",
             "AS memperketat ekspor cip ke China.", "Menlu Retno bertemu Menlu Wang Yi di Jakarta.",
             "Turnamen catur digelar di Bali."]


def make_store(path, texts=SENTENCES):
    rows = []
    for i, text in enumerate(texts):
        starts = [m.start() for m in re.finditer(r"\w+|[^\w\s]", text)]
        ends = [m.end() for m in re.finditer(r"\w+|[^\w\s]", text)]
        tokens = [m.group() for m in re.finditer(r"\w+|[^\w\s]", text)]
        rows.append({"id": f"d-{i}", "doc_id": "d", "sent_index": i, "text": text, "tokens": tokens, "token_starts": starts,
                     "token_ends": ends, "title": "Berita uji", "entities": [], "stance": "neutral",
                     "stance_scores": [0.4 + 0.1 * i, 0.2, 0.2, 0.2 - 0.1 * i + 0.1], "stance_source": "model"})
    (path.parent / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store(path) as store:
        import_tasks(path.parent / "rows.jsonl", store)
    return path


def spawn(store, annotator, *extra):
    return pexpect.spawn(sys.executable, ["-m", "annotate", "label", "--store", str(store), "--annotator", annotator,
                                          *extra], encoding="utf-8", dimensions=(40, 200), timeout=60)


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
    press(child, ("2", "1/5 done"))
    child.expect("Harga minyak")
    press(child, ("\r", "2/5 done"),  # accept the suggestion (neutral)
          ("u", "undone"))  # back to the second sentence
    assert "Harga minyak" in ANSI.sub("", child.before)
    press(child, ("3", "2/5 done"), ("s", "Menlu Retno"), ("?", r"\[e\]|\[1\] neutral"), ("x", "unknown key"),
          ("q", "2/5 answered by ani"))
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
    child.sendline("Menlu [Ret]{PER}no bertemu Menlu Wang Yi di Jakarta.")
    child.expect("not saved: 'Ret' does not start and end on token boundaries")
    child.expect("edit>")
    child.sendline("Menlu [Retno]{PER} bertemu Menlu [Wang Yi]{PER} di [Jakarta]{LOC}.")
    child.expect("saved 3 entities")
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
    child.send("s")
    child.expect("No disagreement left")
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
    result = CliRunner().invoke(main, ["stance", "train", "--store", str(store), "--out", str(tmp_path / "m.skops")])
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
    child.expect(pexpect.EOF)
    from annotate.annotation.resolve import resolve
    with Store(store) as s:
        [final] = resolve(s, "ner").values()
    assert (final.source, final.value) == ("adjudicated", ((6, 11, "PER"), (37, 44, "LOC")))
