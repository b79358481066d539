"""The interface is Chinese by default and switches to English from the navbar."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect


@pytest.mark.browser
def test_login_page_is_chinese_and_switches_to_english(
    new_context: Callable[..., BrowserContext],
    transactional_db: None,
    catalog_compiled: bool,
    shot: Callable[[Page, str], Path],
) -> None:
    page = new_context(locale="zh-CN").new_page()
    page.goto("/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "zh-hans")
    submit = page.locator("main form button[type=submit]")
    language = page.locator("select[name=language]")
    expect(language).to_have_value("zh-hans")
    if catalog_compiled:
        expect(submit).to_have_text("登录")
        expect(page).to_have_title(re.compile("登录"))
    else:  # messages not compiled yet: the English source text shows
        expect(submit).to_have_text("Log in")
    shot(page, "language-01-login-zh")

    # Choosing English submits the switch at once (app.js), back to the same page.
    with page.expect_navigation():
        language.select_option("en")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(html).to_have_attribute("lang", "en")
    expect(submit).to_have_text("Log in")
    expect(page.locator("label[for=id_username]")).to_contain_text("Username")
    expect(language).to_have_value("en")
    shot(page, "language-02-login-en")

    # The choice sticks (language cookie) and can be switched back.
    page.reload()
    expect(html).to_have_attribute("lang", "en")
    with page.expect_navigation():
        language.select_option("zh-hans")
    expect(html).to_have_attribute("lang", "zh-hans")


@pytest.mark.browser
def test_unsupported_browser_language_falls_back_to_chinese(
    new_context: Callable[..., BrowserContext], transactional_db: None
) -> None:
    page = new_context(locale="fr-FR").new_page()
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
