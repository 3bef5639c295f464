"""The ``annotate`` command line: a thin layer over the library."""
from __future__ import annotations

import sys

import click

from annotate import languages
from annotate.errors import AnnotateError, ModelNotFoundError, NoInputError
from annotate.ingest import INPUT_FORMATS, IngestReport, read_documents
from annotate.output import NER_FORMATS, TOKENIZE_FORMATS, write_cleaned, write_entities, write_tokenized
from annotate.pipeline import load_pipeline
from annotate.processors.clean import Cleaner
from annotate.run import run as run_dataset, unique_documents


class _Group(click.Group):
    """Turns user-facing errors into one line on stderr and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AnnotateError as e:
            raise click.ClickException(str(e)) from None
        except BrokenPipeError:  # output piped into e.g. head, which closed early
            sys.stderr.close()
            ctx.exit(0)
        except OSError as e:  # disk full, permissions, an output path under a file
            where = f": {e.filename}" if e.filename else ""
            raise click.ClickException(f"{e.strerror or e}{where}") from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="annotate")
def main():
    """Turn raw news text into a cleaned, tokenized, entity-tagged HuggingFace dataset.

    \b
    Example:
        annotate run corpora/sample --out out/sample
        python -c "import datasets; print(datasets.load_dataset('out/sample'))"
    """


_INPUT_OPTIONS = (
    click.argument("inputs", nargs=-1, required=True),
    click.option("--lang", default="id", show_default=True, help="Language plug-in code."),
    click.option("--input-format", "fmt", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
                 help="Input format; auto goes by file extension (.txt, .jsonl, .csv/.tsv)."),
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
@click.option("--seed", default=0, show_default=True, help="Seed of the per-document split assignment.")
@click.option("--split-ratios", default="0.8,0.1,0.1", show_default=True,
              help="train,validation,test proportions (documents).")
@click.option("--license", "license_", default="other", show_default=True, help="License recorded in the card.")
@click.option("--ner/--no-ner", default=True, show_default=True, help="Tag named entities (where the language has a model).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(inputs, lang, fmt, text_field, stanza_dir, out, overwrite, seed, split_ratios, license_, ner, quiet):
    """Clean and tokenize INPUTS into a HuggingFace dataset at --out.

    INPUTS are files, directories (read recursively), glob patterns or - for
    standard input. Rows are sentences; documents are assigned to the
    train/validation/test splits deterministically.

    \b
    Example:
        annotate run corpora/sample --out out/sample
        annotate run 'scraped/**/*.jsonl' --out out/news --seed 1 --overwrite
    """
    try:
        ratios = tuple(float(x) for x in split_ratios.split(","))
        assert len(ratios) in (1, 2, 3) and all(r >= 0 for r in ratios) and sum(ratios) > 0
    except (ValueError, AssertionError):
        raise click.BadParameter("give 1 to 3 non-negative numbers, e.g. 0.8,0.1,0.1", param_hint="--split-ratios")
    pipeline = load_pipeline(lang, stanza_dir=stanza_dir, ner=ner)
    summary = run_dataset(inputs, out, lang=lang, pipeline=pipeline, fmt=fmt, text_field=text_field,
                          seed=seed, ratios=ratios, overwrite=overwrite, license=license_, progress=not quiet)
    click.echo(summary.report.summary(), err=True)
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
    nlp = load_pipeline(lang, stanza_dir=stanza_dir, clean=clean, ner=False)
    report = IngestReport()
    for doc in nlp.pipe(_documents(inputs, fmt, text_field, report)):
        write_tokenized(doc, sys.stdout, out_fmt)
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
    nlp = load_pipeline(lang, stanza_dir=stanza_dir, clean=clean, pretokenized=pretokenized)
    if not any(p.name == "ner" for p in nlp.processors):
        raise ModelNotFoundError(f"no NER model for {lang!r} in the Stanza resources used")
    report = IngestReport()
    docs = read_documents(inputs, fmt="pretokenized" if pretokenized else fmt, text_field=text_field, report=report)
    for doc in nlp.pipe(docs if pretokenized else unique_documents(docs, report)):
        write_entities(doc, sys.stdout, out_fmt)
    _finish(report)


@main.command()
@input_options
@click.option("--show-removed", is_flag=True, help="After each document, list removed lines with line number and rule.")
@click.option("--jsonl", "as_json", is_flag=True, help="One JSON object per document: text and removed lines.")
def clean(inputs, lang, fmt, text_field, show_removed, as_json):
    """Remove scraped-page boilerplate from INPUTS and print the cleaned text.

    Removed: image-markdown residue, photo captions, "Baca juga" lines,
    author and editor credits, copyright lines, menus, footers, e-mail and
    phone lines, marketing filler, repeated headlines, datelines.

    \b
    Example:
        annotate clean corpora/sample/01-chip-ekspor.txt --show-removed
    """
    cleaner = Cleaner(languages.get(lang).cleaning)
    report = IngestReport()
    for doc in _documents(inputs, fmt, text_field, report):
        write_cleaned(cleaner.process(doc), sys.stdout, show_removed=show_removed, as_json=as_json)
    _finish(report)
