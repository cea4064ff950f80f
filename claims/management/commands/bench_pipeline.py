"""Speed of the whole pipeline against bare spaCy, in one run on one machine.

1. Bare spaCy: the same model, loaded with spacy.load in this process, runs the
   articles' bodies through ``nlp.pipe``.
2. The pipeline: every article goes from raw input to stored claims
   (source_create, then what the task runs: language and readability checks,
   spaCy, extraction, entity resolution, database writes), processed in this
   process as one worker does (taking up to CLAIMS_BATCH_SIZE queued sources
   per task). Rolled back afterwards.
3. Latency: one 1,000-word article, from submitting it to its claims being
   stored, with an idle worker: a real `celery worker` process when a broker
   is configured (--worker), else in-process.
After a warm-up pass, bare and pipeline passes alternate (--repeat pairs);
rates are medians over the passes and the ratio is the median of the pairs'
ratios, with their spread and the best passes shown too. Figures, not
assertions.
"""

import os
import platform
import subprocess
import time
import uuid
from pathlib import Path
from statistics import median

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from claims.entities.keys import normalize_alias
from claims.processing.pipeline import processing_run
from sources import cleaning
from sources.models import Source
from sources.services import source_create

TARGET_RATIO = 0.8


def corpus_files(directories: list[Path]) -> list[Path]:
    return sorted(
        p
        for d in directories
        for p in d.rglob("*")
        if p.suffix.lower() in cleaning.FORMAT_BY_SUFFIX
    )


class Command(BaseCommand):
    help = "Benchmark the pipeline against bare spaCy on the demo and evaluation corpora."

    def add_arguments(self, parser):
        base = Path(settings.BASE_DIR)
        parser.add_argument(
            "--corpus",
            action="append",
            default=None,
            help="Directory of articles (repeatable; default: demo/corpus and eval/corpus).",
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=7,
            help="Pairs of passes (bare, then pipeline); medians count.",
        )
        parser.add_argument(
            "--worker",
            action="store_true",
            help="Measure latency through a real celery worker (needs CELERY_BROKER_URL).",
        )
        self.default_corpora = [base / "demo" / "corpus", base / "eval" / "corpus"]

    def handle(self, *args, **options):
        import spacy

        from claims.nlp import pipeline as nlp

        directories = (
            [Path(d) for d in options["corpus"]] if options["corpus"] else self.default_corpora
        )
        raws = []
        for path in corpus_files(directories):
            data = path.read_bytes()
            text = cleaning.decode_input(data, max_bytes=settings.SOURCE_MAX_RAW_BYTES)
            fmt = cleaning.detect_format(text, filename=path.name)
            body = cleaning.clean(text, input_format=fmt).body
            if cleaning.detect_language(body) == "en":
                raws.append((path.name, data, body))
        if not raws:
            raise CommandError("No English articles found.")
        bodies = [body for _, _, body in raws]
        total_words = sum(len(body.split()) for body in bodies)
        out = self.stdout.write
        out(
            f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, database {connection.vendor}"
        )
        out(f"model:   {settings.SPACY_MODEL}, spaCy {spacy.__version__}")
        out(
            f"corpus:  {len(raws)} English articles, {total_words:,} words; {options['repeat']} alternating pairs of passes"
        )

        bare = spacy.load(settings.SPACY_MODEL)
        nlp.get_nlp()  # load the pipeline's own copy too, outside the timings
        cleaning.detect_language("warm up the language model")
        list(bare.pipe(bodies[:2]))

        self.run_pipeline(raws)  # warm up: first queries, caches
        # Passes alternate, so a busy spell on a shared machine slows both sides
        # of a pair alike; the figures are medians over the pairs.
        bare_times, pipe_times = [], []
        for _ in range(options["repeat"]):
            bare_times.append(self.time(lambda: list(bare.pipe(bodies))))
            pipe_times.append(self.time(lambda: self.run_pipeline(raws)))
        bare_median, pipe_median = median(bare_times), median(pipe_times)
        ratios = [b / p for b, p in zip(bare_times, pipe_times, strict=True)]
        ratio = median(ratios)
        out("")
        out(
            f"bare spaCy (nlp.pipe)              {total_words / bare_median:10,.0f} words/s  "
            f"({bare_median:.2f} s)"
        )
        out(
            f"pipeline, ingest to stored claims  {total_words / pipe_median:10,.0f} words/s  "
            f"({pipe_median:.2f} s)"
        )
        verdict = "ok" if ratio >= TARGET_RATIO else "MISSED"
        out(
            f"ratio                              {ratio:10.2f}  (target >= {TARGET_RATIO})  {verdict}"
        )
        out(
            f"  per pair {min(ratios):.2f}–{max(ratios):.2f}; best passes "
            f"{min(bare_times):.2f} s and {min(pipe_times):.2f} s, "
            f"ratio {min(bare_times) / min(pipe_times):.2f}"
        )

        article = self.thousand_words(bodies)
        if options["worker"]:
            latency = self.latency_with_worker(article)
            how = "a real celery worker via the broker"
        else:
            latency = self.latency_in_process(article)
            how = "in-process (eager) worker"
        out(f"1,000-word article, submit to stored claims: {latency:.2f} s  ({how})")

    def time(self, work) -> float:
        started = time.perf_counter()
        work()
        return time.perf_counter() - started

    def run_pipeline(self, raws) -> None:
        """Ingest every article, then process them as one worker does (batches of queued sources)."""
        # Names seen in an earlier pass would be looked up for free: start cold.
        normalize_alias.cache_clear()
        with transaction.atomic():
            ids = [source_create(content=data, filename=name).pk for name, data, _ in raws]
            for source_id in ids:  # each one's task; those already read in a batch are skipped
                processing_run(source_id=source_id, queued_extra=settings.CLAIMS_BATCH_SIZE - 1)
            transaction.set_rollback(True)

    def thousand_words(self, bodies: list[str]) -> str:
        paragraphs = [p for body in bodies for p in body.split("\n\n")[1:]]
        chosen, count = [], 0
        for paragraph in paragraphs:
            chosen.append(paragraph)
            count += len(paragraph.split())
            if count >= 1000:
                break
        return f"Benchmark article {uuid.uuid4().hex[:8]}\n\n" + "\n\n".join(chosen)

    def latency_in_process(self, article: str) -> float:
        with transaction.atomic():
            started = time.perf_counter()
            source = source_create(content=article)
            processing_run(source_id=source.pk)
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed

    def latency_with_worker(self, article: str) -> float:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "--worker needs CELERY_BROKER_URL (and a database the worker can reach)."
            )
        from tracker.celery import app, worker_command

        queue = f"bench-{uuid.uuid4().hex[:8]}"
        app.conf.task_default_queue = queue
        worker = subprocess.Popen(
            worker_command(queue=queue),
            cwd=settings.BASE_DIR,
            env={**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue},
            stdout=subprocess.DEVNULL,  # the worker's banner; its warnings stay on stderr
        )
        created = []
        try:
            # Warm the worker (model loaded, connections open), then measure it idle.
            created.append(
                self.submit_and_wait(f"Warm-up {queue}\n\nRussia and China signed a deal in 2023.")
            )
            started = time.perf_counter()
            created.append(self.submit_and_wait(article))
            return time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            Source.objects.filter(pk__in=created).delete()

    def submit_and_wait(self, text: str, timeout: float = 300) -> int:
        source = source_create(content=text)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = Source.objects.filter(pk=source.pk).values_list("status", flat=True).get()
            if status in {Source.Status.DONE, Source.Status.FAILED}:
                return source.pk
            time.sleep(0.02)
        raise CommandError("The worker did not process the article in time.")
