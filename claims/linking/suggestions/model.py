"""The link classifier: agree, conflict or neither for a pair's features, with a score.

A multinomial logistic regression (scikit-learn) over ``features.FEATURES``.
A trained model is kept as plain JSON (feature names, scaling, coefficients),
never as a pickle: loading a model runs no code, whoever wrote the row or the
file. The shipped model (``data/link_model.json``) was trained on the team's
annotated pairs (``eval/links/``); ``link_model_train`` retrains from editors'
decisions and stores a new active ``LinkModel``, which every later suggestion
names in its ``model_version``.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...models import LinkModel
from .features import FEATURES
from .reasons import AGREEING, CONFLICTING

SHIPPED = Path(__file__).resolve().parent / "data" / "link_model.json"
CLASSES = ["neither", "agree", "conflict"]


@dataclass(frozen=True)
class Scorer:
    version: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray
    classes: tuple[str, ...]

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(self.classes)))
        x = np.array([[float(row.get(name, 0.0)) for name in self.features] for row in rows])
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, rows: list[dict[str, float]]) -> list[tuple[str | None, float]]:
        """Per row: "agree" or "conflict" (None for neither) and the score of a link.

        The score is the probability that the pair is linked at all (1 minus
        that of neither), so a claim's candidates rank by how likely they are
        to be worth an editor's look; the relation is the likelier of the two.
        None when neither is likelier than a link.
        """
        p = self.probabilities(rows)
        if not len(p):
            return []
        zero = np.zeros(len(p))

        def column(name):
            return p[:, self.classes.index(name)] if name in self.classes else zero

        agree, conflict = column("agree"), column("conflict")
        linked = 1.0 - column("neither")
        # max() keeps the first of equals: agree when both are alike.
        relations = np.where(conflict > agree, "conflict", "agree")
        # When the rules' reasons all point one way, the relation follows them: a pair
        # with the same figure and nothing opposed is no conflict, whatever its cues.
        for i, row in enumerate(rows):
            agreeing = any(row.get(f"reason_{name}", 0.0) for name in AGREEING)
            conflicting = any(row.get(f"reason_{name}", 0.0) for name in CONFLICTING)
            if agreeing != conflicting:
                relations[i] = "agree" if agreeing else "conflict"
        return [
            (str(relation) if score >= 0.5 else None, float(score))
            for relation, score in zip(relations, linked, strict=True)
        ]

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "features": list(self.features),
            "classes": list(self.classes),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Scorer":
        return cls(
            version=str(data["version"]),
            features=tuple(data["features"]),
            classes=tuple(data["classes"]),
            mean=np.array(data["mean"], dtype=float),
            scale=np.array(data["scale"], dtype=float),
            coef=np.array(data["coef"], dtype=float),
            intercept=np.array(data["intercept"], dtype=float),
        )


# Strong regularisation: a few hundred labelled pairs against some forty features;
# cross-validation (evaluate_links) did best with C between 0.01 and 0.05.
REGULARISATION_C = 0.01


def fit(
    rows: list[dict[str, float]],
    labels: list[str],
    *,
    prefix: str,
    c: float = REGULARISATION_C,
    weights: list[float] | None = None,
) -> Scorer:
    """Fit the classifier on feature rows and their labels (agree, conflict or neither).

    ``weights``: each row's weight (1 when None). Each class then weighs as
    much in all as the others (balanced on the weights, not on the counts), so
    thousands of lightly weighted "neither" rows do not drown the few links.
    The version is ``prefix`` and a hash of what was learned, so the same
    training gives the same version.
    """
    from sklearn.linear_model import LogisticRegression

    present = sorted(set(labels))
    if len(present) < 2:
        raise ValueError(f"Training needs at least two kinds of decision; got only {present}.")
    x = np.array([[float(row.get(name, 0.0)) for name in FEATURES] for row in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    w = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=float)
    y = np.array(labels)
    totals = {label: w[y == label].sum() for label in present}
    w = w * np.array([len(rows) / (len(present) * totals[label]) for label in labels])
    estimator = LogisticRegression(C=c, max_iter=2000)
    estimator.fit((x - mean) / scale, labels, sample_weight=w)
    coef, intercept = estimator.coef_, estimator.intercept_
    if len(estimator.classes_) == 2:  # a binary fit keeps one row: the second class's
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    coef = reasons_never_against(coef, [str(c) for c in estimator.classes_])
    # Every scorer knows all three classes; one never seen in training never wins.
    full_coef = np.zeros((len(CLASSES), len(FEATURES)))
    full_intercept = np.full(len(CLASSES), -1e3)
    for i, name in enumerate(estimator.classes_):
        full_coef[CLASSES.index(name)] = coef[i]
        full_intercept[CLASSES.index(name)] = intercept[i]
    digest = hashlib.sha256(
        json.dumps([full_coef.round(6).tolist(), full_intercept.round(6).tolist()]).encode()
    ).hexdigest()[:8]
    return Scorer(
        version=f"{prefix}-{digest}",
        features=tuple(FEATURES),
        classes=tuple(CLASSES),
        mean=mean,
        scale=scale,
        coef=full_coef,
        intercept=full_intercept,
    )


# The features the rules' reasons make, by the relation they point to; "reason_count"
# (how many reasons fired, of either kind) points to a link of either relation.
POINTING = {
    "conflict": [*(f"reason_{name}" for name in sorted(CONFLICTING)), "opposite_without_flip"],
    "agree": [f"reason_{name}" for name in sorted(AGREEING)],
}
POINTING_TO_A_LINK = ["reason_count"]


def reasons_never_against(coef: np.ndarray, classes: list[str]) -> np.ndarray:
    """``coef`` with each rule's reason counting only for the relation it points to.

    A reason fires on few training pairs, and as often on pairs nobody linked
    (two figures of different things, an "X, not Y" beside an unrelated
    claim) as on the links it describes: fitted freely, "figures differ"
    came out as evidence *against* a conflict, so a pair of claims putting
    one force at 2,500 and 2,030 troops was never suggested. Here a conflicting
    reason moves a pair towards "conflict" by what it learned beyond the other
    classes, or not at all, and never towards "agree" or "neither"; an
    agreeing reason likewise towards "agree"; and the number of reasons never
    towards "neither" (each link class keeps what it learned beyond
    "neither", or nothing). The rest of the model is as fitted.
    """
    coef = coef.copy()
    for relation, features in POINTING.items():
        if relation not in classes:
            continue
        row = classes.index(relation)
        for feature in features:
            if feature not in FEATURES:
                continue
            j = FEATURES.index(feature)
            others = [coef[i, j] for i in range(len(classes)) if i != row]
            gain = coef[row, j] - max(others) if others else coef[row, j]
            coef[:, j] = 0.0
            coef[row, j] = max(gain, 0.0)
    if "neither" in classes:
        neither = classes.index("neither")
        for feature in POINTING_TO_A_LINK:
            if feature not in FEATURES:
                continue
            j = FEATURES.index(feature)
            gains = [max(coef[i, j] - coef[neither, j], 0.0) for i in range(len(classes))]
            coef[:, j] = gains
            coef[neither, j] = 0.0
    return coef


_loaded: dict[str, Scorer] = {}


def shipped_scorer() -> Scorer:
    if "shipped" not in _loaded:
        _loaded["shipped"] = Scorer.from_json(json.loads(SHIPPED.read_text(encoding="utf-8")))
    return _loaded["shipped"]


def active_scorer() -> Scorer:
    """The active ``LinkModel`` when there is one, else the model shipped in the repository."""
    active = LinkModel.objects.filter(is_active=True).only("version").order_by("-id").first()
    if active is None:
        return shipped_scorer()
    if active.version not in _loaded:
        blob = LinkModel.objects.values_list("blob", flat=True).get(pk=active.pk)
        _loaded[active.version] = Scorer.from_json(json.loads(bytes(blob).decode("utf-8")))
    return _loaded[active.version]
