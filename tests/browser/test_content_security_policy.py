"""The Content-Security-Policy breaks nothing: real pages in Chromium, no violation reported.

Each page is read with a listener for the ``securitypolicyviolation`` event
(installed before the page's own scripts) and the console's CSP messages, and
is used as a person would: the admin's autocomplete opens and finds a claim,
the claim set's pictures draw, Swagger UI lists the API's operations.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_view_contradictions import build_central_asia

# Real commits; tests/conftest.py puts the roles back after each flush.
pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def violations(page):
    """CSP violations the pages report, from the DOM event and the console alike."""
    found = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def collect(name: str) -> list[str]:
        """Add the violations the page now open reported; return all so far."""
        found.extend(f"{name}: {v}" for v in page.evaluate("window.__cspViolations || []"))
        return found

    return collect


def test_admin_view_and_api_docs_work_under_the_policy(
    page, live_server, sign_in, screenshot, editor_user, violations
):
    built = build_central_asia()
    central = built["central"]
    claim = central.claims.order_by("pk").first()
    sign_in(page, editor_user.username, "a-long-password")

    def open_page(path: str) -> None:
        response = page.goto(f"{live_server.url}{path}")
        header = response.headers.get("content-security-policy", "")
        # the directives in whatever order the header lists them
        policy = dict(
            (part.split(None, 1) + [""])[:2] for part in header.split(";") if part.strip()
        )
        assert policy.get("default-src") == "'self'", path
        assert policy.get("script-src") == "'self'", path

    # The admin: a claim's page, its autocomplete finding another claim.
    open_page(f"/admin/claims/claim/{claim.pk}/change/")
    page.locator("#add-link-form .select2-selection").click()
    page.locator(".select2-search__field").fill("corridor")
    option = page.locator(".select2-results__option", has_text="middle corridor").first
    expect(option).to_be_visible()
    screenshot(page, "csp-admin-claim-autocomplete")
    option.click()
    expect(page.locator("#add-link-form .select2-selection__rendered")).to_contain_text("corridor")
    violations("admin claim")

    # The admin: a claim set's page with its two sides; adding a source with its calendar.
    open_page(f"/admin/claims/claimset/{central.pk}/change/")
    expect(page.locator(".sides > div")).to_have_count(2)
    screenshot(page, "csp-admin-claim-set")
    violations("admin claim set")
    open_page("/admin/sources/source/add/")
    page.locator(".datetimeshortcuts a", has_text="Today").click()
    expect(page.locator("#id_published_on")).to_have_value(re.compile(r"\d{4}-\d\d-\d\d"))
    violations("admin add source")

    # The contradiction view: a claim set with its timeline and picture (SVG).
    open_page(f"/claim-sets/{central.pk}/")
    expect(page.locator("svg.timeline")).to_be_visible()
    expect(page.locator("svg.graph")).to_be_visible()
    assert page.locator("svg.graph path[stroke-dasharray]").count() == 2
    screenshot(page, "csp-view-claim-set")
    violations("view claim set")

    # The reader's own API token page.
    open_page("/accounts/token/")
    page.get_by_role("button", name="Create a token").click()
    expect(page.locator("#api-token-key")).to_have_value(re.compile(r"^[0-9a-f]{40}$"))
    screenshot(page, "csp-api-token")
    violations("api token")

    # The API: Swagger UI renders its operations; the browsable API renders a list.
    open_page("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 20
    expect(page.locator(".opblock-summary-path", has_text="/api/claim-sets/").first).to_be_visible()
    screenshot(page, "csp-api-docs")
    violations("api docs")
    open_page("/api/claims/")
    expect(page.locator(".response-info")).to_be_visible()
    found = violations("browsable api")

    assert found == [], "\n".join(found)
