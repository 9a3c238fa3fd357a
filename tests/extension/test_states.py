"""Every state the card can be in says what is wrong and what to do next."""

from __future__ import annotations

import pytest

from tests.extension.conftest import screenshot
from tests.extension.pages import open_host_page

DANA = "https://www.linkedin.com/in/dana-lee-contoso/"
ALEX = "https://www.linkedin.com/in/alex-kim/"


def test_not_configured_sends_the_user_to_the_options(ext, browser):
    ext.configure(None, None)
    site = open_host_page(browser, DANA)
    assert site.wait_card("dana-lee-contoso") == "not_configured"
    screenshot(site.page, "state-not-configured")
    assert "enter your server URL and token" in site.role("message").inner_text()
    assert site.role("open-options").is_visible()


def test_unreachable_server_names_the_url_and_how_to_start_it(ext, browser, world, closed_port):
    ext.configure(f"http://127.0.0.1:{closed_port}", world.token)
    site = open_host_page(browser, DANA)
    assert site.wait_card("dana-lee-contoso") == "unreachable"
    screenshot(site.page, "state-unreachable")
    message = site.role("message").inner_text()
    assert f"127.0.0.1:{closed_port}" in message
    assert "topofmind serve" in message
    assert site.role("retry").is_visible()


def test_a_rejected_token_asks_for_a_new_one(ext, backend, browser, world):
    ext.configure(backend.url, "tom_" + "x" * 43)
    site = open_host_page(browser, DANA)
    assert site.wait_card("dana-lee-contoso") == "unauthorized"
    screenshot(site.page, "state-token-rejected")
    assert "rejected the token" in site.role("message").inner_text()
    assert "new token" in site.role("message").inner_text()


def test_retry_after_starting_the_server_shows_the_card(ext, backend, browser, world, closed_port):
    ext.configure(f"http://127.0.0.1:{closed_port}", world.token)
    site = open_host_page(browser, ALEX)
    assert site.wait_card("alex-kim") == "unreachable"
    ext.configure(backend.url, world.token)
    site.role("retry").click()
    assert site.wait_card("alex-kim", states=["due", "nothing_due"]) in ("due", "nothing_due")
    assert site.role("name").inner_text() == "Alex Kim"


def test_an_unknown_person_is_offered_track(configured, browser):
    site = open_host_page(browser, "https://www.linkedin.com/in/morgan-blake/")
    assert site.wait_card("morgan-blake") == "unknown"
    assert site.role("name").inner_text() == "Morgan Blake"
    assert "Not tracked" in site.role("message").inner_text()
    assert site.role("track").is_visible()


def test_a_contact_with_nothing_due_says_so(configured, backend, world, browser):
    status, expected = backend.api(world.token, "GET", f"/lookup/profile?url={ALEX}")
    assert status == 200 and expected["known"]
    assert not [a for a in expected["next_actions"] if a["urgency"] in ("overdue", "today")]
    site = open_host_page(browser, ALEX)
    assert site.wait_card("alex-kim") == "nothing_due"
    screenshot(site.page, "state-nothing-due")
    assert "Nothing due for Alex Kim" in site.role("nothing-due").inner_text()


@pytest.mark.parametrize("site_name,url,key", [
    ("linkedin", DANA, "dana-lee-contoso"),
    ("gmail", "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvContoso", "18c2f4a9b7d3e601"),
])
def test_a_site_switched_off_in_the_options_gets_no_card(ext, backend, world, browser, site_name, url, key):
    ext.configure(backend.url, world.token, sites={site_name: False})
    site = open_host_page(browser, url)
    # The heading is on the page, so the content script has run; the worker answered "disabled".
    site.page.wait_for_load_state("load")
    site.page.evaluate("() => new Promise(r => setTimeout(r, 500))")
    assert site.card.count() == 0
    # Switched back on, the same page gets its card: the switch was what kept it away.
    ext.configure(backend.url, world.token, sites={site_name: True})
    site.page.reload()
    site.wait_card(key)
