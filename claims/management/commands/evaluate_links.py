"""Measure link suggestions on the demo and evaluation corpora.

Both corpora go through the real pipeline inside a transaction rolled back at
the end. Every claim's candidates (``candidates_for`` when installed, else every
claim sharing an entity or two content words) are scored by the active model;
the figures are recall@5 and @10 of the annotated agreements and conflicts
(found among the top suggestions of either claim, with the right relation),
the precision of each claim's top suggestion, and figures per reason type.
The demo's own pairs (eval/links/held_out_demo_pairs.tsv) are never trained
on: they are the held-out figure. The other pairs are scored with 5-fold
cross-validation, the shipped model being trained on all of them.
"""

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.linking.suggestions import training
from claims.linking.suggestions.model import active_scorer, fit
from claims.linking.suggestions.reasons import REASON_TYPES, content_words, pair_reasons

LINKS = Path(settings.BASE_DIR) / "eval" / "links"
TARGETS = {"conflict recall@10": 0.8, "agree recall@10": 0.8, "top-1 precision": 0.6}


def fallback_candidates(claims) -> dict[int, list]:
    """Other claims sharing an entity or at least two content words."""
    words = {c.pk: content_words(c.text) for c in claims}
    entities = {c.pk: {m.entity_id for m in c.mentions.all()} for c in claims}
    out = defaultdict(list)
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if entities[a.pk] & entities[b.pk] or len(words[a.pk] & words[b.pk]) >= 2:
                out[a.pk].append(b)
                out[b.pk].append(a)
    return out


class Command(BaseCommand):
    help = (
        "Evaluate link suggestions: recall@5/@10 of known links, top-1 precision, per reason type."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit non-zero below a target.")

    def handle(self, *args, **options):
        train_pairs = training.annotated_pairs(LINKS / "pairs.tsv")
        held_out = training.annotated_pairs(LINKS / "held_out_demo_pairs.tsv")
        with transaction.atomic():
            by_key = training.corpus_ingest(files=training.corpus_files(Path(settings.BASE_DIR)))
            claims = [c for key in sorted(by_key) for c in by_key[key]]
            found_train, missing_train = training.resolve_pairs(train_pairs, by_key)
            found_held, missing_held = training.resolve_pairs(held_out, by_key)
            ranked = self.rank(claims)
            cv = self.cross_validate(found_train)
            reason_recall = self.reason_recall(found_train + found_held)
            transaction.set_rollback(True)
        failed = False
        self.stdout.write(f"Model {active_scorer().version}; {len(claims)} claims in the corpora.")
        self.stdout.write(f"5-fold cross-validated accuracy on {len(found_train)} pairs: {cv:.2f}")
        for name, found, missing in (
            ("held-out demo pairs", found_held, missing_held),
            ("annotated pairs (trained on)", found_train, missing_train),
        ):
            figures = self.figures(found, ranked)
            self.stdout.write(
                f"\n{name}: {len(found)} found, {len(missing)} with a claim not proposed"
            )
            for label, value in figures.items():
                target = TARGETS.get(label)
                mark = "" if target is None else (" ok" if value >= target else f" below {target}")
                failed |= name.startswith("held") and target is not None and value < target
                self.stdout.write(f"  {label:<22} {value:.2f}{mark}")
        self.stdout.write("\nreason types: expected in annotated pairs -> found by the rules")
        for reason, (hit, total) in sorted(reason_recall.items()):
            self.stdout.write(f"  {REASON_TYPES.get(reason, reason):<42} {hit}/{total}")
        counts = Counter(
            r["type"]
            for suggestions in ranked.values()
            for *_, reasons in suggestions[:5]
            for r in reasons
        )
        self.stdout.write("reasons on the top-5 suggestions of every claim:")
        for reason, count in counts.most_common():
            self.stdout.write(f"  {REASON_TYPES.get(reason, reason):<42} {count}")
        if options["check"] and failed:
            raise SystemExit(1)

    def rank(self, claims) -> dict[int, list]:
        """Per claim: its suggested (other id, relation, score, reasons), best first."""
        try:
            from claims.linking.suggestions.candidates import candidates_for
        except ImportError:
            candidates_for = None
        by_id = {c.pk: c for c in claims}
        if candidates_for is None:
            others = fallback_candidates(claims)
        else:
            others = {
                c.pk: [
                    by_id[x.other_id] for x in candidates_for(c, limit=50) if x.other_id in by_id
                ]
                for c in claims
            }
        pairs = [(a, b) for a in claims for b in others.get(a.pk, [])]
        rows = training.pair_rows(pairs)
        scorer = active_scorer()
        ranked = defaultdict(list)
        for (a, b), (relation, score) in zip(pairs, scorer.predict(rows), strict=True):
            if relation is not None:
                ranked[a.pk].append((b.pk, relation, score, pair_reasons(a, b)))
        for suggestions in ranked.values():
            suggestions.sort(key=lambda s: -s[2])
        return ranked

    def figures(self, found, ranked) -> dict[str, float]:
        def hit(a, b, relation, k):
            return any(o == b.pk and r == relation for o, r, *_ in ranked.get(a.pk, [])[:k]) or any(
                o == a.pk and r == relation for o, r, *_ in ranked.get(b.pk, [])[:k]
            )

        figures = {}
        for relation in ("conflict", "agree"):
            known = [(a, b) for pair, a, b in found if pair.relation == relation]
            for k in (5, 10):
                value = sum(hit(a, b, relation, k) for a, b in known) / len(known) if known else 0.0
                figures[f"{relation} recall@{k}"] = value
        # Top-1 precision over the claims of known links: the top suggestion is a
        # pair annotated with that relation (a pair nobody annotated counts as wrong).
        labels = {}
        for pair, a, b in found:
            labels[(a.pk, b.pk)] = labels[(b.pk, a.pk)] = pair.relation
        claims = {c.pk for pair, a, b in found if pair.relation != "neither" for c in (a, b)}
        tops = [ranked[c][0] for c in claims if ranked.get(c)]
        right = [
            t
            for c in claims
            if ranked.get(c)
            for t in [ranked[c][0]]
            if labels.get((c, t[0])) == t[1]
        ]
        figures["top-1 precision"] = len(right) / len(tops) if tops else 0.0
        judged = [c for c in claims if ranked.get(c) and (c, ranked[c][0][0]) in labels]
        figures["top-1 judged"] = (
            sum(labels[(c, ranked[c][0][0])] == ranked[c][0][1] for c in judged) / len(judged)
            if judged
            else 0.0
        )
        return figures

    def cross_validate(self, found) -> float:
        rows = training.pair_rows([(a, b) for _, a, b in found])
        labels = np.array([pair.relation for pair, _, _ in found])
        order = np.random.default_rng(7).permutation(len(rows))
        right = 0
        for fold in range(5):
            test = set(order[fold::5])
            train = [i for i in range(len(rows)) if i not in test]
            scorer = fit([rows[i] for i in train], list(labels[train]), prefix="cv")
            for i, (relation, _) in zip(
                sorted(test), scorer.predict([rows[i] for i in sorted(test)]), strict=True
            ):
                right += (relation or "neither") == labels[i]
        return right / len(rows)

    def reason_recall(self, found) -> dict[str, tuple[int, int]]:
        out = defaultdict(lambda: [0, 0])
        for pair, a, b in found:
            if pair.reason:
                out[pair.reason][1] += 1
                out[pair.reason][0] += pair.reason in {r["type"] for r in pair_reasons(a, b)}
        return {k: tuple(v) for k, v in out.items()}
