"""annotate report: what the HTML says about a dataset or a store, that data in it stays inert, and a real browser."""
import json
import shutil
import sys
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from annotate.annotation.importer import import_tasks
from annotate.annotation.store import Store
from annotate.cli import main
from annotate.dataset import dataset_documents, read_rows
from annotate.report import write_report
from annotate.report.render import render
from annotate.report.source import Source
from annotate.run import run
from annotate.schema import STANCE_LABELS, labels
from htmlcheck import assert_inert

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<a href="javascript:window.__pwned = 3">klik</a>',
    '<svg onload="window.__pwned = 4"></svg>',
    '"><b onmouseover="window.__pwned = 5">x</b>',
    "javascript:window.__pwned = 6",
    "</textarea></style></script><iframe src=//example.invalid>",
    "&lt;script&gt; already escaped &amp;",
]


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_dataset_report_counts_every_row_and_marks_every_entity_and_stance(dataset, tmp_path):
    summary, shown = write_report(dataset, tmp_path / "report.html")
    page = assert_inert((tmp_path / "report.html").read_text(encoding="utf-8"))
    documents = list(dataset_documents(dataset))
    rows = [row for _, doc_rows in documents for row in doc_rows]
    assert shown == len(documents) == sum(summary.documents.values())
    assert summary.sentences == Counter(split for split, doc_rows in documents for _ in doc_rows)
    assert summary.entity_types == Counter(e["label"] for row in rows for e in row["entities"])
    sentences = [attrs for tag, attrs in page.elements if tag == "div" and "data-stance" in attrs]
    assert [(a["data-stance"], a["data-source"]) for a in sentences] == [(r["stance"], "model") for r in rows]
    marks = Counter(attrs["data-type"] for tag, attrs in page.elements if tag == "mark" and "data-type" in attrs)
    assert marks == summary.entity_types and sum(marks.values()) > 50
    shown_actors = {code for tag, attrs in page.elements if tag == "mark" for code in attrs.get("data-actor", "").split()}
    assert shown_actors == {a["actor"] for row in rows for a in row["actors"] if a["actor"]} and len(shown_actors) > 5
    assert '<section id="actors">' in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.sentence_texts == [row["text"] for row in rows]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "No annotator answers in this input" in html and "no confusion matrix" in html


def test_store_report_has_agreement_and_the_models_confusion_matrix(dataset, tmp_path):
    with Store(tmp_path / "labels.db") as store:
        import_tasks(dataset, store)
        tasks = list(store.tasks())[:8]
        model = {t.id: t.row["stance"] for t in tasks}
        other = {t.id: next(label for label in labels(STANCE_LABELS) if label != model[t.id]) for t in tasks}
        for i, task in enumerate(tasks):
            store.decide(task.id, "ani", "stance", "label", label=model[task.id] if i < 5 else other[task.id])
            store.decide(task.id, "budi", "stance", "label", label=model[task.id] if i != 6 else other[task.id])
            spans = [[e["start"], e["end"], e["label"]] for e in task.row["entities"]]
            store.decide(task.id, "ani", "ner", "label", entities=spans)
            store.decide(task.id, "budi", "ner", "label", entities=spans if i % 2 else [])
        store.decide(tasks[5].id, "sari", "stance", "adjudicate", label=model[tasks[5].id])
    # gold: 0-4 (both agree with the model), 7 (both chose another label); adjudicated: 5; 6 stays disputed
    result = invoke("report", str(tmp_path / "labels.db"), "--out", str(tmp_path / "labels.html"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "labels.html").read_text(encoding="utf-8")
    assert_inert(html)
    assert "Cohen&#x27;s kappa ani / budi" in html and "Krippendorff" in html and "entity span F1 ani / budi" in html
    assert "7 sentences with a stance people gave (gold, annotated or adjudicated); accuracy 0.857" in html
    assert "<figcaption>Confusion matrix</figcaption>" in html
    assert html.count('data-source="gold"') == 6 and html.count('data-source="adjudicated"') == 1


def test_report_refuses_what_it_cannot_read_in_one_line_and_keeps_existing_files(dataset, tmp_path):
    (tmp_path / "notes.txt").write_text("bukan basis data " * 100)
    (tmp_path / "empty").mkdir()
    (tmp_path / "zero.db").write_bytes(b"")
    (tmp_path / "old.html").write_text("keep me")
    for source, out, needle in [("notes.txt", "a.html", "not a readable annotation store"),
                                ("empty", "b.html", "not a dataset"),
                                ("zero.db", "c.html", "an empty file, not an annotation store"),
                                (str(dataset), "old.html", "exists; pass --overwrite")]:
        result = invoke("report", str(tmp_path / source), "--out", str(tmp_path / out))
        assert result.exit_code == 1 and needle in result.output and "Traceback" not in result.output
    assert (tmp_path / "old.html").read_text() == "keep me"
    assert (tmp_path / "notes.txt").read_text() == "bukan basis data " * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "notes.txt", "old.html", "zero.db"]
    assert (tmp_path / "zero.db").read_bytes() == b""


def test_max_documents_limits_the_pages_documents_not_its_counts(dataset, tmp_path):
    summary, shown = write_report(dataset, tmp_path / "r.html", max_documents=3)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert shown == 3 and html.count('<article class="doc"') == 3
    assert f"Showing the first 3 of {sum(summary.documents.values())} documents" in html


# Hostile input ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory, nlp):
    """A dataset made by the real pipeline from scraped records full of markup, and the secret they point at."""
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text("RAHASIA-JANGAN-DIBACA")
    records = [{"id": f"doc-{i}{markup}", "title": f"Judul {markup}", "url": HOSTILE[5] if i % 2 else "https://a.id/x",
                "source": markup, "date": markup, "path": str(secret), "file": str(secret), "image": secret.as_uri(),
                "text": f"Presiden Joko Widodo bertemu Menlu Jepang di Tokyo {markup} pada hari Senin. "
                        f"Kedua negara sepakat memperluas kerja sama {markup} di bidang energi."}
               for i, markup in enumerate(HOSTILE)]
    (root / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    opened, recording = [], [True]  # an audit hook cannot be removed, so it stops recording instead
    sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and recording else None)
    # The cleaner strips HTML from text (issue 14); the report must stay inert for datasets that keep it.
    from dataclasses import replace
    from annotate.pipeline import Pipeline
    from annotate.processors.clean import Cleaner
    keep_markup = Pipeline([Cleaner(replace(nlp.processors[0].rules, markup=False)), *nlp.processors[1:]], lang="id")
    run([str(root / "news.jsonl")], root / "ds", pipeline=keep_markup, progress=False, ratios=(1,))
    write_report(root / "ds", root / "report.html")
    recording.clear()
    return root, secret, opened


def test_paths_in_metadata_are_data_and_never_opened(hostile):
    root, secret, opened = hostile
    assert str(root / "news.jsonl") in opened
    assert not [path for path in opened if str(secret) in path]
    rows = list(read_rows(root / "ds"))
    assert all(row["path"].startswith(str(root / "news.jsonl")) for row in rows)
    assert all(json.loads(row["extra"])["file"] == str(secret) for row in rows)
    assert "RAHASIA" not in (root / "report.html").read_text(encoding="utf-8")


def test_markup_in_text_and_metadata_is_shown_as_text_never_as_markup(hostile):
    root, _, _ = hostile
    html = (root / "report.html").read_text(encoding="utf-8")
    page = assert_inert(html)
    for markup in HOSTILE:
        assert f"Judul {markup}" in page.titles
        assert any(markup in text for text in page.sentence_texts), markup
    assert "javascript:" not in "".join(attrs.get("href", "") for _, attrs in page.elements)
    assert "<script>window" not in html and "onerror=" not in html.replace("onerror=&quot;", "")


def _valid_text(max_size=120):
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=max_size)


@st.composite
def documents(draw):
    """(split, rows) of one document with arbitrary Unicode or hostile text, metadata, entities and labels."""
    text_or_markup = st.one_of(_valid_text(), st.sampled_from(HOSTILE))
    rows = []
    doc_id = draw(text_or_markup)
    for index in range(draw(st.integers(1, 3))):
        text = draw(st.one_of(_valid_text(300).filter(bool),
                              st.lists(st.sampled_from(HOSTILE + ["Jakarta", " ", "\u202e", "\u0301", "\x00"]),
                                       min_size=1, max_size=8).map("".join)))
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
        entities = [{"start": a, "end": b, "label": draw(st.sampled_from(["PER", "ORG", "LOC"])), "text": text[a:b]}
                    for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
        stance = draw(st.one_of(st.none(), st.sampled_from(labels(STANCE_LABELS))))
        annotators = draw(st.lists(text_or_markup, max_size=3))
        rows.append({"id": f"{doc_id}-{index}", "doc_id": doc_id, "sent_index": index, "text": text,
                     "tokens": text.split(), "entities": entities, "stance": stance,
                     "stance_scores": draw(st.lists(st.floats(0, 1), min_size=4, max_size=4)) if stance else None,
                     "stance_source": draw(st.sampled_from(["model", "weak", "gold", "adjudicated", None])),
                     "doc_stance": stance, "annotators": annotators,
                     "annotator_stances": [draw(text_or_markup) for _ in annotators],
                     **{key: draw(st.one_of(st.none(), text_or_markup)) for key in ("title", "url", "source", "date",
                                                                                   "path")}})
    return draw(st.sampled_from(["train", "validation", "test"])), rows


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents(), min_size=1, max_size=3), _valid_text())
def test_any_text_or_metadata_renders_inert_and_reads_back_exactly(docs, name):
    page, summary, shown = render(Source(name, "dataset", lambda: iter(docs)))
    parsed = assert_inert(page)
    assert parsed.sentence_texts == [row["text"] for _, rows in docs for row in rows]
    assert parsed.titles == [str(rows[0]["title"] or rows[0]["doc_id"]) for _, rows in docs]
    marks = [attrs for tag, attrs in parsed.elements if tag == "mark"]
    assert len(marks) == sum(len(row["entities"]) for _, rows in docs for row in rows)


# In a real browser ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through ChromeDriver (Debian packages chromium and chromium-driver; .ci/run installs them)."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.skip("Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1600"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    yield chrome
    chrome.quit()


def _visible(browser, selector="#documents .sent"):
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).filter(e => e.offsetParent !== null)"
        ".map(e => e.dataset.stance || e.dataset.split)", selector)


def _box(browser, group, value):
    from selenium.webdriver.common.by import By
    return browser.find_element(By.CSS_SELECTOR, f'#filters input[data-group="{group}"][value="{value}"]')


def test_browser_renders_entities_and_stance_and_the_filters_work(dataset, tmp_path, browser):
    write_report(dataset, tmp_path / "report.html")
    browser.get((tmp_path / "report.html").as_uri())
    documents = list(dataset_documents(dataset))
    rows = [row for _, doc_rows in documents for row in doc_rows]
    assert _visible(browser) == [row["stance"] for row in rows]
    assert browser.execute_script("return document.getElementById('shown').textContent") == str(len(rows))
    types = browser.execute_script("return Array.from(document.querySelectorAll('mark.ent')).map(m => m.dataset.type)")
    assert Counter(types) == Counter(e["label"] for row in rows for e in row["entities"])

    _box(browser, "stance", "cooperation").click()
    assert _visible(browser) == [row["stance"] for row in rows if row["stance"] != "cooperation"]
    assert len(_visible(browser, "#documents .doc")) == sum(
        any(row["stance"] != "cooperation" for row in doc_rows) for _, doc_rows in documents)
    _box(browser, "source", "model").click()
    assert _visible(browser) == [] and browser.execute_script("return document.getElementById('shown').textContent") == "0"
    _box(browser, "source", "model").click()
    _box(browser, "stance", "cooperation").click()
    _box(browser, "split", "train").click()
    assert len(_visible(browser)) == sum(len(doc_rows) for split, doc_rows in documents if split != "train")
    _box(browser, "split", "train").click()

    loc = 'document.querySelector(\'mark.ent[data-type="LOC"]\')'
    assert browser.execute_script(f"return getComputedStyle({loc}).backgroundColor") != "rgba(0, 0, 0, 0)"
    _box(browser, "entity", "e2").click()
    assert browser.execute_script(f"return getComputedStyle({loc}).backgroundColor") == "rgba(0, 0, 0, 0)"
    _box(browser, "entity", "e2").click()

    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_browser_runs_none_of_the_markup_in_the_data(hostile, browser):
    from selenium.common.exceptions import NoAlertPresentException
    root, _, _ = hostile
    browser.get((root / "report.html").as_uri())
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script("return document.querySelectorAll('iframe, img, object, embed').length") == 0
    texts = browser.execute_script(  # what a reader sees of each sentence, entity type labels aside
        "return Array.from(document.querySelectorAll('#documents .sent .text')).map(e => {"
        " const c = e.cloneNode(true); c.querySelectorAll('small').forEach(s => s.remove()); return c.textContent; })")
    assert texts == [row["text"] for row in read_rows(root / "ds")]
    assert any(HOSTILE[0] in text for text in texts)
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
