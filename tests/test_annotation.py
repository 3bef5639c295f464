"""The annotation store, import and agreement."""
import json
import signal
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from annotate.annotation.agreement import (cohen_kappa, entity_agreement, fleiss_kappa, krippendorff_alpha,
                                           ratings_from, stance_agreement)
from annotate.annotation.importer import import_tasks
from annotate.annotation.store import SCHEMA_VERSION, Store, StoreError
from annotate.cli import main
from annotate.errors import AnnotateError

# Two annotators, four items: po = 3/4, pe = 1/2 -> kappa 1/2 (worked by hand in the comments below).
TWO = {1: {"a": "x", "b": "x"}, 2: {"a": "x", "b": "y"}, 3: {"a": "y", "b": "y"}, 4: {"a": "y", "b": "y"}}


def test_cohen_fleiss_krippendorff_match_hand_computed_values():
    assert cohen_kappa(TWO, "a", "b").value == pytest.approx(0.5)
    # Fleiss: mean P_i = 3/4; p_x = 3/8, p_y = 5/8 -> P_e = 34/64 -> (48/64 - 34/64) / (30/64) = 14/30
    assert fleiss_kappa(TWO).value == pytest.approx(14 / 30)
    # Krippendorff: o_xx = 2, o_xy = o_yx = 1, o_yy = 4; n_x = 3, n_y = 5, n = 8 -> 1 - 7 * 2 / 30
    assert krippendorff_alpha(TWO).value == pytest.approx(1 - 7 * 2 / 30)
    three = {1: {"a": "x", "b": "x", "c": "x"}, 2: {"a": "x", "b": "x", "c": "y"}, 3: {"a": "y", "b": "y"}}
    # Fleiss with varying raters: P = [1, 1/3, 1]; p_x = 5/8, p_y = 3/8 -> P_e = 34/64
    assert fleiss_kappa(three).value == pytest.approx(((1 + 1 / 3 + 1) / 3 - 34 / 64) / (1 - 34 / 64))
    assert fleiss_kappa(three).items == 3


def test_degenerate_cases_are_explained_not_computed():
    [only] = stance_agreement({1: {"a": "x"}, 2: {"a": "y"}})
    assert only.value is None and "1 annotator(s)" in only.reason
    same = {1: {"a": "x", "b": "x"}, 2: {"a": "x", "b": "x"}}
    assert cohen_kappa(same, "a", "b").value is None and "same label" in cohen_kappa(same, "a", "b").reason
    assert fleiss_kappa(same).value is None and krippendorff_alpha(same).value is None
    apart = {1: {"a": "x"}, 2: {"b": "y"}}
    figure = cohen_kappa(apart, "a", "b")
    assert figure.value is None and figure.items == 0 and "no item labelled by both" in str(figure)
    assert fleiss_kappa(apart).reason == "no item has two or more answers"


def test_entity_span_f1_per_pair():
    spans = {1: {"a": {(0, 5, "PER"), (9, 14, "LOC")}, "b": {(0, 5, "PER")}}, 2: {"a": set(), "b": {(3, 7, "ORG")}}}
    [figure] = entity_agreement(spans)
    assert figure.value == pytest.approx(2 * 1 / (2 + 1 + 1)) and figure.items == 2


def test_import_is_idempotent_and_keeps_pre_annotations(tmp_path, dataset):
    with Store(tmp_path / "s.db") as store:
        added, present = import_tasks(dataset, store)
        assert added > 60 and present == 0
        assert import_tasks(dataset, store) == (0, added)
        task = next(store.tasks())
        assert task.row["stance"] in ("neutral", "cooperation", "competition", "mixed")
        assert all(tag[:2] in ("O", "B-", "I-") for tag in task.row["ner_tags"])


def test_bad_import_source_changes_nothing(tmp_path):
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "d-0", "doc_id": "d", "sent_index": 0, "text": "A."}) + "\n"
                                         + json.dumps({"text": "tanpa id"}) + "\n")
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(AnnotateError, match="row 2 lacks id, doc_id, sent_index"):
            import_tasks(tmp_path / "rows.jsonl", store)
        assert list(store.tasks()) == []


def test_newer_corrupt_or_foreign_files_are_refused_and_left_alone(tmp_path):
    newer = tmp_path / "newer.db"
    Store(newer).close()
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer annotate"):
        Store(newer)
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a readable annotation store"):
        Store(corrupt)
    assert corrupt.read_bytes() == b"this is not sqlite" * 100
    foreign = tmp_path / "foreign.db"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE mine (x)")
    db.close()
    with pytest.raises(StoreError, match="not an annotation store"):
        Store(foreign)
    result = CliRunner().invoke(main, ["agreement", "--store", str(corrupt)])
    assert result.exit_code == 1 and "Traceback" not in result.stderr


def test_undo_cancels_the_annotators_last_decision_only(tmp_path, dataset):
    with Store(tmp_path / "s.db") as store:
        import_tasks(dataset, store)
        first, second = [t.id for t in store.tasks()][:2]
        store.decide(first, "ani", "stance", "label", label="cooperation")
        store.decide(first, "budi", "stance", "label", label="neutral")
        store.decide(second, "ani", "stance", "label", label="mixed")
        store.decide(second, "ani", "stance", "undo")
        store.decide(first, "ani", "stance", "skip")
        labels, _ = ratings_from(store.answers("stance"))
        assert labels == {first: {"budi": "neutral"}}


WRITER = """
import sys
from annotate.annotation.store import Store
store = Store(sys.argv[1])
task_ids = [t.id for t in store.tasks()]
for i in range(int(sys.argv[3])):
    store.decide(task_ids[i % len(task_ids)], sys.argv[2], "stance", "label", label="neutral")
    print(i, flush=True)
"""


def test_two_annotators_writing_at_once_both_succeed(tmp_path, dataset):
    path = tmp_path / "s.db"
    with Store(path) as store:
        import_tasks(dataset, store)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "300"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True) for name in ("ani", "budi")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    with Store(path) as store:
        counts = store.db.execute("SELECT annotator, count(*) FROM decisions GROUP BY annotator").fetchall()
    assert dict(counts) == {"ani": 300, "budi": 300}


def test_kill_9_loses_no_committed_decision(tmp_path, dataset):
    path = tmp_path / "s.db"
    with Store(path) as store:
        import_tasks(dataset, store)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "ani", "100000"], stdout=subprocess.PIPE, text=True)
    reported = -1
    while reported < 200:
        reported = int(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with Store(path) as store:
        [(count,)] = store.db.execute("SELECT count(*) FROM decisions").fetchall()
    assert count >= reported + 1


def test_cli_import_and_agreement(tmp_path, dataset):
    store = tmp_path / "s.db"
    first = CliRunner().invoke(main, ["import", str(dataset), "--store", str(store)])
    again = CliRunner().invoke(main, ["import", str(dataset), "--store", str(store)])
    assert first.exit_code == again.exit_code == 0
    assert "(0 already there)" in first.stderr and "added 0 tasks" in again.stderr
    with Store(store) as s:
        ids = [t.id for t in s.tasks()][:4]
        for task, (a, b) in zip(ids, [("x", "x"), ("x", "y"), ("y", "y"), ("y", "y")]):
            label = {"x": "cooperation", "y": "competition"}
            s.decide(task, "ani", "stance", "label", label=label[a])
            s.decide(task, "budi", "stance", "label", label=label[b])
    result = CliRunner().invoke(main, ["agreement", "--store", str(store)])
    assert "Cohen's kappa ani / budi: 0.500 over 4 items" in result.stdout
    assert "Krippendorff's alpha: 0.533 over 4 items" in result.stdout
