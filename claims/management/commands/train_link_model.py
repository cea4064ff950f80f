"""Train the link classifier: from editors' decisions (the default), or from the team's
annotated pairs into the model shipped in the repository (``--annotations``)."""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.linking.suggestions import training
from claims.linking.suggestions.model import SHIPPED, fit

ANNOTATIONS = Path(settings.BASE_DIR) / "eval" / "links" / "pairs.tsv"
HELD_OUT = Path(settings.BASE_DIR) / "eval" / "links" / "held_out_demo_pairs.tsv"


class Command(BaseCommand):
    help = "Retrain the link classifier from editors' decisions, or (--annotations) from the annotated pairs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--annotations",
            action="store_true",
            help="Train on eval/links/pairs.tsv over the demo and evaluation corpora "
            "(ingested, then rolled back) and write the shipped model file.",
        )
        parser.add_argument("--output", default=str(SHIPPED), help="Where --annotations writes.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Retrain from decisions even below LINK_MODEL_MIN_DECISIONS.",
        )

    def handle(self, *args, **options):
        if options["annotations"]:
            return self.from_annotations(Path(options["output"]))
        model = training.link_model_train(force=options["force"])
        if model is None:
            raise CommandError(
                "Not retrained: too few editors' decisions on suggestions "
                f"(at least {settings.LINK_MODEL_MIN_DECISIONS}, confirmed and rejected), "
                "or only one kind of decision. --force lowers the bar to one of each."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Link model {model.version} trained on {model.trained_on} decisions; now active."
            )
        )

    def from_annotations(self, output: Path) -> None:
        pairs = training.annotated_pairs(ANNOTATIONS)
        with transaction.atomic():
            by_key = training.corpus_ingest(files=training.corpus_files(Path(settings.BASE_DIR)))
            found, missing = training.resolve_pairs(pairs, by_key)
            # The demo README's pairs are held out: no unannotated row of their claims is
            # trained on (as "neither"; their pairs are links).
            held, _ = training.resolve_pairs(training.annotated_pairs(HELD_OUT), by_key)
            held_claims = {c.pk for _, a, b in held for c in (a, b)}
            claims = [c for key in sorted(by_key) for c in by_key[key]]
            # Each pair's row as suggestions_make sees it: real MiniLM cosines, and
            # its cosine rank among its claim's candidates.
            keys, candidate_rows, _ = training.candidate_rows(claims)
            found_rows = training.annotated_rows(found, keys, candidate_rows)
            rows, labels, weights = training.training_set(
                found, found_rows, keys, candidate_rows, leave_out=set(), held_out=held_claims
            )
            transaction.set_rollback(True)
        scorer = fit(rows, labels, weights=weights, prefix="annotated")
        output.write_text(json.dumps(scorer.to_json(), indent=1) + "\n", encoding="utf-8")
        for pair in missing:
            self.stderr.write(
                f"not trained on (a claim was not proposed): {pair.anchor_a!r} / {pair.anchor_b!r}"
            )
        self.stdout.write(
            f"Link model {scorer.version} trained on {len(found)} annotated pairs and "
            f"{len(rows) - len(found)} other candidate pairs as neither "
            f"{dict(Counter(labels))}; written to {output}."
        )
