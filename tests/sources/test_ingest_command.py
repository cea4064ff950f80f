"""`manage.py ingest`: files, directories, URLs and standard input become sources."""

import io
import socket
import sys
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.models import Source

TXT_ARTICLE = """Russia and Kazakhstan sign a grain deal

By Anna Petrova

Russia and Kazakhstan signed an agreement in Astana on Friday to double grain shipments \
across their border by 2025. Kazakhstan exported more than eight million tonnes of wheat \
last year, most of it to Central Asian neighbours and to China.

Share this article
"""

MD_ARTICLE = """# China opens a rail terminal at Khorgos

*By Li Wei, 2023-05-20*

China opened a new rail terminal at the **Khorgos** crossing with \
[Kazakhstan](https://example.com/kz) on Saturday, officials in Beijing said.
"""

HTML_ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>The CSTO leaves Almaty</title>
<meta property="og:title" content="The CSTO leaves Almaty">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>The CSTO leaves Almaty</h1>
<p>The last soldiers of the Collective Security Treaty Organization left Almaty on Thursday,
the alliance said, ending a mission that Russia had led since the first week of January.</p>
</article>
<footer>© 2022 Steppe Review. All rights reserved.</footer>
</body></html>"""


def ingest(*args):
    """Run the command; return (stdout, stderr, the CommandError or None)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err, no_color=True)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def lines_starting(text, word):
    return [line for line in text.splitlines() if line.startswith(word)]


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "grain.txt").write_text(TXT_ARTICLE, encoding="utf-8")
    (folder / "khorgos.md").write_text(MD_ARTICLE, encoding="utf-8")
    (folder / "csto.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7\n")  # not an article file: skipped
    return folder


@pytest.fixture(autouse=True)
def local_urls_allowed(settings):
    """The dead URL is on 127.0.0.1, which real deployments refuse to fetch."""
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def dead_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/article"


@pytest.mark.django_db
class TestAdding:
    def test_directory_of_txt_md_and_html_articles_adds_three_sources(self, articles):
        out, err, error = ingest(articles)
        assert error is None
        assert "3 added, 0 duplicate, 0 failed." in out
        assert len(lines_starting(out, "added")) == 3
        assert err == ""
        by_format = {s.input_format: s for s in Source.objects.all()}
        assert set(by_format) == {"text", "markdown", "html"}
        assert by_format["text"].title == "Russia and Kazakhstan sign a grain deal"
        assert by_format["text"].author == "Anna Petrova"
        assert by_format["markdown"].title == "China opens a rail terminal at Khorgos"
        assert by_format["markdown"].published_on == date(2023, 5, 20)
        assert by_format["html"].title == "The CSTO leaves Almaty"
        assert "Home" not in by_format["html"].body

    def test_each_added_line_names_the_file_and_the_new_source(self, articles):
        out, _, _ = ingest(articles / "grain.txt")
        source = Source.objects.get()
        assert lines_starting(out, "added") == [
            f"added      {articles / 'grain.txt'}: source #{source.pk} "
            "'Russia and Kazakhstan sign a grain deal'"
        ]

    def test_publisher_and_date_apply_to_every_input(self, articles):
        ingest(articles, "--publisher", "Steppe Review", "--date", "2022-01-14")
        sources = list(Source.objects.all())
        assert len(sources) == 3
        assert {s.publisher for s in sources} == {"Steppe Review"}
        # The date given wins over the one in the Markdown byline.
        assert {s.published_on for s in sources} == {date(2022, 1, 14)}

    def test_standard_input_becomes_a_source(self, monkeypatch):
        stdin = SimpleNamespace(buffer=io.BytesIO(TXT_ARTICLE.encode()))
        monkeypatch.setattr(sys, "stdin", stdin)
        out, _, error = ingest("-")
        assert error is None
        assert lines_starting(out, "added")[0].startswith("added      <stdin>: source #")
        assert Source.objects.get().title == "Russia and Kazakhstan sign a grain deal"

    def test_added_source_is_processed_once_the_transaction_commits(
        self, articles, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            ingest(articles / "grain.txt")
        source = Source.objects.get()
        assert source.status == Source.Status.DONE
        assert source.claims.exists()


@pytest.mark.django_db(transaction=True)
def test_wait_prints_each_sources_status_and_claim_count(articles):
    # Committed for real, so the eager processing task runs before --wait polls.
    out, err, error = ingest(articles / "grain.txt", "--wait", "--timeout", "60")
    assert error is None, err
    source = Source.objects.get()
    done = lines_starting(out, f"source #{source.pk} done:")
    assert len(done) == 1
    count = int(done[0].split("done:")[1].split()[0])
    assert count > 0
    assert count == source.claims.count()
    assert done[0].endswith("Russia and Kazakhstan sign a grain deal")


@pytest.mark.django_db
class TestDuplicates:
    def test_same_file_twice_is_reported_as_duplicate_and_not_a_failure(self, articles):
        ingest(articles / "grain.txt")
        out, err, error = ingest(articles / "grain.txt")
        assert error is None
        assert "0 added, 1 duplicate, 0 failed." in out
        [line] = lines_starting(out, "duplicate")
        assert str(articles / "grain.txt") in line
        assert "already source #" in line
        assert Source.objects.count() == 1

    def test_same_text_in_another_file_is_a_duplicate(self, articles, tmp_path):
        ingest(articles / "grain.txt")
        copy = tmp_path / "copy.txt"
        copy.write_text(TXT_ARTICLE.replace("\n\n", "\n\n\n"), encoding="utf-8")
        out, _, error = ingest(copy)
        assert error is None
        assert len(lines_starting(out, "duplicate")) == 1
        assert Source.objects.count() == 1


def bad_inputs(tmp_path, dead_url):
    """(argument, expected reason) for each kind of input the command refuses."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n\t \n", encoding="utf-8")
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Kazakhstan exports wheat to China. Café au lait.".encode("latin-1"))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    return {
        "empty file": (empty, "The input is empty."),
        "whitespace-only file": (blank, "The input is empty."),
        "binary file": (png, "a PNG image, not text"),
        "invalid UTF-8": (latin1, "not valid UTF-8 (byte 0xe9 at position 38)"),
        "missing path": (tmp_path / "missing.txt", "no such file or directory"),
        "unsupported extension": (pdf, "not a .txt, .md or .html file"),
        "dead URL": (dead_url, "could not be fetched (could not connect)"),
    }


@pytest.mark.django_db
class TestFailures:
    @pytest.mark.parametrize(
        "kind",
        [
            "empty file",
            "whitespace-only file",
            "binary file",
            "invalid UTF-8",
            "missing path",
            "unsupported extension",
            "dead URL",
        ],
    )
    def test_bad_input_gets_one_failed_line_with_its_reason_and_creates_nothing(
        self, kind, tmp_path, dead_url
    ):
        argument, reason = bad_inputs(tmp_path, dead_url)[kind]
        out, err, error = ingest(argument)
        [line] = lines_starting(err, "failed")
        assert str(argument) in line
        assert reason in line
        assert "0 added, 0 duplicate, 1 failed." in out
        assert isinstance(error, CommandError)
        assert "1 input(s) failed" in str(error)
        assert Source.objects.count() == 0

    def test_file_over_the_size_limit_is_refused(self, tmp_path, settings):
        settings.SOURCE_MAX_RAW_BYTES = 200
        big = tmp_path / "big.txt"
        big.write_text(TXT_ARTICLE, encoding="utf-8")
        out, err, error = ingest(big)
        [line] = lines_starting(err, "failed")
        assert str(big) in line
        assert "the limit is 200 bytes" in line
        assert isinstance(error, CommandError)
        assert Source.objects.count() == 0

    def test_command_error_exits_with_status_1(self, tmp_path):
        _, _, error = ingest(tmp_path / "missing.txt")
        assert error.returncode == 1

    def test_directory_without_article_files_fails(self, tmp_path):
        (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7\n")
        _, err, error = ingest(tmp_path)
        [line] = lines_starting(err, "failed")
        assert "no .txt, .md or .html files in this directory" in line
        assert error is not None

    def test_good_input_is_added_even_when_another_fails(self, articles, tmp_path):
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        out, err, error = ingest(articles / "grain.txt", empty)
        assert "1 added, 0 duplicate, 1 failed." in out
        assert len(lines_starting(out, "added")) == 1
        assert len(lines_starting(err, "failed")) == 1
        assert isinstance(error, CommandError)
        assert Source.objects.get().title == "Russia and Kazakhstan sign a grain deal"

    @pytest.mark.parametrize("value", ["14/01/2022", "yesterday", "2022-13-01"])
    def test_date_that_is_not_a_date_is_refused_before_anything_is_added(self, articles, value):
        with pytest.raises(CommandError, match="is not a date; use YYYY-MM-DD"):
            call_command("ingest", str(articles), "--date", value, stdout=io.StringIO())
        assert Source.objects.count() == 0


class Terminal(io.StringIO):
    """Standard error as a terminal: the progress bar only shows there."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def twelve_articles(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02}.txt").write_text(
            f"Report {n} on Caspian shipping\n\nAktau port handled {n + 2} million tonnes of cargo in 2023.",
            encoding="utf-8",
        )
    return folder


@pytest.mark.django_db
def test_a_long_run_in_a_terminal_shows_a_progress_bar_between_whole_lines(
    twelve_articles, monkeypatch
):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out, _, error = ingest(twelve_articles)
    assert error is None
    assert "12 added, 0 duplicate, 0 failed." in out
    shown = terminal.getvalue()
    assert "12/12" in shown and "article" in shown  # the bar reached the end
    # Each input's line is whole, above the bar, never cut by it.
    added = [line for line in shown.replace("\r", "\n").splitlines() if line.startswith("added")]
    assert len(added) == 12
    assert all(line.endswith("on Caspian shipping'") for line in added)


@pytest.mark.django_db
def test_no_progress_bar_when_output_is_not_a_terminal(twelve_articles, monkeypatch):
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    out, _, error = ingest(twelve_articles)
    assert error is None
    assert "12/12" not in plain.getvalue() + out
    assert len(lines_starting(out, "added")) == 12


SECRET = "Internal memo\n\nThe board of Steppe Review met in Almaty on Monday to discuss salaries."


@pytest.fixture
def outside(tmp_path):
    """A folder beside the articles, with a text file the command must never read."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "memo.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.mark.django_db
class TestSymbolicLinks:
    def test_links_out_of_the_folder_are_refused_and_the_rest_is_added(self, articles, outside):
        (articles / "leak.txt").symlink_to(outside / "memo.txt")
        (articles / "more").symlink_to(outside, target_is_directory=True)
        (articles / "grain-again.txt").symlink_to(articles / "grain.txt")  # inside: read

        out, err, error = ingest(articles)

        folder, private = articles.resolve(), outside.resolve()
        assert sorted(lines_starting(err, "failed")) == [
            f"failed     {articles / 'leak.txt'}: a symbolic link to {private / 'memo.txt'}, "
            f"outside the folder {folder}; not read",
            f"failed     {articles / 'more'}: a symbolic link to {private}, "
            f"outside the folder {folder}; not followed",
        ]
        assert "3 added, 1 duplicate, 2 failed." in out
        assert isinstance(error, CommandError) and error.returncode == 1
        assert not Source.objects.filter(body__contains="salaries").exists()

    def test_a_link_changed_after_the_folder_was_listed_is_refused_when_read(
        self, articles, outside
    ):
        from sources.management.commands.ingest import Command, expand

        link = articles / "latest.txt"
        link.symlink_to(articles / "grain.txt")
        [item] = [i for i in expand([str(articles)]) if i.label == str(link)]
        link.unlink()
        link.symlink_to(outside / "memo.txt")

        with pytest.raises(ValidationError, match="outside the folder"):
            Command().add(item, publisher="", published_on=None)
        assert Source.objects.count() == 0

    def test_a_folder_given_through_a_link_is_read(self, articles, tmp_path):
        link = tmp_path / "today"
        link.symlink_to(articles, target_is_directory=True)
        out, err, error = ingest(link)
        assert error is None and err == ""
        assert "3 added, 0 duplicate, 0 failed." in out
