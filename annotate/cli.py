"""The ``annotate`` command line: a thin layer over the library."""
from __future__ import annotations

import atexit
import os
import sys

import click

from annotate import languages
from annotate.annotation.session import ORDERS
from annotate.annotation.store import KINDS
from annotate.dyads import FORMATS as DYAD_FORMATS, GROUPINGS, pair_table, write_table
from annotate.errors import AnnotateError, ModelNotFoundError, NoInputError
from annotate.ingest import INPUT_FORMATS, MAX_CHARS, IngestReport, read_documents
from annotate.output import NER_FORMATS, TOKENIZE_FORMATS, write_cleaned, write_entities, write_tokenized
from annotate.pipeline import load_pipeline
from annotate.processors.clean import Cleaner
from annotate.stance.data import PEOPLE_SOURCES, STANCE_SOURCES
from annotate.terminal import data_output, safe


class _Group(click.Group):
    """Turns user-facing errors into one line on stderr and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AnnotateError as e:
            raise click.ClickException(safe(str(e))) from None
        except BrokenPipeError:  # output piped into e.g. head, which closed early
            sys.stderr.close()
            ctx.exit(0)
        except OSError as e:  # disk full, permissions, an output path under a file
            where = f": {e.filename}" if e.filename else ""
            raise click.ClickException(safe(f"{e.strerror or e}{where}")) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="annotate")
def main():
    """Raw news text in, a labelled HuggingFace dataset out; annotators review it in the terminal.

    Pipeline: clean, tokenize, tag entities (PER, ORG, LOC) and label each
    sentence's framing (neutral, cooperation, competition, mixed).

    \b
    Example:
        annotate run corpora/sample --out out/sample
        python -c "import datasets; print(datasets.load_dataset('out/sample'))"
        annotate import out/sample --store labels.db
        annotate label --store labels.db --annotator ani
    """


def entry() -> None:
    """The ``annotate`` program: ``main``; then, once a command that loaded torch is done and the exit handlers
    have run, an exit that skips the interpreter's teardown of torch's modules (about half a second)."""
    try:
        main()
    except SystemExit as done:
        if "torch" not in sys.modules:
            raise
        status = 0 if done.code is None else done.code
        if not isinstance(status, int):  # a message, as the interpreter would print it
            print(status, file=sys.stderr)
            status = 1
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe (``| head``) or stream
                pass
        os._exit(status)


_INPUT_OPTIONS = (
    click.argument("inputs", nargs=-1, required=True),
    click.option("--lang", default="id", show_default=True, help="Language plug-in code."),
    click.option("--input-format", "fmt", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
                 help="Input format; auto goes by file extension (.txt, .html/.htm, .jsonl, .csv/.tsv) and reads "
                      "a text or record holding an HTML page as one (its article, title, date, URL, author); "
                      "html: every text is an HTML page (e.g. --input-format html with scraped.jsonl); "
                      "txt: never (markup is only stripped)."),
    click.option("--text-field", default="text", show_default=True,
                 help="JSONL field or CSV column holding the text."),
)


def input_options(f):
    """Apply the arguments and options every command that reads documents shares."""
    for decorator in reversed(_INPUT_OPTIONS):
        f = decorator(f)
    return f


def stanza_dir_option(f):
    return click.option("--stanza-dir", type=click.Path(file_okay=False, exists=True),
                        help="A Stanza resources directory (e.g. official downloads) to use instead of the "
                             "bundled models; lets any language Stanza supports run.")(f)


def _documents(inputs, fmt, text_field, report):
    from annotate.run import unique_documents
    return unique_documents(read_documents(inputs, fmt=fmt, text_field=text_field, report=report), report)


def _finish(report: IngestReport) -> None:
    click.echo(report.summary(), err=True)
    if not report.documents:
        raise NoInputError("no document could be read from the inputs")


@main.command()
@input_options
@stanza_dir_option
@click.option("--out", "-o", required=True, type=click.Path(), help="Output dataset directory.")
@click.option("--overwrite", is_flag=True, help="Replace a non-empty --out.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run (same command and options): documents already written are skipped.")
@click.option("--seed", default=0, show_default=True, help="Seed of the per-document split assignment.")
@click.option("--split-ratios", default="0.8,0.1,0.1", show_default=True,
              help="train,validation,test proportions (documents).")
@click.option("--license", "license_", default="other", show_default=True, help="License recorded in the card.")
@click.option("--ner/--no-ner", default=True, show_default=True, help="Tag named entities (where the language has a model).")
@click.option("--stance/--no-stance", default=True, show_default=True, help="Label each sentence's framing.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Processes sharing the models, which load once; the output is the same for any number "
                   "[default: one per 200 documents, up to all cores].")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="ray: Ray Data, actors holding the models (pip install 'annotate[ray]').")
@click.option("--address", help="With --engine ray: a Ray cluster (e.g. ray://head:10001 or auto); default a local one.")
@click.option("--max-chars", type=click.IntRange(min=1), default=MAX_CHARS, show_default=True,
              help="Skip (with a message) any document longer than this many characters.")
@click.option("--skip-other-languages", is_flag=True,
              help="Leave out documents that look like another language than --lang (each is named, with the "
                   "language found; without this option they are kept, with a warning). Example: "
                   "annotate run scraped/ --out out/news --skip-other-languages")
@click.option("--quiet", "-q", is_flag=True, help="No progress (a bar on a terminal, a line every 10 s otherwise).")
def run(inputs, lang, fmt, text_field, stanza_dir, out, overwrite, resume, seed, split_ratios, license_, ner, stance,
        workers, engine, address, max_chars, skip_other_languages, quiet):
    """Clean, tokenize, tag entities and stance in INPUTS; write a HuggingFace dataset at --out.

    INPUTS are files, directories (read recursively), glob patterns or - for
    standard input; HTML pages are reduced to their article. Rows are
    sentences; documents are assigned to the train/validation/test splits
    deterministically. A document that looks like another language than
    --lang is named in a warning (and left out with --skip-other-languages).

    \b
    Example:
        annotate run corpora/sample --out out/sample
        annotate run 'corpora/html/*.html' --out out/pages --skip-other-languages
        annotate run 'scraped/**/*.jsonl' --out out/news --seed 1 --overwrite
        annotate run 'scraped/**/*.jsonl' --out out/news --seed 1 --resume   # after an interruption
    """
    try:
        ratios = tuple(float(x) for x in split_ratios.split(","))
        assert len(ratios) in (1, 2, 3) and all(r >= 0 for r in ratios) and sum(ratios) > 0
    except (ValueError, AssertionError):
        raise click.BadParameter("give 1 to 3 non-negative numbers, e.g. 0.8,0.1,0.1", param_hint="--split-ratios")
    languages.get(lang, stanza_dir=stanza_dir)  # an unknown language fails here, before any worker starts
    try:
        from annotate.run import run as run_dataset
        summary = run_dataset(inputs, out, lang=lang, stanza_dir=stanza_dir, workers=workers, ner=ner, stance=stance,
                              fmt=fmt, text_field=text_field, seed=seed, ratios=ratios, overwrite=overwrite,
                              license=license_, progress=not quiet, resume=resume, engine=engine, address=address,
                              max_chars=max_chars, skip_other_languages=skip_other_languages)
    except KeyboardInterrupt:
        click.echo("interrupted: run the same command with --resume to continue", err=True)
        sys.exit(130)
    click.echo(summary.report.summary(), err=True)
    if summary.other_languages:
        n = summary.other_languages
        click.echo(f"{n} document{'s look' if n != 1 else ' looks'} like another language than {lang}: "
                   f"{'left out' if skip_other_languages else 'kept (--skip-other-languages leaves them out)'}",
                   err=True)
    splits = ", ".join(f"{name} {n}" for name, n in summary.splits.items())
    click.echo(f"wrote {summary.documents} documents ({splits}), {summary.sentences} sentences, "
               f"{summary.tokens} tokens to {out}", err=True)


@main.command()
@input_options
@stanza_dir_option
@click.option("--format", "out_fmt", type=click.Choice(TOKENIZE_FORMATS), default="conllu",
              show_default=True, help="conllu (scorable with the CoNLL 2018 scorer), jsonl rows, or text.")
@click.option("--clean/--no-clean", default=False, show_default=True,
              help="Remove boilerplate first (off: the text is tokenized exactly as given).")
def tokenize(inputs, lang, fmt, text_field, stanza_dir, out_fmt, clean):
    """Split INPUTS into sentences and tokens, printed to standard output.

    Each .txt file (or JSONL line, or CSV row) is one document. Without
    --clean the text is tokenized as given, so CoNLL-U output can be scored
    against gold raw text.

    \b
    Example:
        echo "Menlu RI bertemu Menlu Jepang. Keduanya sepakat." | annotate tokenize - --format text
        annotate tokenize gold.txt --format conllu > pred.conllu
    """
    nlp = load_pipeline(lang, stanza_dir=stanza_dir, clean=clean, ner=False, stance=False)
    report = IngestReport()
    out = data_output()
    for doc in nlp.pipe(_documents(inputs, fmt, text_field, report)):
        write_tokenized(doc, out, out_fmt)
    _finish(report)


@main.command()
@input_options
@stanza_dir_option
@click.option("--pretokenized", is_flag=True,
              help="Input is one sentence per line, tokens separated by single spaces; output keeps exactly those tokens.")
@click.option("--format", "out_fmt", type=click.Choice(NER_FORMATS), default="conll", show_default=True,
              help="conll: token<TAB>tag lines, a blank line between sentences; jsonl: one row per sentence.")
@click.option("--clean/--no-clean", default=False, show_default=True,
              help="Remove boilerplate first (raw input only).")
def ner(inputs, lang, fmt, text_field, stanza_dir, pretokenized, out_fmt, clean):
    """Tag named entities (PER, ORG, LOC; IOB2) in INPUTS, printed to standard output.

    Raw text is tokenized first. With --pretokenized, each input line is a
    sentence whose tokens are separated by single spaces, and the output has
    exactly those tokens, one token<TAB>tag line each: the way to score the
    model on your own gold data.

    \b
    Example:
        echo "Presiden Joko Widodo bertemu PM Li Qiang di Beijing ." | annotate ner - --pretokenized
        annotate ner berita.txt --format jsonl
    """
    nlp = load_pipeline(lang, stanza_dir=stanza_dir, clean=clean, stance=False, pretokenized=pretokenized)
    if not any(p.name == "ner" for p in nlp.processors):
        raise ModelNotFoundError(f"no NER model for {lang!r} in the Stanza resources used")
    report = IngestReport()
    docs = read_documents(inputs, fmt="pretokenized" if pretokenized else fmt, text_field=text_field, report=report)
    out = data_output()
    from annotate.run import unique_documents
    for doc in nlp.pipe(docs if pretokenized else unique_documents(docs, report)):
        write_entities(doc, out, out_fmt)
    _finish(report)


@main.command()
@input_options
@click.option("--show-removed", is_flag=True, help="After each document, list removed lines with line number and rule.")
@click.option("--jsonl", "as_json", is_flag=True, help="One JSON object per document: path, title (date, url, author when known), text and "
                   "removed lines.")
def clean(inputs, lang, fmt, text_field, show_removed, as_json):
    """Remove scraped-page boilerplate from INPUTS and print the cleaned text.

    Removed: image-markdown residue, photo captions, "Baca juga" lines,
    author and editor credits, copyright lines, menus, footers, e-mail and
    phone lines, marketing filler, repeated headlines, datelines, HTML tags
    (character references decoded). Of an HTML page only its article is
    kept: the rest is listed as [html-text] by line of the page.

    \b
    Example:
        annotate clean corpora/sample/01-kendali-ekspor-chip.txt --show-removed
        annotate clean corpora/html/01-kabardunia-tata-kelola-ai.html --show-removed
    """
    cleaner = Cleaner(languages.get(lang).cleaning)
    report = IngestReport()
    out = data_output()
    for doc in _documents(inputs, fmt, text_field, report):
        write_cleaned(cleaner.process(doc), out, show_removed=show_removed, as_json=as_json)
    _finish(report)


@main.group()
def stance():
    """Sentence stance (cooperation / competition): train, evaluate, predict, inspect weak labels.

    Labels and their definitions: schemas/stance_labels.json and
    schemas/stance_guidelines.md.

    \b
    Example:
        annotate stance evaluate --data corpora/stance
        annotate stance compare --data out/gold --model a.npz --model b.npz
        echo "AS memperketat ekspor cip ke China." | annotate stance predict -
    """


def _data_option(f):
    return click.option("--data", multiple=True, required=True,
                        help="A dataset directory from 'annotate run' or 'annotate export', or labelled JSONL "
                             "(text, label, doc_id): files, directories or globs; repeatable.")(f)


def _dataset_options(split: str):
    """--split and --label-sources, which choose the labelled sentences of a dataset directory."""
    def apply(f):
        f = click.option("--label-sources", default=",".join(PEOPLE_SOURCES), show_default=True,
                         callback=_label_sources,
                         help=f"Dataset input: the stance_source values that count as labels "
                              f"(of {', '.join(STANCE_SOURCES)}).")(f)
        return click.option("--split", default=split, show_default=True, help="Dataset input: the split to use.")(f)
    return apply


def _label_sources(ctx, param, value):
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in STANCE_SOURCES]
    if not chosen or unknown:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(STANCE_SOURCES)}")
    return chosen


def _bootstrap_options(f):
    f = click.option("--seed", default=0, show_default=True, help="Seed of the bootstrap resamples.")(f)
    f = click.option("--bootstrap", "resamples", type=click.IntRange(min=100), default=1000, show_default=True,
                     help="Document resamples behind each 95% interval.")(f)
    return click.option("--format", "out_fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Figures as text or as one JSON object.")(f)


def _lang_option(f):
    return click.option("--lang", default="id", show_default=True, help="Language whose labelling functions are used.")(f)


@stance.command("train")
@click.option("--data", multiple=True, help="A dataset directory ('annotate run' / 'export') or labelled JSONL "
                                            "(text, label, doc_id): files, directories or globs; repeatable.")
@_dataset_options("train")
@click.option("--store", "store_path", type=click.Path(dir_okay=False, exists=True),
              help="Train on an annotation store's gold and adjudicated labels so far (instead of, or with, --data).")
@_lang_option
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Model file to write (.npz).")
@click.option("--no-votes", is_flag=True, help="TF-IDF features only, without the labelling functions' votes.")
def stance_train(data, split, label_sources, store_path, lang, out, no_votes):
    """Train a stance classifier on labelled sentences and save it (NumPy arrays and JSON, no pickle).

    A dataset directory contributes its --split (train) sentences whose
    stance_source is in --label-sources (people's labels: gold, annotated, adjudicated).

    \b
    Example:
        annotate stance train --data corpora/stance --out stance.npz
        annotate stance train --data out/gold --out stance.npz
        annotate stance train --data out/sample --label-sources model --out m.npz
        annotate stance train --data corpora/stance --store labels.db --out stance.npz
    """
    from annotate.stance.model import save
    from annotate.stance.train import train, training_data
    if not data and not store_path:
        raise click.UsageError("give --data, --store or both")
    labelled = training_data(data, store_path, split=split, label_sources=label_sources)
    save(train(labelled, () if no_votes else languages.get(lang).stance_functions), out)
    click.echo(f"trained on {len(labelled.texts)} sentences from {len(set(labelled.groups))} documents; "
               f"wrote {out}", err=True)


@stance.command("evaluate")
@_data_option
@_dataset_options("test")
@_lang_option
@click.option("--model", "model_path", type=click.Path(dir_okay=False, exists=True),
              help="Score this trained model on --data; without it, cross-validate the default classifier.")
@_bootstrap_options
@click.option("--folds", default=5, show_default=True, help="Without --model: cross-validation folds, grouped by document.")
@click.option("--plots", type=click.Path(file_okay=False), default="stance-evaluation", show_default=True,
              help="Directory for confusion.png and learning_curve.png.")
def stance_evaluate(data, split, label_sources, lang, model_path, out_fmt, resamples, seed, folds, plots):
    """Per-label precision, recall, F1, macro-F1 and accuracy, with 95% intervals; confusion matrix; plots.

    With --model: that model scored on --data (a dataset's --split, test by
    default), each figure with a 95% interval from a bootstrap that resamples
    whole documents (--bootstrap, --seed: same seed, same intervals).
    Without --model: grouped-by-document cross-validation of the default
    classifier beside the weak labels on the same folds.

    \b
    Example:
        annotate stance evaluate --data out/gold --model stance.npz
        annotate stance evaluate --data out/sample --label-sources model --model m.npz --format json
        annotate stance evaluate --data corpora/stance --plots out/plots
    """
    import json
    from pathlib import Path

    from annotate.stance.data import read_inputs
    from annotate.stance.evaluate import evaluate_and_plot, interval_report, plot_confusion, score_model
    from annotate.stance.saved import load
    labelled = read_inputs(data, IngestReport(), split=split, label_sources=label_sources)
    if model_path is None:
        if out_fmt == "json":
            raise click.UsageError("--format json needs --model (cross-validation reports as text)")
        click.echo(evaluate_and_plot(labelled, plots, folds=folds, functions=languages.get(lang).stance_functions))
        return
    result, predicted = score_model(load(model_path), labelled, resamples=resamples, seed=seed)
    Path(plots).mkdir(parents=True, exist_ok=True)
    plot_confusion(labelled.labels, predicted, Path(plots) / "confusion.png", f"{Path(model_path).name} on the data")
    click.echo(json.dumps(result, indent=2) if out_fmt == "json" else interval_report(result))


@stance.command("compare")
@_data_option
@_dataset_options("test")
@click.option("--model", "model_paths", multiple=True, required=True, type=click.Path(dir_okay=False, exists=True),
              help="A model file; give two or more, each is compared with the first.")
@_bootstrap_options
def stance_compare(data, split, label_sources, model_paths, out_fmt, resamples, seed):
    """Is model B really better than model A? A paired bootstrap over documents.

    Each model's macro-F1 with its 95% interval; for every model after the
    first, the difference to the first with its interval and the share of
    resamples in which it scores higher.

    \b
    Example:
        annotate stance compare --data out/gold --model old.npz --model new.npz
        annotate stance compare --data out/gold --model a.npz --model b.npz --format json
    """
    import json

    from annotate.stance.data import read_inputs
    from annotate.stance.evaluate import compare_models, comparison_report
    from annotate.stance.saved import load
    if len(model_paths) < 2:
        raise click.UsageError("give two or more --model files to compare")
    labelled = read_inputs(data, IngestReport(), split=split, label_sources=label_sources)
    rows = compare_models([load(p) for p in model_paths], labelled, resamples=resamples, seed=seed)
    if out_fmt == "json":
        click.echo(json.dumps({"n_sentences": len(labelled.texts), "n_documents": len(set(labelled.groups)),
                               "resamples": resamples, "seed": seed,
                               "models": [{"model": p, **row} for p, row in zip(model_paths, rows)]}, indent=2))
    else:
        click.echo(comparison_report(model_paths, rows, resamples=resamples, seed=seed))


@stance.command("predict")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--model", "model_path", type=click.Path(dir_okay=False),
              help="A model from 'annotate stance train' (default: the bundled model of --lang).")
@_lang_option
@click.option("--text-field", default="text", show_default=True, help="JSONL field holding the sentence.")
def stance_predict(inputs, model_path, lang, text_field):
    """Label sentences: JSONL with a text field (other fields kept) or plain text, one sentence per line.

    Output is JSONL: the input's fields, "text", "label" and "scores" (a
    probability per label).

    \b
    Example:
        annotate stance predict sentences.jsonl > predictions.jsonl
        echo "Indonesia dan Jepang sepakat bekerja sama." | annotate stance predict -
    """
    import json

    from annotate.stance.data import read_for_prediction
    from annotate.stance.saved import load, predict_records
    path = model_path or languages.get(lang).stance_model
    if path is None:
        raise ModelNotFoundError(f"language {lang!r} bundles no stance model; pass --model")
    model = load(path)
    report = IngestReport()
    out = data_output()
    for record in predict_records(model, read_for_prediction(inputs, report, text_field)):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    _finish(report)


@stance.command("lf-report")
@_data_option
@_lang_option
def stance_lf_report(data, lang):
    """Each labelling function's coverage, overlap, conflict and accuracy on labelled data.

    Coverage: share of sentences it votes on. Overlap: share where it and
    another function both vote. Conflict: share where another function votes
    a different label. Accuracy: on the sentences it votes on.

    \b
    Example:
        annotate stance lf-report --data corpora/stance
    """
    from annotate.stance.data import read_labelled
    from annotate.stance.evaluate import labelling_report
    functions = languages.get(lang).stance_functions
    if not functions:
        raise ModelNotFoundError(f"language {lang!r} has no labelling functions")
    click.echo(labelling_report(read_labelled(data, IngestReport()), functions))


@main.command("import")
@click.argument("source")
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False),
              help="Annotation store file (SQLite); created if missing.")
def import_(source, store_path):
    """Load SOURCE (a dataset from 'annotate run', or JSONL rows) into an annotation store as tasks.

    Rows already in the store (same id) are not added twice; a source whose
    rows lack id, doc_id, sent_index or text is refused and nothing is added.

    \b
    Example:
        annotate run corpora/sample --out out/sample
        annotate import out/sample --store labels.db
    """
    from annotate.annotation.importer import import_tasks
    added, present = import_tasks(source, store_path)
    click.echo(f"added {added} tasks to {store_path} ({present} already there)", err=True)


@main.command()
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Annotation store file.")
def agreement(store_path):
    """Inter-annotator agreement in a store, each figure with the items behind it.

    Stance: Cohen's kappa per pair of annotators, Fleiss' kappa, Krippendorff's
    alpha (nominal). Entities: span F1 per pair (exact start, end, label).
    Computed on the items with two or more answers only (a pair's figure on
    the items both answered), so with 'label --overlap' it uses the overlap.

    \b
    Example:
        annotate agreement --store labels.db
    """
    from annotate.annotation.agreement import store_agreement
    from annotate.annotation.store import Store
    with Store(store_path, create=False) as store:
        figures = store_agreement(store)
    for kind, kind_figures in figures.items():
        click.echo(kind)
        for figure in kind_figures:
            click.echo(safe(f"  {figure}"))


@main.command()
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Annotation store file (see 'annotate import').")
@click.option("--annotator", required=True, help="Your name; your answers are kept apart from others'.")
@click.option("--task", "kind", type=click.Choice(KINDS), default="stance", show_default=True)
@click.option("--order", type=click.Choice(ORDERS), default="sequential",
              show_default=True, help="uncertainty: the items the model is least sure about first.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, exists=True),
              help="With --order uncertainty: rank by this stance model instead of the stored suggestions.")
@click.option("--overlap", type=click.IntRange(min=1), metavar="K",
              help="Annotators per item: leave out items K others answered (or have on screen), and take items "
                   "others started first, so K people see each item while the rest get fresh ones "
                   "[default: no limit].")
@click.option("--lang", default="id", show_default=True,
              help="With --task ner: language whose actor codes an entity may be given ({PER:CHN}).")
def label(store_path, annotator, kind, order, model_path, overlap, lang):
    """Label sentences one keystroke at a time; every answer is saved at once.

    Shows the title, the sentence with the previous and next one, entities
    by type, the suggested label and its confidence; after each key, what was
    saved or undone. Keys: Enter accept, 1-4 pick a label (stance), e edit
    entities as [words]{PER} markup starting from the suggestion (ner; fix
    an actor link with [Xi Jinping]{PER:CHN}, unlink with [Beijing]{LOC:-}),
    s skip, u undo, ? help (label definitions and decision rules; Esc
    returns), q quit. Run it again to resume where you stopped.

    \b
    Example:
        annotate label --store labels.db --annotator ani --order uncertainty
        annotate label --store labels.db --annotator budi --overlap 2
        annotate label --store labels.db --annotator citra --task ner
    """
    from annotate.annotation import tui
    from annotate.annotation.session import LabellingSession, model_confidence
    from annotate.annotation.store import Store
    with Store(store_path, create=False) as store:
        confidence = model_confidence(store, model_path) if model_path and order == "uncertainty" else None
        table = languages.get(lang).actor_table() if kind == "ner" else None
        with LabellingSession(store, annotator, kind, order, confidence, overlap,
                              actor_codes=table.codes if table else ()) as session:
            tui.run(session, sys.stdin, sys.stdout)
            done, total, _ = session.progress()
    click.echo(f"{done}/{total} answered by {annotator}; saved in {store_path}", err=True)


@main.command()
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Annotation store file (see 'annotate import').")
@click.option("--annotator", help="Only the tasks this annotator has not answered yet.")
@click.option("--disputed", "only_disputed", is_flag=True,
              help="Only the tasks annotators disagree on, with each one's answer (for a reviewer).")
@click.option("--suggestions", is_flag=True, help="Add the model's suggested label to each task.")
def tasks(store_path, annotator, only_disputed, suggestions):
    """Print a store's stance tasks as JSONL, to label outside the terminal screen.

    Each line: id, doc_id, sent_index, title, previous, text, next (and, with
    --disputed, the annotators' answers). No model suggestion unless asked.
    Label in any tool, then record the answers with 'annotate decide'.

    \b
    Example:
        annotate tasks --store labels.db --annotator ani > ani-todo.jsonl
        annotate decide ani-done.jsonl --store labels.db --annotator ani
    """
    import json

    from annotate.annotation.batch import task_records
    from annotate.annotation.store import Store
    out = data_output()
    with Store(store_path, create=False) as store:
        for record in task_records(store, annotator=annotator, only_disputed=only_disputed, suggestions=suggestions):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _decisions(store_path, decisions, who, adjudicate):
    from annotate.annotation.batch import record_decisions
    from annotate.annotation.store import Store
    from annotate.schema import STANCE_LABELS, labels as label_set
    with click.open_file(decisions, encoding="utf-8", errors="replace") as stream, \
            Store(store_path, create=False) as store:
        lines = ((f"{decisions}:{number}", line) for number, line in enumerate(stream, start=1))
        report = record_decisions(store, lines, who, label_set(STANCE_LABELS), adjudicate=adjudicate)
    for problem in report.problems:
        click.echo(safe(problem), err=True)
    click.echo(safe(report.summary(who)), err=True)
    if report.problems:
        sys.exit(1)


@main.command()
@click.argument("decisions", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Annotation store file (see 'annotate import').")
@click.option("--annotator", required=True, help="Whose decisions these are; recorded with each one.")
def decide(decisions, store_path, annotator):
    """Record stance labels made outside the terminal screen (JSONL, one decision a line).

    Each line is {"id": TASK_ID, "label": LABEL} (or "text" instead of "id").
    Every line is checked like a keystroke: an unknown label or item is
    reported in one line and nothing is saved for it (exit status 1). A line
    repeating the annotator's current answer changes nothing, so recording a
    file twice is harmless; a different label replaces the earlier answer.

    \b
    Example:
        annotate tasks --store labels.db --annotator ani > todo.jsonl
        echo '{"id": "doc1-0", "label": "cooperation"}' | annotate decide - --store labels.db --annotator ani
    """
    _decisions(store_path, decisions, annotator, adjudicate=False)


@main.command()
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Annotation store file.")
@click.option("--reviewer", required=True, help="Your name, recorded with each adjudication.")
@click.option("--task", "kind", type=click.Choice(KINDS), default="stance", show_default=True)
@click.option("--decisions", type=click.Path(dir_okay=False, allow_dash=True),
              help="Stance adjudications made outside the screen: JSONL of {id, label}, checked like keystrokes "
                   "(see 'annotate tasks --disputed').")
def review(store_path, reviewer, kind, decisions):
    """Walk the sentences annotators disagree on; one keystroke adjudicates.

    Stance: shows each annotator's answer and the model's; 1-4 decide.
    Entities: shows each annotator's version as markup; 1-n take one. s skip,
    u undo, ? help, q quit. Adjudicated labels are exported as 'adjudicated'. With
    --decisions, stance adjudications made elsewhere are recorded instead.

    \b
    Example:
        annotate review --store labels.db --reviewer sari
        annotate tasks --store labels.db --disputed > disputed.jsonl
        annotate review --store labels.db --reviewer sari --decisions decided.jsonl
    """
    if decisions:
        if kind != "stance":
            raise click.UsageError("--decisions takes stance adjudications; review entities on the screen")
        return _decisions(store_path, decisions, reviewer, adjudicate=True)
    from annotate.annotation import tui
    from annotate.annotation.review import ReviewSession
    from annotate.annotation.store import Store
    with Store(store_path, create=False) as store:
        session = ReviewSession(store, reviewer, kind)
        tui.review(session, sys.stdin, sys.stdout)
    click.echo(f"{len(session.decided)} adjudicated by {reviewer}; saved in {store_path}", err=True)


@main.command("export")
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Annotation store file.")
@click.option("--out", "-o", required=True, type=click.Path(), help="Dataset directory, or a file for jsonl/conll.")
@click.option("--format", "fmt", type=click.Choice(["dataset", "jsonl", "conll"]), default="dataset", show_default=True,
              help="dataset: the layout of 'annotate run'; jsonl: text with span offsets; conll: token<TAB>tag.")
@click.option("--overwrite", is_flag=True, help="Replace an existing --out.")
@click.option("--seed", default=0, show_default=True, help="Seed of the per-document split assignment.")
@click.option("--lang", default="id", show_default=True, help="Language code recorded in the dataset card.")
@click.option("--min-annotators", type=click.IntRange(min=1), default=None,
              help="Agreeing annotators an answer needs to be gold; fewer make it 'annotated' "
                   "[default: 2 when the store has two or more annotators, else 1].")
def export_(store_path, out, fmt, overwrite, seed, lang, min_annotators):
    """Write a store's final labels with their provenance.

    stance_source is 'gold' where at least --min-annotators annotators answered
    and all agree, 'annotated' where fewer answered and agree, 'adjudicated'
    where a reviewer decided, else the model's; each row lists the annotators
    and their answers, and the dataset card states the gold policy and the
    agreement figures.

    \b
    Example:
        annotate export --store labels.db --out out/gold
        annotate export --store labels.db --out gold.jsonl --format jsonl
        annotate export --store labels.db --out out/gold --min-annotators 2
    """
    from annotate.annotation.export import export
    from annotate.annotation.store import Store
    with Store(store_path, create=False) as store:
        written = export(store, out, fmt=fmt, overwrite=overwrite, seed=seed, language=lang,
                         actors=languages.get(lang).actor_table(), min_annotators=min_annotators)
    click.echo(f"wrote {written} sentences to {out}", err=True)


@main.command()
@click.argument("source", type=click.Path(exists=True))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--overwrite", is_flag=True, help="Replace an existing --out.")
@click.option("--max-documents", type=click.IntRange(min=0), default=500, show_default=True,
              help="Documents shown in full; the summary always counts every document.")
@click.option("--seed", default=0, show_default=True, help="With a store: seed of the split assignment, as in export.")
@click.option("--lang", default="id", show_default=True, help="With a store: language whose actor tables link actors.")
def report(source, out, overwrite, max_documents, seed, lang):
    """An HTML report of a dataset (SOURCE a directory) or an annotation store (SOURCE a file).

    One self-contained file, no network needed to view it: counts per split
    and stance, entity types, document stances, agreement when several people
    annotated, the model's confusion matrix where gold labels exist, and each
    document with its entities highlighted and every sentence marked by its
    stance (label, score, source), filterable by stance, source and split.

    \b
    Example:
        annotate run corpora/sample --out out/sample
        annotate report out/sample --out report.html
        annotate report labels.db --out labels.html --overwrite
    """
    from annotate.report import write_report
    summary, shown = write_report(source, out, overwrite=overwrite, max_documents=max_documents, seed=seed,
                                  actors=languages.get(lang).actor_table())
    click.echo(f"wrote {out}: {sum(summary.documents.values())} documents, {sum(summary.sentences.values())} "
               f"sentences ({shown} documents shown in full)", err=True)


@main.command()
@click.argument("source", type=click.Path(exists=True))
@click.option("--by", type=click.Choice(GROUPINGS), default="none", show_default=True,
              help="Count per pair only (none), or per pair and document, month of the date, or source.")
@click.option("--format", "out_fmt", type=click.Choice(DYAD_FORMATS), default="table", show_default=True)
@click.option("--min-sentences", type=click.IntRange(min=1), default=1, show_default=True,
              help="Leave out pairs (in a group) framed in fewer sentences.")
@click.option("--lang", default="id", show_default=True, help="Language whose actor tables name (and, for a store, link) actors.")
@click.option("--seed", default=0, show_default=True, help="Seed of the bootstrap (and of a store's split assignment).")
def dyads(source, by, out_fmt, min_sentences, lang, seed):
    """Who frames whom: framed sentences per pair of actors, from a dataset (directory) or a store (file).

    One row per pair of actors named together in a sentence whose stance is
    not neutral: sentences, cooperation, competition, mixed, documents, and
    the net framing (cooperation - competition) / sentences with its 95%
    interval (net_low, net_high; bootstrap over documents). From a store,
    people's stances (gold, annotated, adjudicated) take precedence over the
    model's.

    \b
    Example:
        annotate run corpora/sample --out out/sample
        annotate dyads out/sample
        annotate dyads out/sample --by month --format csv > dyads.csv
        annotate dyads labels.db --by doc --min-sentences 2
    """
    from annotate.report.source import open_source
    table = languages.get(lang).actor_table()
    rows = pair_table(open_source(source, seed=seed, actors=table).documents(), by=by, min_sentences=min_sentences,
                      names=table.name if table else str, seed=seed)
    write_table(rows, data_output(), out_fmt)
