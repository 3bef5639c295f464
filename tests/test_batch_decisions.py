"""Decisions made outside the labelling screen: annotate tasks, annotate decide, annotate review --decisions."""
import json

import pytest
from click.testing import CliRunner

from annotate.annotation.batch import record_decisions, task_records
from annotate.annotation.resolve import resolve
from annotate.annotation.store import Store
from annotate.cli import main
from annotate.schema import STANCE_LABELS, labels

LABELS = labels(STANCE_LABELS)
ROWS = [{"id": "d1-0", "doc_id": "d1", "sent_index": 0, "text": "AS memperketat ekspor cip ke China.", "stance": "competition"},
        {"id": "d1-1", "doc_id": "d1", "sent_index": 1, "text": "Kedua negara sepakat bekerja sama.", "stance": "cooperation"},
        {"id": "d2-0", "doc_id": "d2", "sent_index": 0, "text": "Harga cabai naik.", "stance": "neutral"},
        {"id": "d3-0", "doc_id": "d3", "sent_index": 0, "text": "Harga cabai naik.", "stance": "neutral"}]


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "labels.db"
    with Store(path) as store:
        store.add_tasks(ROWS)
    return path


def lines(*records):
    return [(f"f:{i}", r if isinstance(r, str) else json.dumps(r)) for i, r in enumerate(records, start=1)]


def current(path, annotator):
    with Store(path, create=False) as store:
        keys = {t.id: t.key for t in store.tasks()}
        return {keys[a.task_id]: (a.label, a.action) for a in store.answers("stance", annotator)}


def test_each_bad_line_is_refused_alone_and_the_good_ones_are_recorded(store_path):
    with Store(store_path, create=False) as store:
        report = record_decisions(store, lines({"id": "d1-0", "label": "competition"}, {"id": "nope", "label": "neutral"},
                                               {"id": "d1-1", "label": "friendly"}, "not json", [1, 2],
                                               {"label": "neutral"}, {"text": "Harga cabai naik.", "label": "neutral"},
                                               {"text": "Kedua negara sepakat bekerja sama.", "label": "cooperation"}),
                                  "ani", LABELS)
    assert report.recorded == 2 and report.unchanged == 0 and len(report.problems) == 6
    assert "f:2: unknown item 'nope'" in report.problems[0]
    assert "f:3: unknown label 'friendly'" in report.problems[1]
    assert "f:4: not a JSON object" in report.problems[2] and "f:5: not a JSON object" in report.problems[3]
    assert "names no item" in report.problems[4]
    assert "is 2 tasks: give \"id\"" in report.problems[5]  # the same text in two documents is ambiguous
    assert all(p.endswith("nothing saved for this line") for p in report.problems)
    assert current(store_path, "ani") == {"d1-0": ("competition", "label"), "d1-1": ("cooperation", "label")}
    assert current(store_path, "budi") == {}


def test_recording_a_file_twice_changes_nothing_and_a_new_label_replaces_the_old(store_path):
    decisions = lines({"id": "d1-0", "label": "competition"}, {"id": "d2-0", "label": "neutral"})
    with Store(store_path, create=False) as store:
        assert record_decisions(store, decisions, "ani", LABELS).recorded == 2
        again = record_decisions(store, decisions, "ani", LABELS)
        assert (again.recorded, again.unchanged) == (0, 2)
        count = store.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
        assert count == 2
        assert record_decisions(store, lines({"id": "d2-0", "label": "mixed"}), "ani", LABELS).recorded == 1
    assert current(store_path, "ani")["d2-0"] == ("mixed", "label")


def test_cli_decide_names_bad_lines_exits_1_and_keeps_the_rest(store_path, tmp_path):
    (tmp_path / "ani.jsonl").write_text(json.dumps({"id": "d1-0", "label": "competition"}) + "\n\n"
                                        + json.dumps({"id": "d1-1", "label": "coop"}) + "\n")
    result = CliRunner().invoke(main, ["decide", str(tmp_path / "ani.jsonl"), "--store", str(store_path),
                                       "--annotator", "ani"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'ani.jsonl'}:3: unknown label 'coop' (one of: neutral, cooperation, competition, mixed)" \
        in result.stderr
    assert "1 decisions recorded for ani, 0 unchanged, 1 lines refused" in result.stderr
    ok = CliRunner().invoke(main, ["decide", "-", "--store", str(store_path), "--annotator", "ani"],
                            input=json.dumps({"id": "d1-0", "label": "competition"}) + "\n")
    assert ok.exit_code == 0 and "0 decisions recorded for ani, 1 unchanged, 0 lines refused" in ok.stderr
    missing = CliRunner().invoke(main, ["decide", "-", "--store", str(tmp_path / "none.db"), "--annotator", "ani"])
    assert missing.exit_code == 2 and not (tmp_path / "none.db").exists()


def test_tasks_show_context_and_no_suggestion_unless_asked(store_path):
    with Store(store_path, create=False) as store:
        records = list(task_records(store))
        assert [r["id"] for r in records] == ["d1-0", "d1-1", "d2-0", "d3-0"]
        assert records[0]["previous"] is None and records[0]["next"] == ROWS[1]["text"]
        assert records[1]["previous"] == ROWS[0]["text"]
        assert all("suggestion" not in r and "answers" not in r for r in records)
        assert [r["suggestion"] for r in task_records(store, suggestions=True)][:2] == ["competition", "cooperation"]
        record_decisions(store, lines({"id": "d1-0", "label": "competition"}), "ani", LABELS)
        assert [r["id"] for r in task_records(store, annotator="ani")] == ["d1-1", "d2-0", "d3-0"]
    result = CliRunner().invoke(main, ["tasks", "--store", str(store_path), "--annotator", "budi"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4
    assert json.loads(result.stdout.splitlines()[0])["text"] == ROWS[0]["text"]


def test_review_decisions_adjudicate_only_disagreements(store_path):
    with Store(store_path, create=False) as store:
        record_decisions(store, lines({"id": "d1-0", "label": "competition"}, {"id": "d2-0", "label": "neutral"}), "ani", LABELS)
        record_decisions(store, lines({"id": "d1-0", "label": "mixed"}, {"id": "d2-0", "label": "neutral"}), "budi", LABELS)
        [disputed] = task_records(store, only_disputed=True)
        assert disputed["id"] == "d1-0" and disputed["answers"] == {"ani": "competition", "budi": "mixed"}
        report = record_decisions(store, lines({"id": "d1-0", "label": "competition"}, {"id": "d2-0", "label": "mixed"}),
                                  "sari", LABELS, adjudicate=True)
        assert report.recorded == 1 and "annotators do not disagree on item 'd2-0'" in report.problems[0]
        final = {t.key: resolve(store, "stance").get(t.id) for t in store.tasks()}
        assert (final["d1-0"].value, final["d1-0"].source) == ("competition", "adjudicated")
        assert (final["d2-0"].value, final["d2-0"].source) == ("neutral", "gold")
        # an adjudicated item can be decided again by the reviewer
        assert record_decisions(store, lines({"id": "d1-0", "label": "mixed"}), "sari", LABELS, adjudicate=True).recorded == 1
    result = CliRunner().invoke(main, ["review", "--store", str(store_path), "--reviewer", "sari", "--decisions", "-"],
                                input=json.dumps({"id": "d1-0", "label": "mixed"}) + "\n")
    assert result.exit_code == 0 and "0 decisions recorded for sari, 1 unchanged" in result.stderr


def test_a_failed_import_leaves_no_store_file(tmp_path):
    (tmp_path / "bad.jsonl").write_text(json.dumps({"text": "no id"}) + "\n")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "bad.jsonl"), "--store", str(tmp_path / "new.db")])
    assert result.exit_code == 1 and "lacks id" in result.stderr
    assert not list(tmp_path.glob("new.db*"))


def test_read_only_and_permission_errors_are_named(tmp_path, monkeypatch):
    import sqlite3

    from annotate.annotation.store import StoreError

    def refuse(message):
        def connect(*args, **kwargs):
            raise sqlite3.OperationalError(message)
        return connect
    monkeypatch.setattr(sqlite3, "connect", refuse("attempt to write a readonly database"))
    with pytest.raises(StoreError, match="cannot be written \\(a read-only disk or file\\)"):
        Store(tmp_path / "s.db")
    monkeypatch.setattr(sqlite3, "connect", refuse("unable to open database file"))
    with pytest.raises(StoreError, match="no permission, or its folder does not exist"):
        Store(tmp_path / "s.db")
