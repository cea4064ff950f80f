"""Fetching article pages from a real local HTTP server, and creating sources from URLs."""

import ipaddress
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme
from django.core.exceptions import ValidationError

from sources.fetching import fetch_url
from sources.models import Source
from sources.services import source_create_from_url

TIMEOUT = 0.5
MAX_BYTES = 20_000

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Kazakhstan asks the CSTO for help | Steppe Review</title>
<meta property="og:title" content="Kazakhstan asks the CSTO for help">
<meta property="og:site_name" content="Steppe Review">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Kazakhstan asks the CSTO for help</h1>
<p>President Tokayev asked the Collective Security Treaty Organization for troops on
Wednesday night, after protests over fuel prices spread from Zhanaozen to Almaty.</p>
<p>Russia said within hours that it would send paratroopers to Kazakhstan as part of the
mission, and China called the unrest an internal affair of its neighbour.</p>
</article>
<footer>© 2022 Steppe Review. All rights reserved.</footer>
</body></html>""".encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/article":
            self.answer(200, "text/html; charset=utf-8", ARTICLE_PAGE)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/report.pdf":
            self.answer(200, "application/pdf", b"%PDF-1.7\n" + b"\x00" * 100)
        elif self.path == "/huge":
            self.answer(200, "text/plain; charset=utf-8", b"Russia and China. " * 5000)
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", "8")
            self.end_headers()
            try:
                for _ in range(8):  # one byte every half timeout: 2 seconds in all
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(TIMEOUT / 2)
            except OSError:
                pass
        elif self.path == "/slow":
            time.sleep(TIMEOUT * 4)
            self.answer(200, "text/html; charset=utf-8", ARTICLE_PAGE)
        else:
            self.answer(404, "text/html; charset=utf-8", b"<h1>Not found</h1>")

    def answer(self, status, content_type, body):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout, size limit)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def dead_url():
    """A URL on a local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/article"


@pytest.fixture(autouse=True)
def local_test_server_allowed(settings):
    """The test server listens on 127.0.0.1, which real deployments refuse to fetch."""
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True


def fetch_error(url, **kwargs) -> ValidationError:
    kwargs = {"timeout": TIMEOUT, "max_bytes": MAX_BYTES, "allow_private": True, **kwargs}
    with pytest.raises(ValidationError) as excinfo:
        fetch_url(url, **kwargs)
    return excinfo.value


class TestFetchUrl:
    def test_article_page_is_returned_with_its_content_type(self, server):
        page = fetch_url(
            f"{server}/article", timeout=TIMEOUT, max_bytes=MAX_BYTES, allow_private=True
        )
        assert page.content == ARTICLE_PAGE
        assert page.content_type.startswith("text/html")
        assert page.url == f"{server}/article"

    def test_missing_page_is_refused_with_the_status(self, server):
        error = fetch_error(f"{server}/gone")
        assert error.code == "fetch"
        assert "404" in error.messages[0]
        assert f"{server}/gone" in error.messages[0]

    def test_pdf_is_refused_as_binary_naming_the_type(self, server):
        error = fetch_error(f"{server}/report.pdf")
        assert error.code == "binary"
        assert "application/pdf" in error.messages[0]

    def test_page_over_the_size_limit_is_refused(self, server):
        error = fetch_error(f"{server}/huge", max_bytes=10_000)
        assert error.code == "too_large"
        assert "10,000" in error.messages[0]

    def test_page_under_the_size_limit_is_returned_whole(self, server):
        page = fetch_url(f"{server}/huge", timeout=TIMEOUT, max_bytes=200_000, allow_private=True)
        assert len(page.content) == len(b"Russia and China. ") * 5000

    def test_slow_server_is_given_up_on_after_the_timeout(self, server):
        started = time.monotonic()
        error = fetch_error(f"{server}/slow")
        assert time.monotonic() - started < TIMEOUT * 3
        assert error.code == "fetch"
        assert "did not answer within 0.5 seconds" in error.messages[0]

    def test_server_trickling_bytes_is_given_up_on_after_the_timeout(self, server):
        started = time.monotonic()
        with pytest.raises(ValidationError):
            fetch_url(f"{server}/trickle", timeout=TIMEOUT, max_bytes=MAX_BYTES, allow_private=True)
        assert time.monotonic() - started < TIMEOUT * 3

    def test_dead_url_is_refused_saying_it_could_not_connect(self, dead_url):
        error = fetch_error(dead_url)
        assert error.code == "fetch"
        assert error.messages[0] == f"{dead_url} could not be fetched (could not connect)."

    @pytest.mark.parametrize(
        "url", ["ftp://127.0.0.1/article.txt", "file:///etc/passwd", "not a url", ""]
    )
    def test_non_http_url_is_refused_before_any_request(self, url):
        assert fetch_error(url).code == "invalid_url"


class TestSourceCreateFromUrl:
    @pytest.fixture(autouse=True)
    def short_timeout(self, settings):
        settings.SOURCE_FETCH_TIMEOUT = TIMEOUT

    def test_article_page_becomes_a_source_with_its_url_and_title(self, db, server):
        source = source_create_from_url(url=f"{server}/article")
        source.refresh_from_db()
        assert source.url == f"{server}/article"
        assert source.title == "Kazakhstan asks the CSTO for help"
        assert source.publisher == "Steppe Review"
        assert source.input_format == Source.InputFormat.HTML
        assert source.body.startswith("Kazakhstan asks the CSTO for help\n\n")
        assert "Russia said within hours" in source.body
        assert "Home" not in source.body

    def test_dead_url_writes_nothing(self, db, dead_url):
        with pytest.raises(ValidationError) as excinfo:
            source_create_from_url(url=dead_url)
        assert excinfo.value.code == "fetch"
        assert Source.objects.count() == 0

    def test_pdf_url_writes_nothing(self, db, server):
        with pytest.raises(ValidationError):
            source_create_from_url(url=f"{server}/report.pdf")
        assert Source.objects.count() == 0


class TestPrivateAddresses:
    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:8000/admin/",
            "http://localhost/",
            "http://10.0.0.7/internal",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
        ],
    )
    def test_private_and_local_addresses_are_refused(self, url):
        error = fetch_error(url, allow_private=False)
        assert error.code == "private_url"
        assert "only public pages are fetched" in error.messages[0]

    def test_a_redirect_to_a_private_address_is_refused(self, server, monkeypatch):
        from sources import fetching

        checked = []

        def public_except_loopback(url, addresses):
            checked.append(url)
            if len(checked) > 1:  # the redirect's target, after the (local) first hop
                raise ValidationError("private", code="private_url")

        monkeypatch.setattr(fetching, "check_public", public_except_loopback)
        error = fetch_error(f"{server}/redirect", allow_private=False)
        assert error.code == "private_url"
        assert checked == [f"{server}/redirect", f"{server}/article"]

    @pytest.mark.django_db
    def test_service_refuses_private_urls_unless_allowed(self, settings):
        from sources.models import Source

        settings.SOURCE_FETCH_ALLOW_PRIVATE = False
        with pytest.raises(ValidationError, match="private or local"):
            source_create_from_url(url="http://127.0.0.1:9/article")
        assert Source.objects.count() == 0


# --- DNS rebinding ----------------------------------------------------------------------------


class HostileResolver:
    """A name server under an attacker's control, in place of socket.getaddrinfo.

    Each of its names answers ``first`` on its first lookup and ``then`` on
    every later one; every other name (numeric addresses included) resolves
    as usual.
    """

    def __init__(self, first: str, then: str, names: tuple[str, ...]):
        self.first, self.then, self.names = first, then, names
        self.lookups: list[str] = []
        self.real_getaddrinfo = socket.getaddrinfo

    def __call__(self, host, port, *args, **kwargs):
        if host not in self.names:
            return self.real_getaddrinfo(host, port, *args, **kwargs)
        address = self.then if host in self.lookups else self.first
        self.lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]


class RecordingHandler(BaseHTTPRequestHandler):
    """Serves the article at /article and redirects /away to the server's ``redirect_to``."""

    def do_GET(self):
        self.server.received.append((self.path, self.headers["Host"]))
        if self.path == "/away":
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            Handler.answer(self, 200, "text/html; charset=utf-8", ARTICLE_PAGE)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def serve():
    """Start a recording HTTP(S) server on an address and port; all are stopped afterwards."""
    started = []

    def start(address, port=0, *, tls=None, redirect_to=""):
        httpd = ThreadingHTTPServer((address, port), RecordingHandler)
        httpd.daemon_threads = True
        httpd.received, httpd.redirect_to, httpd.server_names = [], redirect_to, []
        if tls is not None:
            tls.sni_callback = lambda sock, name, context: httpd.server_names.append(name)
            httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        started.append(httpd)
        return httpd

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def loopback_stands_for_a_public_address(monkeypatch):
    """127.0.0.1 plays a public web server; 127.0.0.2 stays what it is, a local address."""
    real_is_global = ipaddress.IPv4Address.is_global
    monkeypatch.setattr(
        ipaddress.IPv4Address,
        "is_global",
        property(lambda address: str(address) == "127.0.0.1" or real_is_global.fget(address)),
    )


class TestDnsRebinding:
    def test_a_name_rebound_to_loopback_after_the_check_is_never_connected_to(
        self, serve, monkeypatch
    ):
        local = serve("127.0.0.1")
        port = local.server_address[1]
        resolver = HostileResolver(first="93.184.215.14", then="127.0.0.1", names=("news.example",))
        monkeypatch.setattr(socket, "getaddrinfo", resolver)

        # The checked public address does not answer here: the fetch fails, and
        # it fails there, not on the local server the name points to afterwards.
        error = fetch_error(f"http://news.example:{port}/article", allow_private=False)
        assert error.code == "fetch"
        assert local.received == []
        assert resolver.lookups == ["news.example"]

    def test_every_redirect_connects_to_the_address_checked_for_its_name(
        self, serve, monkeypatch, loopback_stands_for_a_public_address
    ):
        second = serve("127.0.0.1")
        port = second.server_address[1]
        first = serve("127.0.0.1", redirect_to=f"http://second.example:{port}/article")
        first_port = first.server_address[1]
        hostile = [serve("127.0.0.2", port), serve("127.0.0.2", first_port)]
        resolver = HostileResolver(
            first="127.0.0.1", then="127.0.0.2", names=("first.example", "second.example")
        )
        monkeypatch.setattr(socket, "getaddrinfo", resolver)

        page = fetch_url(
            f"http://first.example:{first_port}/away",
            timeout=TIMEOUT,
            max_bytes=MAX_BYTES,
            allow_private=False,
        )
        assert page.content == ARTICLE_PAGE
        assert page.url == f"http://second.example:{port}/article"
        # The servers were asked for the names the URLs gave, each from the address checked.
        assert first.received == [("/away", f"first.example:{first_port}")]
        assert second.received == [("/article", f"second.example:{port}")]
        assert [server.received for server in hostile] == [[], []]
        assert resolver.lookups == ["first.example", "second.example"]

    def test_a_redirect_to_a_name_that_resolves_privately_is_refused(
        self, serve, monkeypatch, loopback_stands_for_a_public_address
    ):
        inside = serve("127.0.0.2")
        inside_port = inside.server_address[1]
        outside = serve("127.0.0.1", redirect_to=f"http://intranet.example:{inside_port}/article")
        resolver = HostileResolver(first="127.0.0.2", then="127.0.0.2", names=("intranet.example",))
        monkeypatch.setattr(socket, "getaddrinfo", resolver)

        error = fetch_error(
            f"http://127.0.0.1:{outside.server_address[1]}/away", allow_private=False
        )
        assert error.code == "private_url"
        assert f"intranet.example:{inside_port}" in error.messages[0]
        assert inside.received == []


class TestTlsToThePinnedAddress:
    """The connection goes to an address, the certificate is still checked against the name."""

    @pytest.fixture
    def authority(self, tmp_path, monkeypatch):
        ca = trustme.CA()
        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
        monkeypatch.setattr(
            socket,
            "getaddrinfo",
            HostileResolver(first="127.0.0.1", then="127.0.0.2", names=("news.example",)),
        )
        return ca

    def tls_server(self, serve, ca, name):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(name).configure_cert(context)
        return serve("127.0.0.1", tls=context)

    def test_https_page_is_fetched_with_the_host_name_in_sni_and_the_certificate(
        self, serve, authority
    ):
        server = self.tls_server(serve, authority, "news.example")
        port = server.server_address[1]
        page = fetch_url(
            f"https://news.example:{port}/article",
            timeout=TIMEOUT,
            max_bytes=MAX_BYTES,
            allow_private=True,
        )
        assert page.content == ARTICLE_PAGE
        assert server.server_names == ["news.example"]
        assert server.received == [("/article", f"news.example:{port}")]

    def test_a_certificate_for_another_name_is_refused(self, serve, authority):
        server = self.tls_server(serve, authority, "other.example")
        url = f"https://news.example:{server.server_address[1]}/article"
        error = fetch_error(url)
        assert error.code == "fetch"
        assert (
            error.messages[0]
            == f"{url} could not be fetched (its TLS certificate could not be verified)."
        )
        assert server.received == []
