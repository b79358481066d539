"""Fixtures for the Playwright browser tests.

Debian's Chromium is driven through Playwright (never `playwright install`);
each test gets a fresh browser context against pytest-django's live server and
saves full-page screenshots of its main steps into test-results/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in
# the tests (building data, checking results) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright  # noqa: E402

from safecampus.testing.factories import PASSWORD  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
TIMEOUT_MS = 15_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: apt-get install -y chromium")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield instance
    instance.close()


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[Callable[..., BrowserContext]]:
    """Make browser contexts (separate cookie jars) against the live server; all closed at the end."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "zh-CN")
        options.setdefault("timezone_id", "Asia/Shanghai")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("accept_downloads", True)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """Save a full-page screenshot as test-results/screenshots/<name>.png."""

    def save(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def log_in() -> Callable[..., None]:
    """Log in through the real login form (first step only: password)."""

    def submit(page: Page, username: str, password: str = PASSWORD) -> None:
        if "/accounts/login/" not in page.url:
            page.goto("/accounts/login/")
        page.locator("main input[name=username]").fill(username)
        page.locator("main input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()

    return submit


@pytest.fixture
def log_out() -> Callable[[Page], None]:
    """Log out through the user menu in the navbar."""

    def submit(page: Page) -> None:
        page.locator("nav .dropdown-toggle").click()
        with page.expect_navigation():
            page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))

    return submit


@pytest.fixture
def catalog_compiled() -> bool:
    """Whether the Chinese message catalogue is compiled (else pages show the English source text)."""
    from django.conf import settings

    return any((Path(p) / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists() for p in settings.LOCALE_PATHS)


# The dashboard tests' scene and logged-in pages live beside those tests; pytest finds fixtures here.
from .dashboard_scene import scene, user_page  # noqa: E402, F401
