"""The console in a real headless browser: Debian's Chromium driven by Playwright.

The service is the real Flask app on a real socket (werkzeug's threaded server), with the test
database and Redis; the webhook delivery, the rescan job (run in-process as the worker
would), the git server and the pre-receive hook are real too. Screenshots of every page go to
``artifacts/console/`` (git-ignored; CI keeps them as artifacts).

Needs ``/usr/bin/chromium`` (``apt-get install chromium``), the ``playwright`` Python package
(never ``playwright install``: the OS's Chromium is used) and, for the accessibility test,
axe-core (``npm ci`` in the checkout puts it in ``node_modules/``; or set
``PUSHGUARD_AXE_JS``). Each test skips, saying which is missing, without them.
"""

from __future__ import annotations

import os
import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug import serving

from pushguard.store.db import Database
from pushguard.store.findings import upsert_finding
from pushguard.store.models import Scan
from pushguard.tokens import SCOPES
from tests.helpers import tokens
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.gitserver import GitHttpServer
from tests.helpers.webhooks import body_of, github_headers, github_push
from tests.hooks.conftest import MakeServer, make_server  # noqa: F401 - fixture
from tests.webhook.console.conftest import MakeToken

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "artifacts" / "console"
AXE_JS = Path(os.environ.get("PUSHGUARD_AXE_JS") or ROOT / "node_modules/axe-core/axe.min.js")
WIDTHS = (1280, 400)

if not CHROMIUM.exists():
    pytest.skip(
        "Chromium is not installed: apt-get install chromium (/usr/bin/chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install playwright)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live(webhook_app: Flask) -> Iterator[str]:
    """The app on 127.0.0.1:<free port>; its base URL."""
    server = serving.make_server("127.0.0.1", 0, webhook_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _sign_in(page: Any, base: str, raw: str) -> None:
    page.goto(base + "/")
    assert page.url.startswith(base + "/signin")
    page.get_by_label("API token").fill(raw)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


def test_leak_to_triage_in_a_browser(
    browser: Any,
    live: str,
    make_token: MakeToken,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    make_repo: MakeRepo,
    git_http_server: Callable[..., GitHttpServer],
    database: Database,
    make_server: MakeServer,  # noqa: F811 - the fixture imported above
    pg_home: Path,
) -> None:
    planted = tokens.github_token(prefix="ghp")
    webhook_secret = tokens.hex_secret(48)
    remote = make_repo("srv/widgets.git", bare=True)
    base = remote.commit({"README.md": "hi\n"}, "initial")
    after = remote.commit({"ci/deploy.sh": f"export GH_TOKEN={planted}\n"}, "deploy")
    git = git_http_server(remote.path.parent)
    register("github", "acme/widgets", git.url_for("widgets.git"), secret=webhook_secret)
    raw, _ = make_token(*SCOPES, name="on-call")
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    _sign_in(page, live, raw)
    assert page.get_by_role("heading", name="Overview").is_visible()
    page.get_by_role("link", name="Findings", exact=True).click()
    page.wait_for_url("**/findings")
    assert "0 findings" in page.get_by_role("status").inner_text()

    # a push to the platform leaks the token; the platform's webhook reaches the service
    body = body_of(github_push("acme/widgets", "refs/heads/main", base, after))
    request = urllib.request.Request(  # noqa: S310 - the local service
        live + "/webhooks/github/acme/widgets",
        data=body,
        headers=github_headers(webhook_secret, body),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 202
    assert run_jobs() == 1
    page.reload()
    row = page.get_by_role("row").filter(has_text="ci/deploy.sh")
    assert row.is_visible()
    assert "github-token" in row.inner_text() and planted not in page.content()
    _shot(page, "findings")

    row.get_by_role("link").first.click()
    sync_api.expect(page.get_by_role("heading", name="Incident timeline")).to_be_visible()
    timeline = page.locator("ol.timeline").inner_text()
    assert "pushed" in timeline and "detected" in timeline
    assert "refs/heads/main" in timeline
    _shot(page, "finding")

    # the same value pushed to a repository behind the pre-receive hook is refused...
    hooked = make_server()
    hooked.env["PUSHGUARD_HOME"] = str(pg_home)  # the service's home: key and allowlist
    hooked.work.commit({"deploy.env": f"GH_TOKEN={planted}\n"})
    refused = hooked.push("main")
    assert not refused.accepted and "deploy.env:1" in refused.remote
    # ...until a responder marks the finding a false positive in the console
    page.get_by_label("Reason").fill("fixture token from the docs, never valid")
    page.get_by_role("button", name="Mark false positive").click()
    page.wait_for_url("**/findings/*?done=changed*")
    assert "is now false-positive" in page.get_by_role("status").inner_text()
    timeline = page.locator("ol.timeline").inner_text()
    assert "triaged" in timeline and "fixture token from the docs" in timeline
    _shot(page, "finding-triaged")
    accepted = hooked.push("main")
    assert accepted.accepted, accepted.output

    page.get_by_role("link", name="Overview").click()
    page.wait_for_url(live + "/")
    assert " ".join(page.locator(".stats").inner_text().split()).startswith("0 blocking")
    _shot(page, "overview")
    page.get_by_role("link", name="Repositories").click()
    # a click starts a navigation; expect() waits for the new page where is_visible() would not
    sync_api.expect(page.get_by_role("heading", name="github:acme/widgets")).to_be_visible()
    _shot(page, "repositories")
    page.get_by_role("button", name="Rescan").click()
    page.wait_for_url("**/scans/*")
    assert "queued" in page.get_by_role("status").inner_text()
    run_jobs()
    # console.js polls the progress endpoint and updates the page: no reload
    sync_api.expect(page.locator("[data-field=status]")).to_have_text("done", timeout=15000)
    _shot(page, "scan")
    page.get_by_role("link", name="Audit log").click()
    page.wait_for_url("**/audit*")
    assert "Chain intact" in page.get_by_role("status").inner_text()
    _shot(page, "audit")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin")
    _shot(page, "signin")
    page.goto(live + "/findings")
    assert "/signin" in page.url  # signed out means signed out
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
    with database.session() as s:
        assert s.query(Scan).count() == 2


def _seed_for_pages(database: Database, register: Callable[..., int]) -> dict[str, str]:
    from pushguard.store.findings import NewFinding

    repo = register("github", "acme/app", "https://github.com/acme/app.git")
    with database.session() as s:
        scan = Scan(repository_id=repo, kind="full", status="done", commits_total=3)
        s.add(scan)
        s.flush()
        ids = [
            upsert_finding(
                s,
                repo,
                NewFinding(
                    f"{n:040x}",
                    f"src/\u202etxt.{n}.py" if n == 0 else f"src/very/long/{'x' * 150}/{n}.py",
                    n + 1,
                    ("github-token", "slack-token", "generic-high-entropy")[n % 3],
                    n % 3 != 2,
                    f"fp{n}",
                    "ghp_…" + f"{n:04d}",
                ),
                scan_id=scan.id,
            ).id
            for n in range(60)
        ]
        scan_id = scan.id
    return {
        "overview": "/",
        "findings": "/findings",
        "finding": f"/findings/{ids[0]}",
        "repositories": "/repos",
        "scan": f"/scans/{scan_id}",
        "audit": "/audit",
    }


def test_pages_are_accessible_and_fit_at_1280_and_400_px(
    browser: Any,
    live: str,
    make_token: MakeToken,
    register: Callable[..., int],
    database: Database,
) -> None:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core not found at {AXE_JS}: run `npm ci` in the checkout")
    axe = AXE_JS.read_text()
    pages = _seed_for_pages(database, register)
    raw, _ = make_token(*SCOPES)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live + "/signin")
        _check_axe(page, axe, f"sign-in at {width}px")
        _sign_in(page, live, raw)
        for name, path in pages.items():
            page.goto(live + path)
            _check_axe(page, axe, f"{name} at {width}px")
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{name} scrolls sideways at {width}px ({overflow}px)"
            if width == 400:
                _shot(page, f"{name}-400px")
        context.close()


def _check_axe(page: Any, source: str, where: str) -> None:
    # evaluated through the DevTools protocol, which the page's CSP does not govern
    page.evaluate(source)
    violations = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{where}: {serious}"


def test_keyboard_alone_reaches_every_page_and_form(
    browser: Any, live: str, make_token: MakeToken, register: Callable[..., int], database: Database
) -> None:
    pages = _seed_for_pages(database, register)
    raw, _ = make_token(*SCOPES)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live + "/signin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "token"
    page.keyboard.type(raw)
    page.keyboard.press("Enter")
    page.wait_for_url(live + "/")

    def focus_link(name: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == name:
                return
        raise AssertionError(f"Tab never reached {name!r} on {page.url}")

    for name, path in (
        ("Findings", "/findings"),
        ("Repositories", "/repos"),
        ("Audit log", "/audit"),
    ):
        page.goto(live + "/")
        focus_link(name)
        page.keyboard.press("Enter")
        page.wait_for_url(live + path)
    page.goto(live + pages["finding"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link moves focus to the content
    assert page.evaluate("document.activeElement.id") == "main"
    focus_link("view commit on github")
    for _ in range(40):  # on to the triage form, still by keyboard
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "reason":
            break
    else:
        raise AssertionError("Tab never reached the triage form")
    page.keyboard.type("rotated by its owner")
    focus_link("Resolve")
    page.keyboard.press("Enter")
    page.wait_for_url("**?done=changed*")
    assert "is now resolved" in page.get_by_role("status").inner_text()
    page.goto(live + "/repos")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "range":
            break
    else:
        raise AssertionError("Tab never reached the rescan form")
    page.keyboard.type("HEAD~1..HEAD")
    page.keyboard.press("Enter")
    page.wait_for_url("**/scans/*")
    context.close()
