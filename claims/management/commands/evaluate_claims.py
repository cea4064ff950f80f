"""Measure claim proposal quality on the written corpus (eval/corpus/) and on real pages.

Every article goes through the real pipeline (cleaning, spaCy, extraction,
entity resolution) inside a transaction that is rolled back at the end, so
the database is left as it was. Prints claim precision and recall, boilerplate
lines proposed, and entity resolution accuracy, against the targets; then the
same figures for the annotated real pages of the article-extraction dataset
(eval/pages/annotations.json), read both as their HTML and as plain text.
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.entities.keys import normalize_alias
from claims.evaluation.gold_pages import GoldPage, GoldPagesError, gold_pages_load
from claims.evaluation.page_scores import PageScore, Proposal, ProposedMention, page_score
from claims.models import Entity, Mention
from claims.processing.pipeline import processing_run
from sources.services import source_create

TARGETS = {"recall": 0.85, "precision": 0.75, "boilerplate": 0, "entities": 0.9}
# Where the shared datasets sit beside a checkout; --dataset overrides it.
DEFAULT_DATASET = Path(settings.BASE_DIR).parent / "shared" / "datasets" / "article-extraction"
# How a real page is given to the pipeline: its HTML as fetched (cleaned by
# sources.cleaning), or its ground-truth article body as plain text.
PAGE_SHAPES = ("html", "text")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def same_claim(proposed: str, gold: str) -> bool:
    """The same sentence, allowing for a trimmed dateline or quotation marks."""
    a, b = words(proposed), words(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    shared = sum((Counter(a) & Counter(b)).values())
    return shared / max(len(a), len(b)) >= 0.8


@dataclass
class ArticleResult:
    name: str
    gold: int = 0
    proposed: int = 0
    matched_proposed: int = 0
    matched_gold: int = 0
    boilerplate: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    note: str = ""
    expected_note: str = ""


class Command(BaseCommand):
    help = (
        "Evaluate claim proposals against the annotated corpus; prints precision, recall and more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(Path(settings.BASE_DIR) / "eval" / "corpus"))
        parser.add_argument("--verbose", action="store_true", help="List missed and extra claims.")
        parser.add_argument(
            "--check", action="store_true", help="Exit non-zero when a target is missed."
        )
        parser.add_argument(
            "--dataset",
            default=str(DEFAULT_DATASET),
            help="The article-extraction dataset (ground-truth.json and html/).",
        )
        parser.add_argument(
            "--pages",
            default=str(Path(settings.BASE_DIR) / "eval" / "pages" / "annotations.json"),
            help="Gold annotations of real pages, as offsets into the dataset's article bodies.",
        )
        parser.add_argument(
            "--shape",
            choices=[*PAGE_SHAPES, "both", "none"],
            default="both",
            help="Read real pages as HTML, as plain text, both (default) or not at all.",
        )

    def handle(self, *args, **options):
        corpus = Path(options["corpus"])
        annotations = sorted(corpus.glob("*.json"))
        if not annotations:
            raise CommandError(f"No annotated articles (*.json) in {corpus}.")
        results: list[ArticleResult] = []
        # (gold canonical name, resolved entity id, mention text)
        entity_mentions: list[tuple[str, int, str]] = []
        with transaction.atomic():
            for path in annotations:
                gold = json.loads(path.read_text(encoding="utf-8"))
                result, mentions = self.evaluate(corpus, gold)
                results.append(result)
                entity_mentions.extend(mentions)
            entity_names = dict(
                Entity.objects.filter(pk__in={pk for _, pk, _ in entity_mentions}).values_list(
                    "pk", "name"
                )
            )
            transaction.set_rollback(True)
        ok = self.report(results, entity_mentions, entity_names, verbose=options["verbose"])
        shapes = {"both": PAGE_SHAPES, "none": ()}.get(options["shape"], (options["shape"],))
        if shapes:
            ok = self.evaluate_pages(options, shapes) and ok
        if options["check"] and not ok:
            raise CommandError("A quality target was missed.")

    def evaluate_pages(self, options, shapes) -> bool:
        """Score the annotated real pages in each shape; True when every target is met."""
        out = self.stdout.write
        out("")
        try:
            pages = gold_pages_load(
                annotations=Path(options["pages"]), dataset=Path(options["dataset"])
            )
        except GoldPagesError as exc:
            out(f"real pages: skipped. {exc}")
            return True
        ok = True
        for shape in shapes:
            with transaction.atomic():
                scores = [self.evaluate_page(page, shape) for page in pages]
                transaction.set_rollback(True)
            ok = self.report_pages(scores, shape, verbose=options["verbose"]) and ok
        return ok

    def evaluate_page(self, page: GoldPage, shape: str) -> PageScore:
        if shape == "html":
            content, filename = page.html(), f"{page.key}.html"
        else:
            content, filename = page.article.encode("utf-8"), f"{page.key}.txt"
        try:
            source = source_create(content=content, filename=filename)
        except ValidationError as exc:
            return page_score(
                page=page,
                shape=shape,
                body="",
                proposals=[],
                mentions=[],
                note=f"refused: {' '.join(exc.messages)}",
            )
        processing_run(source_id=source.pk)
        source.refresh_from_db()
        proposals = [
            Proposal(start, end, text)
            for start, end, text in source.claims.order_by("start").values_list(
                "start", "end", "text"
            )
        ]
        mentions = [
            ProposedMention(
                m.start,
                m.end,
                m.text,
                frozenset([m.entity.name, *(alias.text for alias in m.entity.aliases.all())]),
            )
            for m in Mention.objects.filter(claim__source=source)
            .select_related("entity")
            .prefetch_related("entity__aliases")
        ]
        return page_score(
            page=page,
            shape=shape,
            body=source.body,
            proposals=proposals,
            mentions=mentions,
            note=source.processing_note,
        )

    def evaluate(self, corpus: Path, gold: dict) -> tuple[ArticleResult, list[tuple[str, int]]]:
        result = ArticleResult(
            name=gold["file"], gold=len(gold["claims"]), expected_note=gold.get("note", "")
        )
        try:
            source = source_create(
                content=(corpus / gold["file"]).read_bytes(), filename=gold["file"]
            )
        except ValidationError as exc:
            result.note = f"refused: {' '.join(exc.messages)}"
            result.missed = list(gold["claims"])
            return result, []
        processing_run(source_id=source.pk)
        source.refresh_from_db()
        result.note = source.processing_note
        claims = list(source.claims.order_by("start"))
        result.proposed = len(claims)

        unmatched_gold = list(gold["claims"])
        for claim in claims:
            match = next((g for g in unmatched_gold if same_claim(claim.text, g)), None)
            if match is not None:
                unmatched_gold.remove(match)
                result.matched_proposed += 1
            else:
                result.extra.append(claim.text)
            if any(
                len(words(line)) >= 2 and " ".join(words(line)) in " ".join(words(claim.text))
                for line in gold.get("not_claims", [])
            ):
                result.boilerplate.append(claim.text)
        result.matched_gold = result.gold - len(unmatched_gold)
        result.missed = unmatched_gold

        aliases = {
            normalize_alias(alias): entity["name"]
            for entity in gold.get("entities", [])
            for alias in [entity["name"], *entity.get("aliases", [])]
        }
        mentions = [
            (aliases[key], entity_id, text)
            for text, entity_id in Mention.objects.filter(claim__source=source).values_list(
                "text", "entity_id"
            )
            if (key := normalize_alias(text)) in aliases
        ]
        return result, mentions

    def report(self, results, entity_mentions, entity_names, *, verbose) -> bool:
        out = self.stdout.write
        out(
            f"{'article':44} {'gold':>4} {'prop':>4} {'hit':>4} {'miss':>4} {'extra':>5} {'boiler':>6}  note"
        )
        for r in results:
            out(
                f"{r.name[:44]:44} {r.gold:>4} {r.proposed:>4} {r.matched_gold:>4} "
                f"{len(r.missed):>4} {len(r.extra):>5} {len(r.boilerplate):>6}  {r.note[:60]}"
            )
            if verbose:
                for text in r.missed:
                    out(f"    missed: {text[:150]}")
                for text in r.extra:
                    out(f"    extra:  {text[:150]}")
                for text in r.boilerplate:
                    out(f"    BOILERPLATE: {text[:150]}")

        gold = sum(r.gold for r in results)
        proposed = sum(r.proposed for r in results)
        recall = sum(r.matched_gold for r in results) / gold if gold else 1.0
        precision = sum(r.matched_proposed for r in results) / proposed if proposed else 1.0
        boilerplate = sum(len(r.boilerplate) for r in results)
        unreadable = [r for r in results if r.expected_note]
        flagged = sum(1 for r in unreadable if r.note and r.proposed == 0)

        # Each gold entity should resolve to one database entity of its own.
        by_name: dict[str, Counter] = defaultdict(Counter)
        surfaces: dict[tuple[str, int], set[str]] = defaultdict(set)
        for name, entity_id, text in entity_mentions:
            by_name[name][entity_id] += 1
            surfaces[(name, entity_id)].add(text)
        majority = {name: counts.most_common(1)[0][0] for name, counts in by_name.items()}
        owners = Counter(majority.values())
        correct = sum(
            1
            for name, entity_id, _ in entity_mentions
            if entity_id == majority[name] and owners[entity_id] == 1
        )
        accuracy = correct / len(entity_mentions) if entity_mentions else 1.0
        if verbose:
            names = entity_names
            for name, counts in sorted(by_name.items()):
                entity_id = majority[name]
                wrong = sum(counts.values()) - counts[entity_id]
                if wrong or owners[entity_id] > 1:
                    shared = " (shared with another gold entity)" if owners[entity_id] > 1 else ""
                    found = ", ".join(
                        f"{names.get(pk, pk)!r} from {sorted(surfaces[(name, pk)])}"
                        for pk in counts
                    )
                    out(f"    entity {name!r}{shared}: {found}")

        def verdict(ok: bool) -> str:
            return "ok" if ok else "MISSED"

        out("")
        out(f"articles                     {len(results)}")
        out(f"gold claims                  {gold}")
        out(f"proposed claims              {proposed}")
        ok_recall = recall >= TARGETS["recall"]
        ok_precision = precision >= TARGETS["precision"]
        ok_boiler = boilerplate <= TARGETS["boilerplate"]
        ok_entities = accuracy >= TARGETS["entities"]
        out(
            f"claim recall                 {recall:.3f}  (target >= {TARGETS['recall']})  {verdict(ok_recall)}"
        )
        out(
            f"claim precision              {precision:.3f}  (target >= {TARGETS['precision']})  {verdict(ok_precision)}"
        )
        out(
            f"boilerplate lines proposed   {boilerplate}  (target {TARGETS['boilerplate']})  {verdict(ok_boiler)}"
        )
        out(
            f"entity resolution accuracy   {accuracy:.3f}  (target >= {TARGETS['entities']}; "
            f"{correct} of {len(entity_mentions)} mentions)  {verdict(ok_entities)}"
        )
        out(f"unreadable texts flagged     {flagged} of {len(unreadable)}")
        return all([ok_recall, ok_precision, ok_boiler, ok_entities])

    def report_pages(self, scores: list[PageScore], shape: str, *, verbose: bool) -> bool:
        """Print the real pages' figures for one shape; True when every target is met."""
        out = self.stdout.write
        out(f"real pages read as {shape}")
        out(
            f"{'page':14} {'site':22} {'gold':>4} {'prop':>4} {'hit':>4} {'miss':>4} "
            f"{'extra':>5} {'not':>4} {'ent':>7}  note"
        )
        for s in scores:
            page = s.page
            judged = s.entities_resolved + len(s.entities_wrong)
            out(
                f"{page.key[:14]} {page.site[:22]:22} {len(page.claims):>4} {s.proposed:>4} "
                f"{len(s.found):>4} {len(s.missed):>4} {len(s.extra):>5} "
                f"{len(s.not_claims_proposed):>4} {s.entities_resolved:>3}/{judged:<3}  {s.note[:50]}"
            )
            if verbose:
                article = page.article
                for start, end in s.missed:
                    out(f"    missed {start}-{end}: {article[start:end][:150]}")
                for span, text in s.extra:
                    where = f"{span[0]}-{span[1]}" if span else "outside the article body"
                    out(f"    extra ({where}): {text[:150]}")
                for start, end, why in s.not_claims_proposed:
                    out(f"    NOT-CLAIM PROPOSED {start}-{end} ({why}): {article[start:end][:150]}")
                for (start, end), name, text, names in s.entities_wrong:
                    found = ", ".join(sorted(names)[:4])
                    out(f"    entity {start}-{end} {name!r}: mention {text!r} resolved to {found}")
                for (start, end), name in s.entities_unmentioned:
                    out(f"    entity {start}-{end} {name!r}: no mention in a found claim")

        gold = sum(len(s.page.claims) for s in scores)
        found = sum(len(s.found) for s in scores)
        proposed = sum(s.proposed for s in scores)
        extra = sum(len(s.extra) for s in scores)
        outside = sum(1 for s in scores for span, _ in s.extra if span is None)
        not_claims = sum(len(s.page.not_claims) for s in scores)
        proposed_not = sum(len(s.not_claims_proposed) for s in scores)
        resolved = sum(s.entities_resolved for s in scores)
        judged = resolved + sum(len(s.entities_wrong) for s in scores)
        gold_entities = sum(len(s.page.entities) for s in scores)
        unmentioned = sum(len(s.entities_unmentioned) for s in scores)
        recall = found / gold if gold else 1.0
        precision = (proposed - extra) / proposed if proposed else 1.0
        accuracy = resolved / judged if judged else 1.0
        ok_recall = recall >= TARGETS["recall"]
        ok_not = proposed_not <= TARGETS["boilerplate"]
        ok_entities = accuracy >= TARGETS["entities"]

        def verdict(ok: bool) -> str:
            return "ok" if ok else "MISSED"

        out("")
        out(f"pages                        {len(scores)}  (read as {shape})")
        out(f"gold claims                  {gold}")
        out(f"proposed claims              {proposed}")
        out(
            f"claim recall                 {recall:.3f}  (target >= {TARGETS['recall']})  "
            f"{verdict(ok_recall)}"
        )
        out(
            f"proposals on a gold claim    {precision:.3f}  ({extra} overlap no gold claim, "
            f"{outside} of them outside the article body)"
        )
        out(
            f"not-claims proposed          {proposed_not} of {not_claims}  "
            f"(target {TARGETS['boilerplate']})  {verdict(ok_not)}"
        )
        out(
            f"entity resolution accuracy   {accuracy:.3f}  (target >= {TARGETS['entities']}; "
            f"{resolved} of {judged} gold spans with a mention, of {gold_entities}; "
            f"{unmentioned} in found claims without one)  {verdict(ok_entities)}"
        )
        out("")
        return ok_recall and ok_not and ok_entities
