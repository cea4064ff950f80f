"""Train the line model that finds the article in a page pasted as text, and measure it honestly.

Run from the checkout: ``python bench/train_pasted_model.py [--dataset PATH] [--folds 5]``.
It reads the real-page benchmark (``<repo>/../shared/datasets/article-extraction``),
renders each page as a browser copy would (``inscriptis``), labels each line
as article text when most of its four-word shingles are in the page's true
body, and fits a logistic regression (numpy, L2-penalised Newton steps) on
lines weighted so that every page counts the same. It prints the benchmark's
F1 of the whole text cleaner held out by page (k folds: each page cleaned by a
model that never saw it) beside the in-sample F1, and writes the weights
trained on all pages to ``sources/pasted_model.json``.
"""

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sources.cleaning import clean_text, detect_language, drop_furniture, normalize_text  # noqa: E402
from sources.evaluation import WORD, page_score, shingles, summarize  # noqa: E402
from sources.extraction_dataset import load_pages, pasted_copy  # noqa: E402
from sources.pasted import FEATURES, MODEL_PATH, LineModel, line_features, stoplist  # noqa: E402

PENALTY = 1.0
SEED = 20_240_601


def page_lines(text: str) -> list[str]:
    """The page's non-empty lines as the cleaner sees them before choosing the article."""
    lines = drop_furniture(normalize_text(text).split("\n"))
    return [line.strip() for line in lines if line.strip()]


def line_labels(lines: list[str], true_body: str) -> list[float]:
    truth = shingles(true_body)
    joined = " " + " ".join(token.casefold() for token in WORD.findall(true_body)) + " "
    labels = []
    for line in lines:
        tokens = [token.casefold() for token in WORD.findall(line)]
        if len(tokens) >= 4:
            own = shingles(line)
            shared = sum((own & truth).values())
            labels.append(float(shared >= 0.5 * sum(own.values())))
        else:
            labels.append(float(bool(tokens) and f" {' '.join(tokens)} " in joined))
    return labels


def page_rows(page, text):
    lines = page_lines(text)
    if not lines:
        return np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0)
    features = np.array(line_features(lines, stopwords=stoplist(detect_language(text))))
    labels = np.array(line_labels(lines, page.true_body))
    words = np.array([min(len(line.split()), 100) + 1.0 for line in lines])
    return features, labels, words / words.sum()


def fit(features: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> LineModel:
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    x = np.hstack([np.ones((len(features), 1)), (features - mean) / scale])
    beta = np.zeros(x.shape[1])
    penalty = PENALTY * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (weights * (p - labels)) + penalty @ beta
        hessian = (x * (weights * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return LineModel(
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        weights=tuple(beta[1:].tolist()),
        bias=float(beta[0]),
    )


def fit_pages(rows) -> LineModel:
    return fit(
        np.vstack([r[0] for r in rows]),
        np.concatenate([r[1] for r in rows]),
        np.concatenate([r[2] for r in rows]),
    )


def scores(pages, texts, model_for):
    return [
        page_score(page.true_body, clean_text(text, page_model=model_for(i)).body)
        for i, (page, text) in enumerate(zip(pages, texts, strict=True))
    ]


def report(name, pages, page_scores):
    english = [s for p, s in zip(pages, page_scores, strict=True) if p.true_language == "en"]
    for label, subset in (("all pages", page_scores), ("English", english)):
        summary = summarize(subset)
        sys.stdout.write(
            f"{name:<22} {label:<10} pages {summary.pages:>3}  P {summary.precision:.3f}  "
            f"R {summary.recall:.3f}  F1 {summary.f1:.3f}\n"
        )
    return summarize(page_scores), summarize(english)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--output", default=str(MODEL_PATH))
    args = parser.parse_args()

    pages = load_pages(args.dataset)
    texts = [pasted_copy(page.html) for page in pages]
    rows = [page_rows(page, text) for page, text in zip(pages, texts, strict=True)]

    order = list(range(len(pages)))
    random.Random(SEED).shuffle(order)
    fold_of = {index: n % args.folds for n, index in enumerate(order)}
    fold_models = [
        fit_pages([rows[i] for i in range(len(pages)) if fold_of[i] != fold])
        for fold in range(args.folds)
    ]
    held_out = scores(pages, texts, lambda i: fold_models[fold_of[i]])
    model = fit_pages(rows)
    in_sample = scores(pages, texts, lambda i: model)

    cv_all, cv_en = report(f"held out ({args.folds}-fold)", pages, held_out)
    in_all, in_en = report("in sample", pages, in_sample)
    data = model.as_json()
    data["trained_on"] = {
        "pages": len(pages),
        "lines": int(sum(len(r[1]) for r in rows)),
        "held_out_f1": round(cv_all.f1, 4),
        "held_out_f1_english": round(cv_en.f1, 4),
        "in_sample_f1": round(in_all.f1, 4),
        "folds": args.folds,
    }
    Path(args.output).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"Weights written to {args.output}\n")


if __name__ == "__main__":
    main()
