"""Named entities: label mapping, IOB repair, scoring, pretokenized tagging, training, dataset columns."""
import importlib.util
import json
import shutil

import datasets
import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.iob import map_types, span_scores, spans, to_iob2
from annotate.stanza_resources import BUNDLED_DIR
from annotate.pipeline import load_pipeline
from annotate.run import run
from annotate.schema import NER_LABELS, features, labels, load_schema
from conftest import ROOT, SAMPLE

ALIASES = load_schema(NER_LABELS)["aliases"]


def test_label_set_is_iob2_over_per_org_loc_with_o_first():
    assert labels(NER_LABELS) == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    assert features()["ner_tags"] == datasets.List(datasets.ClassLabel(names=labels(NER_LABELS)))


def test_corpus_types_map_onto_the_label_set():
    tags = ["B-PERSON", "I-PERSON", "B-ORGANISATION", "B-ORGANIZATION", "B-PLACE", "I-PLACE",
            "B-LOCATION", "B-TIME", "I-TIME", "B-QUANTITY", "O"]
    assert map_types(tags, ALIASES) == ["B-PER", "I-PER", "B-ORG", "B-ORG", "B-LOC", "I-LOC", "B-LOC",
                                        "O", "O", "O", "O"]


def test_iob1_and_broken_sequences_are_repaired():
    assert to_iob2(["I-PER", "I-PER", "O", "I-LOC"]) == ["B-PER", "I-PER", "O", "B-LOC"]  # IOB1
    assert to_iob2(["B-PER", "I-ORG", "I-ORG"]) == ["B-PER", "B-ORG", "I-ORG"]  # type switch
    assert to_iob2(["S-LOC", "B-ORG", "E-ORG", "E-ORG"]) == ["B-LOC", "B-ORG", "I-ORG", "B-ORG"]  # BIOES
    # a mapped-away type inside an entity must not glue its neighbours together
    assert map_types(["B-PERSON", "I-TIME", "I-PERSON"], ALIASES) == ["B-PER", "O", "B-PER"]


def test_span_scores_exact_match_per_type_and_micro():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "B-LOC"]]
    scores = span_scores(gold, pred)
    assert (scores["PER"].tp, scores["PER"].fp, scores["PER"].fn) == (0, 1, 1)
    assert (scores["LOC"].tp, scores["LOC"].fp, scores["LOC"].fn) == (1, 1, 0)
    assert scores["ALL"].tp == 2 and scores["ALL"].fp == 2 and scores["ALL"].fn == 1
    assert scores["ALL"].f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert spans(["B-LOC", "I-LOC", "B-LOC"]) == [(0, 2, "LOC"), (2, 3, "LOC")]


def test_pretokenized_output_keeps_exactly_the_input_tokens():
    lines = ["Presiden Joko Widodo bertemu PM Li Qiang di Beijing .",
             "AS-China : \"perang\" cip (2025) ... U.S.A. e-mail@contoh.id",
             "Cafe\u0301 Zürich 😀 \u200bnol-lebar اَلْعَرَبِيَّة 中文 tab\there"]
    result = CliRunner().invoke(main, ["ner", "-", "--pretokenized"], input="\n".join(lines) + "\n\n")
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert len(blocks) == 3
    allowed = set(labels(NER_LABELS))
    for line, block in zip(lines, blocks):
        rows = [row.rsplit("\t", 1) for row in block.split("\n")]
        assert [token for token, _ in rows] == line.split(" ")
        assert all(tag in allowed for _, tag in rows)


def test_raw_text_is_tokenized_then_tagged_as_jsonl():
    result = CliRunner().invoke(main, ["ner", "-", "--format", "jsonl"], input="Menlu Retno bertemu Menlu Wang Yi di Jakarta.")
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(row["ner_tags"]) == len(row["tokens"])
    for entity in row["entities"]:
        assert row["text"][entity["start"]:entity["end"]] == entity["text"]


def test_entities_in_the_exported_dataset_agree_with_tags_and_text(tmp_path, nlp):
    out = tmp_path / "ds"
    run([str(SAMPLE)], out, pipeline=nlp, progress=False)
    ds = datasets.load_dataset(str(out))
    names = ds["train"].features["ner_tags"].feature.names
    total = 0
    for split in ds.values():
        for row in split:
            tags = [names[i] for i in row["ner_tags"]]
            assert len(tags) == len(row["tokens"])
            expected = [(row["token_starts"][i], row["token_ends"][j - 1], label) for i, j, label in spans(tags)]
            assert [(e["start"], e["end"], e["label"]) for e in row["entities"]] == expected
            for e in row["entities"]:
                assert row["text"][e["start"]:e["end"]] == e["text"]
            total += len(row["entities"])
    assert total > 20


def _load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_tiny_training_run_gives_a_loadable_model(tmp_path):
    from stanza.models.common.pretrain import Pretrain
    train_ner = _load_script("train_ner")
    sentences = [("Joko Widodo bertemu Li Qiang di Beijing .".split(), ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "O"]),
                 ("PBB bersidang di New York .".split(), ["B-ORG", "O", "O", "B-LOC", "I-LOC", "O"]),
                 ("Menlu Retno tiba di Jakarta .".split(), ["O", "B-PER", "O", "O", "B-LOC", "O"])]
    vocab = sorted({t.lower() for tokens, _ in sentences for t in tokens})
    (tmp_path / "vec.txt").write_text(f"{len(vocab)} 8\n" + "".join(
        f"{w} " + " ".join(f"{(i * 7 + k) % 5 / 5:.2f}" for k in range(8)) + "\n" for i, w in enumerate(vocab)))
    stanza_dir = tmp_path / "stanza"
    shutil.copytree(BUNDLED_DIR, stanza_dir, ignore=shutil.ignore_patterns("ner", "pretrain", "*charlm"))
    (stanza_dir / "id" / "pretrain").mkdir()
    Pretrain(str(stanza_dir / "id" / "pretrain" / "annotate.pt"), str(tmp_path / "vec.txt")).load()
    resources = json.loads((stanza_dir / "resources.json").read_text())
    resources["id"]["ner"] = {"annotate": {"dependencies": [{"model": "pretrain", "package": "annotate"}]}}
    (stanza_dir / "resources.json").write_text(json.dumps(resources))

    model = train_ner.train(sentences * 4, sentences, tmp_path / "work", pretrain=stanza_dir / "id" / "pretrain" / "annotate.pt",
                            max_steps=12, eval_interval=6, extra=["--hidden_dim", "16", "--char_hidden_dim", "8"])
    (stanza_dir / "id" / "ner").mkdir()
    shutil.copyfile(model, stanza_dir / "id" / "ner" / "annotate.pt")
    nlp = load_pipeline("id", stanza_dir=stanza_dir)
    assert [p.name for p in nlp.processors] == ["clean", "tokenize", "ner", "actors", "stance"]
    doc = nlp("Joko Widodo bertemu Li Qiang di Beijing.")
    assert len(doc.sentences[0].ner_tags) == len(doc.sentences[0].tokens)
    assert set(doc.sentences[0].ner_tags) <= set(labels(NER_LABELS))


def test_gazetteer_fills_gaps_but_respects_longer_predicted_entities():
    from annotate.gazetteer import Gazetteer
    gaz = Gazetteer({("Nvidia",): "ORG", ("PBB",): "ORG", ("KTT",): "O", ("AI",): "O", ("Dewan", "Keamanan", "PBB"): "ORG"})
    tokens = "Nvidia dan PBB hadir di KTT ASEAN soal AI".split()
    model = ["B-PER", "O", "O", "O", "O", "B-ORG", "I-ORG", "O", "B-ORG"]
    assert gaz.apply(tokens, model) == ["B-ORG", "O", "B-ORG", "O", "O", "O", "B-ORG", "O", "O"]
    # a predicted longer entity around a match is kept; the longest entry wins otherwise
    tokens = "Sekjen Dewan Keamanan PBB".split()
    assert gaz.apply(tokens, ["O", "B-ORG", "I-ORG", "I-ORG"]) == ["O", "B-ORG", "I-ORG", "I-ORG"]
    assert gaz.apply(tokens, ["O", "O", "O", "O"]) == ["O", "B-ORG", "I-ORG", "I-ORG"]
    assert gaz.apply(["Kantor", "PBB"], ["B-ORG", "I-ORG"]) == ["B-ORG", "I-ORG"]


def test_indonesian_gazetteer_file_uses_only_schema_types():
    from annotate.gazetteer import Gazetteer
    from annotate.languages.id import Indonesian
    entries = Gazetteer.from_file(Indonesian.gazetteer).entries
    assert set(entries.values()) <= set(load_schema(NER_LABELS)["types"]) | {"O"}
    assert entries[("Tiongkok",)] == "LOC" and entries[("PBB",)] == "ORG"


def test_tags_are_those_of_stanzas_own_data_loader_and_decoder(nlp):
    """NER builds Stanza's batches itself, runs the character model once per distinct word and decodes the batch at
    once: the same tags as Stanza's loader and predict, and the model is left as it was."""
    import torch
    from stanza.models.ner.data import DataLoader
    from annotate.processors.ner import _Words
    ner = next(p for p in nlp.processors if p.name == "ner")
    sentences = [[t.text for t in s.tokens] for s in nlp(
        (SAMPLE / "07-laut-china-selatan.txt").read_text(encoding="utf-8")).sentences]
    sentences = (sentences + [["Presiden", "Joko", "Widodo"], ["Ia"], ["a", "b", "c"]]) * 5  # over one batch
    processor = ner._nlp.processors["ner"]
    trainer, config = processor.trainers[0], processor.configs[0]
    with torch.inference_mode():
        batches = DataLoader(_Words(sentences), config["batch_size"], config, vocab=trainer.vocab, evaluation=True,
                             preprocess_tags=False, bert_tokenizer=None)
        theirs = [tags for batch in batches for tags in trainer.predict(batch)]
    children = dict(trainer.model._modules)
    assert ner._tags(sentences) == theirs
    assert trainer.model._modules == children


def test_batch_viterbi_matches_stanzas_decoder_sequence_by_sequence():
    import numpy as np
    from stanza.models.common.crf import viterbi_decode
    from annotate.processors.ner import viterbi
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(5, 9, 6)).astype(np.float32)
    transitions = rng.normal(size=(6, 6)).astype(np.float32)
    lengths = [9, 7, 7, 3, 1]
    assert viterbi(scores, transitions, lengths) == \
        [[int(x) for x in viterbi_decode(scores[i, :n], transitions)[0]] for i, n in enumerate(lengths)]
