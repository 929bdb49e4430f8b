"""Fixtures of the browser tests: `arbeidsmigratie serve` on a free 127.0.0.1 port and headless
Chromium driven by Playwright's Python package.

Playwright is pointed at the system Chromium (Debian's `chromium` package; another binary with
ARBEIDSMIGRATIE_CHROMIUM=/path): no browser is downloaded. Without Chromium or Playwright the
tests are skipped with the reason, except under CI (CI=true), where `.ci/run` installs both and
their absence is a failure. ARBEIDSMIGRATIE_SCREENSHOTS=DIR keeps the screenshots the tests take
(1280 px wide) in DIR; otherwise they go to pytest's temporary folder (docs/web.md).
"""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

from openfisca_arbeidsmigratie.api.local_server import local_server

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium")
WIDTH, HEIGHT = 1280, 900


def chromium_path() -> str | None:
    configured = os.environ.get("ARBEIDSMIGRATIE_CHROMIUM")
    if configured:
        return configured if pathlib.Path(configured).exists() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run installs it; under CI the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 (optional dev dependency)
    except ImportError:
        _missing("Playwright's Python package is not installed: pip install -e '.[dev]'")
    executable = chromium_path()
    if executable is None:
        _missing("no Chromium found: apt-get install chromium (or set ARBEIDSMIGRATIE_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "server.log"
    with local_server(workers=2, log=str(log)) as url:
        yield url


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> pathlib.Path:
    folder = os.environ.get("ARBEIDSMIGRATIE_SCREENSHOTS")
    path = pathlib.Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    elsewhere: list[str] = []  # the page works offline: every request goes to our server
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: None if request.url.startswith((server_url, "data:", "blob:")) else elsewhere.append(request.url),
    )
    page.base_url = server_url
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
