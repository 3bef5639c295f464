"""The command line: help, exit codes, output formats, clear errors."""
import json
import subprocess
import sys

import datasets
import pytest
from click.testing import CliRunner
from udtools import udeval

from annotate.cli import main
from conftest import SAMPLE

COMMANDS = ["run", "tokenize", "ner", "clean", "report"]


def invoke(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_every_command_explains_itself_with_an_example(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "Usage:" in result.output


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "annotate", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "tokenize" in result.stdout


def test_run_on_the_sample_writes_a_loadable_dataset(tmp_path):
    out = tmp_path / "sample"
    result = invoke("run", str(SAMPLE), "--out", str(out), "--quiet", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "wrote 14 documents" in result.stderr
    ds = datasets.load_dataset(str(out))
    assert sum(len(s) for s in ds.values()) > 60
    again = invoke("run", str(SAMPLE), "--out", str(out), "--quiet")
    assert again.exit_code == 1 and "not empty; pass --overwrite" in again.stderr


def test_run_with_bad_inputs_only_fails_with_one_clear_line(tmp_path):
    (tmp_path / "kosong.txt").write_text("")
    result = invoke("run", str(tmp_path / "kosong.txt"), str(tmp_path / "tidak-ada.txt"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "kosong.txt: empty file" in result.stderr and "tidak-ada.txt: no such file" in result.stderr
    assert "Error: no document could be read" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_run_skips_bad_files_and_still_succeeds(tmp_path):
    (tmp_path / "baik.txt").write_text("Indonesia dan Jepang sepakat bekerja sama.")
    (tmp_path / "rusak.txt").write_bytes(b"\x00\xff\x00\xfe")
    result = invoke("run", str(tmp_path), "--out", str(tmp_path / "o"), "-q", "-j", "1")
    assert result.exit_code == 0
    assert "rusak.txt: binary file" in result.stderr and "skipped 1" in result.stderr


def test_bad_option_values_are_one_line_errors(tmp_path):
    result = invoke("run", str(SAMPLE), "--out", str(tmp_path / "o"), "--split-ratios", "a,b")
    assert result.exit_code == 2 and "--split-ratios" in result.stderr
    result = invoke("tokenize", "-", "--lang", "zz", input="Halo.")
    assert result.exit_code == 1 and "no language plug-in for 'zz'" in result.stderr


def test_tokenize_text_and_jsonl_from_stdin():
    text = "Menlu RI bertemu Menlu Jepang. Keduanya sepakat."
    result = invoke("tokenize", "-", "--format", "text", input=text)
    assert result.stdout == "Menlu RI bertemu Menlu Jepang .\nKeduanya sepakat .\n\n"
    result = invoke("tokenize", "-", "--format", "jsonl", input=text)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["sent_index"] for r in rows] == [0, 1] and rows[1]["tokens"] == ["Keduanya", "sepakat", "."]


def test_tokenize_conllu_is_scored_by_the_conll2018_scorer(tmp_path):
    sentences = ["Presiden Prabowo bertemu PM Li Qiang di Beijing.", "Keduanya membahas kerja sama cip, energi, dan pangan.",
                 "\"Kami siap,\" kata juru bicara Kemlu China."]
    gold = tmp_path / "gold.conllu"
    with open(gold, "w") as f:
        from annotate.formats.conllu import write_sentence
        for i, s in enumerate(sentences):
            toks = s.replace(".", " .").replace(",", " ,").replace('"', ' " ').split()
            spaces = []
            pos = 0
            for t in toks:
                pos = s.index(t, pos) + len(t)
                spaces.append(pos >= len(s) or s[pos] == " ")
            write_sentence(f, f"g{i}", s, toks, spaces)
    result = invoke("tokenize", "-", "--format", "conllu", input=" ".join(sentences))
    assert result.stdout.count("# sent_id") == 3 and "SpaceAfter=No" in result.stdout
    system = tmp_path / "system.conllu"
    system.write_text(result.stdout)
    scores = udeval.evaluate(udeval.load_conllu_file(str(gold)), udeval.load_conllu_file(str(system)))
    assert scores["Tokens"].f1 == 1.0 and scores["Sentences"].f1 == 1.0


def test_clean_shows_what_was_removed():
    result = invoke("clean", str(SAMPLE / "01-kendali-ekspor-chip.txt"), "--show-removed")
    assert result.exit_code == 0
    assert "line    7 [read_also] Baca juga: Nvidia Siapkan Cip Khusus untuk Pasar Asia" in result.stdout
    assert "--- removed 13:" in result.stdout
    record = json.loads(invoke("clean", str(SAMPLE / "01-kendali-ekspor-chip.txt"), "--jsonl").stdout)
    assert {"line": 13, "rule": "credit", "text": "Pewarta: Rina Hapsari"} in record["removed"]
    assert "Pewarta" not in record["text"]


def test_toy_language_runs_through_the_cli(tmp_path):
    (tmp_path / "a.txt").write_text("TOYJUNK\nHello world. Second one!")
    result = invoke("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--lang", "xx-toy", "-q",
                    "--split-ratios", "1", "--workers", "1")
    assert result.exit_code == 0
    ds = datasets.load_dataset(str(tmp_path / "o"))
    assert ds["train"]["text"] == ["Hello world.", "Second one!"]
    assert "- xx-toy" in (tmp_path / "o" / "README.md").read_text()


def test_unwritable_output_is_one_clear_line(tmp_path):
    (tmp_path / "a-file").write_text("x")
    result = invoke("run", str(SAMPLE / "articles.jsonl"), "--out", str(tmp_path / "a-file" / "out"), "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "a-file" in result.stderr and "Traceback" not in result.stderr


def test_output_into_a_closed_pipe_is_quiet(tmp_path):
    long_text = "Menlu RI bertemu Menlu Jepang di Tokyo. " * 2000
    (tmp_path / "a.txt").write_text(long_text)
    result = subprocess.run(f"{sys.executable} -m annotate tokenize {tmp_path / 'a.txt'} --format text | head -1",
                            shell=True, capture_output=True, text=True)
    assert result.stdout == "Menlu RI bertemu Menlu Jepang di Tokyo .\n"
    assert "Traceback" not in result.stderr


def test_worker_count_does_not_change_a_byte_of_the_output_and_progress_is_reported(tmp_path):
    import pyarrow.parquet as pq
    one = invoke("run", str(SAMPLE), "--out", str(tmp_path / "one"), "--workers", "1")
    two = invoke("run", str(SAMPLE), "--out", str(tmp_path / "two"), "--workers", "2", "--quiet")
    assert one.exit_code == two.exit_code == 0
    assert "progress: 14 of about 14 documents" in one.stderr and "progress:" not in two.stderr
    files = sorted(str(p.relative_to(tmp_path / "one")) for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(tmp_path / "two")) for p in (tmp_path / "two").rglob("*") if p.is_file())
    for name in files:  # byte-identical Parquet files and card, whatever the worker count
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert len(pq.read_table(tmp_path / "one" / "data" / "train-00000-of-00001.parquet")) > 0
    again = invoke("run", str(SAMPLE), "--out", str(tmp_path / "one"), "--workers", "2", "--quiet", "--overwrite")
    assert again.exit_code == 0 and all((tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
                                        for name in files)  # and whatever the run
    card = (tmp_path / "one" / "README.md").read_text()
    import annotate
    from annotate.languages.base import file_digest
    from annotate.stanza_resources import BUNDLED_DIR
    ner_model = file_digest(BUNDLED_DIR / "id" / "ner" / "annotate.pt")
    assert f"made by annotate {annotate.__version__}" in card and f"- ner: id/ner/annotate.pt (sha256 {ner_model[:16]})" in card
    assert "- tokenize: id/tokenize/annotate.pt (sha256 " in card and "- stance: annotate.npz (sha256 " in card


def test_help_starts_without_importing_the_models_libraries():
    import subprocess
    import sys
    code = ("import sys\n"
            "from annotate.cli import main\n"
            "try:\n"
            "    main(['--help'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "heavy = [m for m in ('torch', 'stanza', 'sklearn', 'datasets', 'pyarrow') if m in sys.modules]\n"
            "print('heavy:', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Usage:" in out.stdout and out.stdout.strip().endswith("heavy: []")


def test_worker_count_follows_the_input_size():
    import os
    from annotate.run import workers_for
    cores = os.cpu_count() or 1
    assert workers_for(10) == 1  # a handful of documents: no process pool to start
    assert workers_for(100_000) == cores
    assert workers_for(None) == cores  # standard input: size unknown
    assert 1 <= workers_for(450) <= min(cores, 2)


def test_the_program_exits_early_with_its_output_complete_its_status_and_exit_handlers_run(tmp_path):
    """Once torch is loaded the program skips the interpreter's teardown: nothing printed is lost, the status stays."""
    (tmp_path / "a.txt").write_text("Menlu RI bertemu Menlu Jepang di Tokyo.\n\n" * 3000)
    program = ("import atexit, sys; atexit.register(lambda: print('handlers ran', file=sys.stderr)); "
               "sys.argv = ['annotate', *sys.argv[1:]]; from annotate.cli import entry; entry()")
    done = subprocess.run([sys.executable, "-c", program, "tokenize", str(tmp_path / "a.txt"), "--format", "text"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.count("Tokyo .\n") == 3000
    assert done.stderr.rstrip().endswith("handlers ran")
    failed = subprocess.run([sys.executable, "-c", program, "tokenize", str(tmp_path / "missing.txt")],
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "Error: " in failed.stderr and "Traceback" not in failed.stderr
