"""Add articles from files, directories, URLs or standard input."""

import os
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.cleaning import FORMAT_BY_SUFFIX
from sources.models import Source
from sources.selectors import source_list
from sources.services import DuplicateSourceError, source_create, source_create_from_url

PROGRESS_FROM = 10  # inputs; fewer finish before a bar would help


@dataclass(frozen=True)
class Input:
    label: str
    path: Path | None = None
    url: str | None = None
    stdin: bool = False
    error: str = ""
    root: Path | None = None  # the folder given, for a file found in it: it must stay inside


def expand(arguments: list[str]) -> list[Input]:
    """Each argument as inputs: a directory gives its article files, sorted."""
    inputs = []
    for argument in arguments:
        if argument == "-":
            inputs.append(Input(label="<stdin>", stdin=True))
        elif argument.lower().startswith(("http://", "https://")):
            inputs.append(Input(label=argument, url=argument))
        else:
            path = Path(argument)
            if path.is_dir():
                found = folder_inputs(path)
                if not found:
                    inputs.append(
                        Input(label=argument, error="no .txt, .md or .html files in this directory")
                    )
                inputs.extend(found)
            elif not path.exists():
                inputs.append(Input(label=argument, error="no such file or directory"))
            elif path.suffix.lower() not in FORMAT_BY_SUFFIX:
                inputs.append(Input(label=argument, error="not a .txt, .md or .html file"))
            else:
                inputs.append(Input(label=argument, path=path))
    return inputs


def folder_inputs(folder: Path) -> list[Input]:
    """The article files in ``folder`` and below, sorted; symbolic links out of it refused.

    A link to a file or directory outside the folder given is an input that
    fails with the reason, so that a folder of articles (an unpacked archive,
    say) cannot make the command read other files of the machine. A link
    that stays inside is read as the file it points to; a linked directory
    inside is not walked twice.
    """
    root = folder.resolve()
    found = []
    for directory, subdirectories, files in os.walk(folder):  # never follows links
        for name in subdirectories:
            path = Path(directory, name)
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                found.append(Input(label=str(path), error=outside(path, root, "followed")))
        for name in files:
            path = Path(directory, name)
            if path.suffix.lower() not in FORMAT_BY_SUFFIX:
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                found.append(Input(label=str(path), error=outside(path, root, "read")))
            elif path.is_file():
                found.append(Input(label=str(path), path=path, root=root))
    return sorted(found, key=lambda item: item.label)


def outside(path: Path, root: Path, verb: str) -> str:
    return f"a symbolic link to {path.resolve()}, outside the folder {root}; not {verb}"


class Command(BaseCommand):
    help = (
        "Add articles as sources: files (.txt, .md, .html), directories, http(s) URLs, "
        "or - for standard input. Exits non-zero when any input failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="PATH|URL|-")
        parser.add_argument("--publisher", default="", help="Publisher of every input.")
        parser.add_argument(
            "--date", default="", help="Publication date (YYYY-MM-DD) of every input."
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Block until every added source is processed; print its status and claim count.",
        )
        parser.add_argument(
            "--timeout", type=float, default=600, help="Seconds --wait waits at most (default 600)."
        )

    def handle(self, *args, **options):
        published_on = None
        if options["date"]:
            try:
                published_on = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date; use YYYY-MM-DD."
                ) from None

        inputs = expand(options["inputs"])
        show_bar = len(inputs) >= PROGRESS_FROM and sys.stderr.isatty()
        added: list[Source] = []
        failed = duplicates = 0
        for item in tqdm(inputs, disable=not show_bar, unit="article", file=sys.stderr):
            try:
                source = self.add(item, publisher=options["publisher"], published_on=published_on)
            except DuplicateSourceError as exc:
                duplicates += 1
                self.report(
                    show_bar, f"duplicate  {item.label}: {exc.messages[0]}", self.style.WARNING
                )
            except ValidationError as exc:
                failed += 1
                self.report(
                    show_bar,
                    f"failed     {item.label}: {' '.join(exc.messages)}",
                    self.style.ERROR,
                    err=True,
                )
            except OSError as exc:
                failed += 1
                self.report(
                    show_bar,
                    f"failed     {item.label}: {exc.strerror or exc}",
                    self.style.ERROR,
                    err=True,
                )
            else:
                added.append(source)
                self.report(
                    show_bar, f"added      {item.label}: source #{source.pk} {source.title!r}"
                )

        summary = f"{len(added)} added, {duplicates} duplicate, {failed} failed."
        self.stdout.write(summary)
        if options["wait"] and added:
            failed += self.wait(added, timeout=options["timeout"])
        if failed:
            raise CommandError(f"{failed} input(s) failed; see the lines above.")

    def add(self, item: Input, *, publisher: str, published_on: date | None) -> Source:
        if item.error:
            raise ValidationError(item.error)
        metadata = {"publisher": publisher, "published_on": published_on}
        if item.url:
            return source_create_from_url(url=item.url, **metadata)
        if item.stdin:
            return source_create(content=sys.stdin.buffer.read(), **metadata)
        path = item.path
        if item.root is not None:
            # Checked again as it is read: a link changed since the folder was listed.
            path = path.resolve()
            if not path.is_relative_to(item.root):
                raise ValidationError(outside(item.path, item.root, "read"))
        size = path.stat().st_size
        if size > settings.SOURCE_MAX_RAW_BYTES:
            # Refused before reading: a huge file never fills memory.
            raise ValidationError(
                f"The file is {size:,} bytes; the limit is {settings.SOURCE_MAX_RAW_BYTES:,} bytes."
            )
        return source_create(content=path.read_bytes(), filename=item.path.name, **metadata)

    def report(self, show_bar: bool, line: str, style=None, err: bool = False) -> None:
        line = style(line) if style else line
        if show_bar:
            tqdm.write(line, file=sys.stderr)
        else:
            (self.stderr if err else self.stdout).write(line)

    def wait(self, sources: list[Source], *, timeout: float) -> int:
        """Poll until every source is done or failed; print each; return how many did not finish well."""
        ids = [s.pk for s in sources]
        finished = {Source.Status.DONE, Source.Status.FAILED}
        deadline = time.monotonic() + timeout
        while True:
            rows = list(source_list().filter(pk__in=ids).order_by("pk"))
            if all(row.status in finished for row in rows) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        bad = 0
        for row in rows:
            if row.status == Source.Status.DONE:
                self.stdout.write(
                    f"source #{row.pk} done: {row.claim_count} claims proposed  {row.title}"
                )
            elif row.status == Source.Status.FAILED:
                bad += 1
                self.stderr.write(self.style.ERROR(f"source #{row.pk} failed: {row.error}"))
            else:
                bad += 1
                self.stderr.write(
                    self.style.ERROR(
                        f"source #{row.pk} still {row.status} after {timeout:g} seconds"
                    )
                )
        return bad
