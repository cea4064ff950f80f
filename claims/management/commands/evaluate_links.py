"""Measure link suggestions on the demo and evaluation corpora.

Both corpora go through the real pipeline (claims, then their MiniLM vectors)
inside a transaction rolled back at the end. Every claim's candidates
(``candidates_for``, as suggestions_make reads them) get their feature rows,
and a model ranks them; a claim's suggestions are those it scores at least
LINK_SUGGESTION_THRESHOLD, best first. Figures: recall@5 and @10 of the
annotated conflicts and agreements (the pair among the top suggestions of
either claim, with the right relation), the precision of each such claim's top
suggestion (right = an annotated pair with that relation; a pair nobody
annotated counts as wrong), and recall per reason type.

Three sets of figures, honest first:
- cross-validated: eval/links/pairs.tsv in 5 folds grouped by the pair of
  articles (all pairs between two articles fall in one fold); each fold's model
  is trained on the other folds' pairs, leaving out any pair that touches a
  claim of the test fold;
- held-out demo pairs (eval/links/held_out_demo_pairs.tsv, demo/README.md's
  pairs), scored by the active model, which never saw them when it is the
  shipped one;
- the annotated pairs scored by the active model (trained on them: not a
  measure of quality, a check that training took).
"""

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.linking.suggestions import training
from claims.linking.suggestions.model import active_scorer, fit
from claims.linking.suggestions.reasons import REASON_TYPES, pair_reasons

LINKS = Path(settings.BASE_DIR) / "eval" / "links"
TARGETS = {"conflict recall@10": 0.8, "agree recall@10": 0.8, "top-1 precision": 0.6}
FOLDS = 5
# Where an annotated link ends up, best first (``link_outcomes``).
OUTCOMES = (
    "found in the top 10",
    "ranked below the tenth",
    "suggested with the other relation",
    "scored below the threshold",
    "not a candidate",
)
# --learning-curve: the share of each fold's training pairs kept, and the draws per share.
CURVE_SHARES = (0.25, 0.5, 0.75, 1.0)
CURVE_DRAWS = 3


def ranked_suggestions(scorer, keys, rows, claim_ids, threshold) -> dict[int, list]:
    """Per claim in ``claim_ids``: (other id, relation, score) at or above the threshold, best first."""
    picked = [i for i, (claim_id, _) in enumerate(keys) if claim_id in claim_ids]
    ranked = defaultdict(list)
    for i, (relation, score) in zip(picked, scorer.predict([rows[i] for i in picked]), strict=True):
        if relation is not None and score >= threshold:
            ranked[keys[i][0]].append((keys[i][1], relation, score))
    for suggestions in ranked.values():
        suggestions.sort(key=lambda s: -s[2])
    return ranked


def link_figures(found, ranked, labels) -> dict[str, tuple[int, int]]:
    """(hits, total) per figure for the annotated pairs ``found`` and the suggestions ``ranked``."""

    def hit(a, b, relation, k):
        return any(o == b.pk and r == relation for o, r, _ in ranked.get(a.pk, [])[:k]) or any(
            o == a.pk and r == relation for o, r, _ in ranked.get(b.pk, [])[:k]
        )

    figures = {}
    for relation in ("conflict", "agree"):
        known = [(a, b) for pair, a, b in found if pair.relation == relation]
        for k in (5, 10):
            figures[f"{relation} recall@{k}"] = (
                sum(hit(a, b, relation, k) for a, b in known),
                len(known),
            )
    claims = {c.pk for pair, a, b in found if pair.relation != "neither" for c in (a, b)}
    tops = [(c, ranked[c][0]) for c in claims if ranked.get(c)]
    figures["top-1 precision"] = (
        sum(labels.get((c, other)) == relation for c, (other, relation, _) in tops),
        len(tops),
    )
    judged = [(c, t) for c, t in tops if (c, t[0]) in labels]
    figures["top-1 precision, judged"] = (
        sum(labels[(c, t[0])] == t[1] for c, t in judged),
        len(judged),
    )
    figures["claims with a suggestion"] = (len(tops), len(claims))
    for reason in REASON_TYPES:
        typed = [(p, a, b) for p, a, b in found if p.reason == reason]
        if typed:
            figures[f"recall@10, {reason}"] = (
                sum(hit(a, b, p.relation, 10) for p, a, b in typed),
                len(typed),
            )
    return figures


def link_outcomes(found, ranked, candidate_keys, k: int = 10) -> Counter:
    """(relation, outcome) counts for the annotated agree and conflict pairs ``found``:
    where each ended, the better of its two claims' lists (see ``OUTCOMES``)."""
    out = Counter()
    for pair, a, b in found:
        if pair.relation == "neither":
            continue
        best = len(OUTCOMES) - 1
        for claim, other in ((a, b), (b, a)):
            if (claim.pk, other.pk) not in candidate_keys:
                continue
            listed = [(o, r) for o, r, _ in ranked.get(claim.pk, [])]
            at = next((i for i, (o, _) in enumerate(listed) if o == other.pk), None)
            if at is None:
                state = 3
            elif listed[at][1] != pair.relation:
                state = 2
            else:
                state = 0 if at < k else 1
            best = min(best, state)
        out[(pair.relation, OUTCOMES[best])] += 1
    return out


def pair_labels(found) -> dict[tuple[int, int], str]:
    labels = {}
    for pair, a, b in found:
        labels[(a.pk, b.pk)] = labels[(b.pk, a.pk)] = pair.relation
    return labels


class Command(BaseCommand):
    help = (
        "Evaluate link suggestions: recall@5/@10 of known links, top-1 precision, per reason "
        "type; cross-validated, on the held-out demo pairs, and in-sample."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit non-zero below a target.")
        parser.add_argument(
            "--learning-curve",
            action="store_true",
            help=(
                "Also cross-validate with a quarter, half and three quarters of each fold's "
                "training pairs (three draws each): do the figures still rise with more pairs?"
            ),
        )

    def handle(self, *args, **options):
        train_pairs = training.annotated_pairs(LINKS / "pairs.tsv")
        held_out = training.annotated_pairs(LINKS / "held_out_demo_pairs.tsv")
        threshold = settings.LINK_SUGGESTION_THRESHOLD
        scorer = active_scorer()
        with transaction.atomic():
            by_key = training.corpus_ingest(files=training.corpus_files(Path(settings.BASE_DIR)))
            claims = [c for key in sorted(by_key) for c in by_key[key]]
            found_train, missing_train = training.resolve_pairs(train_pairs, by_key)
            found_held, missing_held = training.resolve_pairs(held_out, by_key)
            keys, rows, _ = training.candidate_rows(claims)
            train_rows = training.annotated_rows(found_train, keys, rows)
            everyone = {c.pk for c in claims}
            ranked = ranked_suggestions(scorer, keys, rows, everyone, threshold)
            held_claims = {c.pk for _, a, b in found_held for c in (a, b)}
            cv, lost = self.cross_validate(
                found_train, train_rows, keys, rows, threshold, held_claims
            )
            curve = (
                self.learning_curve(found_train, train_rows, keys, rows, threshold, held_claims)
                if options["learning_curve"]
                else []
            )
            held_lost = link_outcomes(found_held, ranked, set(keys))
            rule_hits = self.reason_recall(found_train + found_held)
            transaction.set_rollback(True)

        failed = False
        self.stdout.write(
            f"Active model {scorer.version}; {len(claims)} claims, {len(keys)} candidate pairs "
            f"(claim, candidate); threshold {threshold}."
        )
        sections = (
            (f"cross-validated, {FOLDS} folds grouped by article pair", found_train, cv),
            ("held-out demo pairs, active model", found_held, None),
            ("annotated pairs, active model (trained on them)", found_train, None),
        )
        for title, found, figures in sections:
            if figures is None:
                figures = link_figures(found, ranked, pair_labels(found_train + found_held))
            self.stdout.write(
                f"\n{title}: {len(found)} pairs {dict(Counter(p.relation for p, _, _ in found))}"
            )
            for label, (hits, total) in figures.items():
                value = hits / total if total else 0.0
                target = TARGETS.get(label)
                mark = (
                    "" if target is None else (" ok" if value >= target else f" (target {target})")
                )
                failed |= title.startswith("cross") and target is not None and value < target
                self.stdout.write(f"  {label:<28} {value:5.2f}  {hits}/{total}{mark}")
        for title, outcomes in (
            ("cross-validated", lost),
            ("held-out demo pairs, active model", held_lost),
        ):
            self.stdout.write(f"\nwhere the annotated links end up, {title}:")
            for relation, plural in (("conflict", "conflicts"), ("agree", "agreements")):
                counts = ", ".join(
                    f"{outcomes[(relation, o)]} {o}" for o in OUTCOMES if outcomes[(relation, o)]
                )
                self.stdout.write(f"  {plural:<11} {counts}")
        if curve:
            self.stdout.write(
                f"\nlearning curve, cross-validated (mean of {CURVE_DRAWS} draws per share):"
            )
            for share, figures in curve:
                line = "   ".join(f"{label} {value:.2f}" for label, value in figures.items())
                self.stdout.write(f"  {share:4.0%} of the training pairs   {line}")
        for name, missing in (("annotated", missing_train), ("held-out", missing_held)):
            if missing:
                self.stdout.write(f"{len(missing)} {name} pairs with a claim not proposed")
        self.stdout.write("\nreason types: expected in annotated pairs -> found by the rules")
        for reason, (hit, total) in sorted(rule_hits.items()):
            self.stdout.write(f"  {REASON_TYPES.get(reason, reason):<42} {hit}/{total}")
        if options["check"] and failed:
            raise SystemExit(1)

    def cross_validate(
        self, found, train_rows, keys, rows, threshold, held_claims, *, share=1.0, seed=0
    ):
        """Figures over the folds, each scored by a model that never saw its claims, and
        where the annotated links ended (``link_outcomes``). ``share``: the part of each
        fold's training pairs kept (drawn with ``seed``), for a learning curve."""
        groups = sorted({tuple(sorted([p.file_a, p.file_b])) for p, _, _ in found})
        np.random.default_rng(7).shuffle(groups)
        fold_of = {g: i % FOLDS for i, g in enumerate(groups)}
        labels = pair_labels(found)
        candidate_keys = set(keys)
        draw = np.random.default_rng(seed)
        totals: dict[str, list[int]] = {}
        outcomes = Counter()
        for fold in range(FOLDS):
            test = [t for t in found if fold_of[tuple(sorted([t[0].file_a, t[0].file_b]))] == fold]
            test_claims = {c.pk for _, a, b in test for c in (a, b)}
            train = [
                i
                for i, (_, a, b) in enumerate(found)
                if a.pk not in test_claims and b.pk not in test_claims
            ]
            if share < 1.0:
                train = sorted(draw.choice(train, size=round(share * len(train)), replace=False))
            fold_rows, fold_labels, weights = training.training_set(
                [found[i] for i in train],
                [train_rows[i] for i in train],
                keys,
                rows,
                leave_out=test_claims,
                held_out=held_claims,
            )
            scorer = fit(fold_rows, fold_labels, weights=weights, prefix="cv")
            ranked = ranked_suggestions(scorer, keys, rows, test_claims, threshold)
            for label, (hits, total) in link_figures(test, ranked, labels).items():
                totals.setdefault(label, [0, 0])
                totals[label][0] += hits
                totals[label][1] += total
            outcomes += link_outcomes(test, ranked, candidate_keys)
        return {label: tuple(v) for label, v in totals.items()}, outcomes

    def learning_curve(self, found, train_rows, keys, rows, threshold, held_claims):
        """[(share, {figure: mean value})] for each share of the training pairs."""
        curve = []
        for share in CURVE_SHARES:
            draws = CURVE_DRAWS if share < 1.0 else 1
            sums = Counter()
            for seed in range(draws):
                figures, _ = self.cross_validate(
                    found, train_rows, keys, rows, threshold, held_claims, share=share, seed=seed
                )
                for label in TARGETS:
                    hits, total = figures.get(label, (0, 0))
                    sums[label] += (hits / total if total else 0.0) / draws
            curve.append((share, dict(sums)))
        return curve

    def reason_recall(self, found) -> dict[str, tuple[int, int]]:
        out = defaultdict(lambda: [0, 0])
        for pair, a, b in found:
            if pair.reason:
                out[pair.reason][1] += 1
                out[pair.reason][0] += pair.reason in {r["type"] for r in pair_reasons(a, b)}
        return {k: tuple(v) for k, v in out.items()}
