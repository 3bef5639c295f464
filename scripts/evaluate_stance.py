"""Stance on real news: grouped cross-validation on the real sentences only, variants side by side.

Usage:
    python scripts/evaluate_stance.py [--folds 5] [--variants all|main] [--curve] [--unseen-source]

Data: the real news labelled by the team (corpora/stance/real/, BaPOS and
FacQA sentences joined from ../shared by stance_corpus.py) and the
team-written corpora/stance/*.jsonl. Folds are grouped by document over the
real sentences (an NTREX article; a kumparan sentence, which has no article),
and groups holding near-duplicate sentences (half their words or more in
common) are merged, so that no sentence is tested against a variant of
itself seen in training (kumparan repeats many sentences under other ids); every model is tested on the held-out real sentences only. The
team-written sentences are added to the training side where a variant says so.

Printed per variant: macro-F1 and per-label F1 over all real sentences and per
source, and for the chosen configuration the expected calibration error and
Brier score. ``--curve`` adds a learning curve over the number of real
training sentences. ``--unseen-source`` adds each real source held out in turn (trained on the
other sources and the team-written sentences): the figure to expect on text unlike any in
training. Target: macro-F1 >= 0.72 on the real sentences.
"""
from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

import stance_corpus
from annotate import languages
from annotate.ingest import IngestReport
from annotate.stance.data import read_labelled
from annotate.stance.evaluate import calibration, report
from annotate.stance.model import make_model
from annotate.stance.saved import scores, stance_labels, weak_labels

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "stance"
FUNCTIONS = languages.get("id").stance_functions
PREVIOUS = dict(classifier="multinomial", C=16.0)  # the configuration bundled before the real sentences


def merge_near_duplicates(texts, groups, threshold: float = 0.5) -> list[str]:
    """Groups joined wherever two sentences share at least ``threshold`` of their words (Jaccard).

    The kumparan source holds the same sentence several times, with and
    without verb affixes, under distant ids; left in different folds they
    would leak labels from training into test.
    """
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import CountVectorizer
    words = (CountVectorizer(binary=True, token_pattern=r"\w+").fit_transform(texts) > 0).astype(np.int32)
    sizes = np.asarray(words.sum(axis=1)).ravel()
    shared = (words @ words.T).tocoo()
    union = sizes[shared.row] + sizes[shared.col] - shared.data
    keep = shared.data >= threshold * np.maximum(union, 1)
    index = {g: i for i, g in enumerate(sorted(set(groups)))}
    ids = np.array([index[g] for g in groups])
    from scipy.sparse import coo_matrix
    n = len(index)
    graph = coo_matrix((np.ones(keep.sum()), (ids[shared.row[keep]], ids[shared.col[keep]])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    return [f"component:{component[i]}" for i in ids]


def masked(texts, nlp) -> list[str]:
    """Each text with its entity spans replaced by their type (PER, ORG, LOC)."""
    out = []
    for doc in nlp.pipe(texts, batch_size=128):
        text, pieces, last = doc.text, [], 0
        for entity in doc.entities:
            pieces += [text[last:entity.start], entity.label]
            last = entity.end
        out.append("".join(pieces) + text[last:])
    return out


class WordVectors:
    """Mean of the project's word2vec vectors over a sentence's words (a dense feature block)."""

    def __init__(self):
        from stanza.models.common.pretrain import Pretrain
        pretrain = Pretrain(str(ROOT / "annotate" / "resources" / "id" / "pretrain" / "annotate.pt"))
        self.vocab, self.emb = pretrain.vocab, pretrain.emb.numpy()

    def __call__(self, texts) -> np.ndarray:
        rows = []
        for text in texts:
            ids = [self.vocab.unit2id(w) for w in re.findall(r"\w+", text.lower())]
            ids = [i for i in ids if i > 3]
            rows.append(self.emb[ids].mean(axis=0) if ids else np.zeros(self.emb.shape[1]))
        return np.asarray(rows)


def with_vectors(make, vectors: WordVectors):
    """A model whose features are ``make()``'s plus the mean word vector, scaled."""
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    def build():
        model = make()
        features = model.named_steps["features"]
        dense = Pipeline([("mean", FunctionTransformer(vectors, validate=False)), ("scale", StandardScaler())])
        return Pipeline([("features", FeatureUnion(features.transformer_list + [("vectors", dense)])),
                         ("classifier", model.named_steps["classifier"])])
    return build


def calibrated(make):
    from sklearn.calibration import CalibratedClassifierCV
    return lambda: CalibratedClassifierCV(make(), method="sigmoid", cv=3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--variants", choices=["all", "main"], default="all")
    parser.add_argument("--curve", action="store_true", help="learning curve over real training sentences")
    parser.add_argument("--unseen-source", action="store_true",
                        help="also score each source with the model trained on the others")
    parser.add_argument("--exclude-source", action="append", default=[],
                        help="leave a source out of the real sentences (ntrex, kumparan, bapos, facqa)")
    args = parser.parse_args()
    quiet = IngestReport(warn=lambda m: None)
    real, sources = stance_corpus.load(exclude_sources=tuple(args.exclude_source))
    team = read_labelled([str(CORPUS / "*.jsonl")], quiet)
    sources = np.array(sources)
    groups = np.array(merge_near_duplicates(real.texts, real.groups))
    gold = np.array(real.labels, dtype=object)
    names = stance_labels()
    print(f"real sentences: {len(gold)} ({', '.join(f'{s} {n}' for s, n in zip(*np.unique(sources, return_counts=True)))}); "
          f"labels: {', '.join(f'{n} {int((gold == n).sum())}' for n in names)}; "
          f"{len(set(groups))} groups, {args.folds} folds; team-written sentences: {len(team.texts)}\n")
    splits = list(GroupKFold(n_splits=args.folds).split(real.texts, gold, groups))

    def cross_validate(make, *, with_team=True, transform=None, real_share=1.0, train_without=()):
        """Out-of-fold labels and probabilities on the real sentences (``train_without``: sources kept out of training)."""
        texts = np.array(transform["real"] if transform else real.texts, dtype=object)
        team_texts = transform["team"] if transform else team.texts
        predicted, proba = np.empty(len(gold), dtype=object), np.zeros((len(gold), len(names)))
        for train, test in splits:
            if real_share < 1:
                docs = sorted(set(groups[train]))
                np.random.default_rng(0).shuffle(docs)
                train = train[np.isin(groups[train], docs[:max(1, round(real_share * len(docs)))])]
            train = train[~np.isin(sources[train], list(train_without))]
            x = list(texts[train]) + (list(team_texts) if with_team else [])
            y = list(gold[train]) + (list(team.labels) if with_team else [])
            model = make().fit(x, y)
            proba[test] = scores(model, list(texts[test]))
            predicted[test] = [names[i] for i in proba[test].argmax(axis=1)]
        return predicted, proba

    def line(name, predicted, proba=None, seconds=None):
        macro = f1_score(gold, predicted, labels=names, average="macro", zero_division=0)
        per = f1_score(gold, predicted, labels=names, average=None, zero_division=0)
        by_source = "  ".join(f"{s} {f1_score(gold[sources == s], predicted[sources == s], labels=names, average='macro', zero_division=0):.3f}"
                              for s in sorted(set(sources)))
        extra = ""
        if proba is not None:
            cal = calibration(list(gold), proba, names)
            extra = f"  ECE {cal.ece:.3f} Brier {cal.brier:.3f}"
        timing = f"  ({seconds:.0f} s)" if seconds else ""
        print(f"{name:<48} macro-F1 {macro:.3f}  " + " ".join(f"{n[:4]} {f:.3f}" for n, f in zip(names, per))
              + f"  | {by_source}{extra}{timing}", flush=True)
        return macro

    print(f"{'variant':<48} {'':>14}  per-label F1 (neut coop comp mixe)  | macro-F1 per source")
    line("labelling functions alone (majority vote)", np.array(weak_labels(real.texts, FUNCTIONS), dtype=object))
    bundled = make_model(FUNCTIONS, **PREVIOUS).fit(team.texts, team.labels)
    team_proba = scores(bundled, real.texts)
    line("previous bundled model (team-written only)", np.array([names[i] for i in team_proba.argmax(axis=1)],
                                                                 dtype=object), team_proba)

    chosen = "real + team, TF-IDF + votes, two framing heads"
    variants = {
        chosen: (lambda: make_model(FUNCTIONS), {}),
        "real only, same configuration": (lambda: make_model(FUNCTIONS), {"with_team": False}),
        "real + team, BaPOS kept out of training": (lambda: make_model(FUNCTIONS), {"train_without": ("bapos",)}),
    }
    if args.variants == "all":
        variants.update({
            "real + team, one 4-label regression, C=16": (lambda: make_model(FUNCTIONS, **PREVIOUS), {}),
            "real + team, one 4-label regression, C=4": (lambda: make_model(FUNCTIONS, classifier="multinomial",
                                                                            C=4.0), {}),
            "real + team, two heads, C=4": (lambda: make_model(FUNCTIONS, C=4.0), {}),
            "real + team, two heads, C=16": (lambda: make_model(FUNCTIONS, C=16.0), {}),
            "real + team, TF-IDF only (no votes)": (lambda: make_model(()), {}),
            "real + team, no class weighting": (lambda: make_model(FUNCTIONS, class_weight=None), {}),
            "real + team, + mean word vectors": (with_vectors(lambda: make_model(FUNCTIONS), WordVectors()), {}),
            "real + team, sigmoid-calibrated (3-fold inside)": (calibrated(lambda: make_model(FUNCTIONS)), {}),
        })
    results = {}
    for name, (make, options) in variants.items():
        start = time.perf_counter()
        results[name] = cross_validate(make, **options)
        line(name, *results[name], time.perf_counter() - start)
    if args.variants == "all":
        import annotate
        nlp = annotate.load_pipeline("id", clean=False, stance=False)
        transform = {"real": masked(real.texts, nlp), "team": masked(team.texts, nlp)}
        start = time.perf_counter()
        predicted, proba = cross_validate(lambda: make_model(FUNCTIONS), transform=transform)
        line("real + team, entity-masked text", predicted, proba, time.perf_counter() - start)

    predicted, proba = results[chosen]
    print(f"\nchosen configuration ({chosen}), out-of-fold on the real sentences")
    print(report(list(gold), list(predicted)))
    print("per source (macro-F1; F1 per label):")
    for source in sorted(set(sources)):
        mine = sources == source
        per = f1_score(gold[mine], predicted[mine], labels=names, average=None, zero_division=0)
        macro = f1_score(gold[mine], predicted[mine], labels=names, average="macro", zero_division=0)
        print(f"  {source:<10} {int(mine.sum()):>6} sentences  macro-F1 {macro:.3f}  "
              + "  ".join(f"{n} {f:.3f}" for n, f in zip(names, per)))
    cal = calibration(list(gold), proba, names)
    print(f"calibration: expected calibration error {cal.ece:.3f} (10 bins of top-label confidence), "
          f"Brier score {cal.brier:.3f} (mean over sentences of the squared error summed over labels)")
    print("reliability (confidence bin: sentences, mean confidence, accuracy): "
          + "; ".join(f"{lo:.1f}-{hi:.1f}: {n}, {c:.2f}, {a:.2f}" for lo, hi, n, c, a in cal.bins if n))
    if args.curve:
        print("\nlearning curve (team-written sentences always in training; share of the real training documents)")
        for share in (0.1, 0.25, 0.5, 0.75, 1.0):
            predicted, _ = cross_validate(lambda: make_model(FUNCTIONS), real_share=share)
            n = int(round(share * len(gold) * (args.folds - 1) / args.folds))
            macro = f1_score(gold, predicted, labels=names, average="macro", zero_division=0)
            print(f"  about {n:>5} real training sentences: macro-F1 {macro:.3f}", flush=True)
    if args.unseen_source:
        print("\neach source unseen in training (trained on the other sources + team-written; macro-F1; F1 per label)")
        for source in sorted(set(sources)):
            seen, unseen = sources != source, sources == source
            model = make_model(FUNCTIONS).fit(list(np.array(real.texts, dtype=object)[seen]) + list(team.texts),
                                              list(gold[seen]) + list(team.labels))
            predicted = np.array([names[i] for i in scores(model, list(np.array(real.texts, dtype=object)[unseen]))
                                 .argmax(axis=1)], dtype=object)
            per = f1_score(gold[unseen], predicted, labels=names, average=None, zero_division=0)
            macro = f1_score(gold[unseen], predicted, labels=names, average="macro", zero_division=0)
            print(f"  {source:<10} {int(unseen.sum()):>6} sentences  macro-F1 {macro:.3f}  "
                  + "  ".join(f"{n} {f:.3f}" for n, f in zip(names, per)), flush=True)


if __name__ == "__main__":
    main()
