"""The API documentation page renders Swagger UI under the site's Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from safecampus.testing.factories import build_tree, people


@pytest.mark.browser
def test_swagger_ui_renders_without_csp_errors(
    page: Page,
    transactional_db: None,
    log_in: Callable[..., None],
    shot: Callable[[Page, str], Path],
) -> None:
    people(build_tree())
    errors: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", collect)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))

    log_in(page, "bureau_safety_officer.370102")
    page.locator("nav a[href='/api/docs/']").click()
    expect(page).to_have_url(re.compile(r"/api/docs/$"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SafeCampus API")
    # The operations come from /api/schema/, fetched by Swagger UI itself.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    # Swagger UI renders the operations near the viewport only; the schema it read holds every one.
    expect(page.locator(".swagger-ui .opblock").first).to_contain_text("/api/v1/")
    schema = page.request.get("/api/schema/", headers={"Accept": "application/json"}).json()
    assert "/api/v1/orgs/" in schema["paths"] and "/api/v1/facilities/guards/" in schema["paths"]
    page.wait_for_load_state("networkidle")
    shot(page, "api-docs")

    csp = [text for text in errors if "Content Security Policy" in text]
    assert not csp, "CSP violations on /api/docs/:\n" + "\n".join(csp)
