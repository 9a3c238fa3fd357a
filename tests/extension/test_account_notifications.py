"""A mailbox that stopped syncing becomes one desktop notification with a Reconnect button,
driven through the extension's own "due-notifications" alarm handler: told once per stop,
again after it recovers and stops anew; its own switch in the options turns it off."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.extension.world import NOW
from tests.fakes.gmail_server import FakeGmail
from topofmind.store import models


def _fire(ext, moment=NOW) -> dict:
    return ext.worker.evaluate("t => handleAlarm({name: 'due-notifications', scheduledTime: t})",
                               moment.timestamp() * 1000)


def _shown(ext) -> set[str]:
    ids = ext.worker.evaluate("() => chrome.notifications.getAll().then(n => Object.keys(n))")
    return {i for i in ids if i.startswith("tom-account:")}


def _set_sync(backend, account_id: int, **values) -> None:
    with backend.Session() as s:
        account = s.get(models.MailAccount, account_id)
        for name, value in values.items():
            setattr(account, name, value)
        s.commit()


@pytest.fixture
def fresh(configured):
    """No notification on screen and none remembered from an earlier test."""
    configured.worker.evaluate("() => chrome.notifications.getAll().then(n => Promise.all("
                               "Object.keys(n).map(id => chrome.notifications.clear(id))))")
    return configured


@pytest.fixture
def gmail_id(world, backend) -> int:
    with backend.Session() as s:
        return s.query(models.MailAccount.id).filter_by(user_id=world.user_id, provider="gmail").scalar()


@pytest.fixture
def public_is_backend(backend):
    """The server's public URL is the test backend's, and its Google client the fake's, so the
    reconnect link opens a real page and goes through a real (fake) consent."""
    state = backend.app.extensions["topofmind"]
    before = state.config
    with FakeGmail() as google:
        google.mailbox("sam@example.net")
        state.config = before.with_(public_url=backend.url, google_client_id=google.client_id,
                                    google_client_secret=google.client_secret, google_auth_url=google.auth_url,
                                    google_token_url=google.token_url, gmail_api_url=google.api_url)
        yield backend.url
        state.config = before


def test_a_mailbox_that_stops_is_told_once_and_again_after_it_recovers_and_stops_anew(fresh, backend, gmail_id):
    assert _fire(fresh)["accounts"] == {"state": "ok", "shown": []}  # every mailbox syncs
    _set_sync(backend, gmail_id, status="needs_reconnect", last_error="invalid_grant")
    assert _fire(fresh)["accounts"]["shown"] == [gmail_id]
    assert _shown(fresh) == {f"tom-account:{gmail_id}"}
    assert _fire(fresh, NOW + timedelta(minutes=5))["accounts"]["shown"] == []  # never twice for one stop
    # Recovered: its notification goes away and it is forgotten.
    _set_sync(backend, gmail_id, status="active", last_error=None, consecutive_failures=0, last_success_at=NOW)
    assert _fire(fresh, NOW + timedelta(minutes=10))["accounts"]["shown"] == []
    assert _shown(fresh) == set()
    # Stops again (an error that persists): told again.
    _set_sync(backend, gmail_id, status="error", last_error="Gmail answered 500", consecutive_failures=3)
    assert _fire(fresh, NOW + timedelta(minutes=15))["accounts"]["shown"] == [gmail_id]
    # Recovers and stops again between two checks: a new stop (a later last success), told again.
    _set_sync(backend, gmail_id, status="needs_reconnect", last_success_at=NOW + timedelta(minutes=17))
    assert _fire(fresh, NOW + timedelta(minutes=20))["accounts"]["shown"] == [gmail_id]


def test_two_failed_passes_are_not_told_three_are(fresh, backend, gmail_id):
    _set_sync(backend, gmail_id, status="error", last_error="timeout", consecutive_failures=2)
    assert _fire(fresh)["accounts"]["shown"] == []
    _set_sync(backend, gmail_id, consecutive_failures=3)
    assert _fire(fresh)["accounts"]["shown"] == [gmail_id]


def test_the_reconnect_button_goes_through_the_consent_and_back_reconnected_a_click_to_the_accounts_page(
        fresh, backend, gmail_id, public_is_backend, browser):
    _set_sync(backend, gmail_id, status="needs_reconnect")
    assert _fire(fresh)["accounts"]["shown"] == [gmail_id]
    notice = f"tom-account:{gmail_id}"
    # What the worker's onButtonClicked listener runs: a new tab on that account's one-click link.
    with browser.expect_page(timeout=10000) as tab:
        opened = fresh.worker.evaluate("id => openFromNotification(id, true)", notice)
    assert opened == f"{backend.url}/accounts/{gmail_id}/reconnect"
    page = tab.value
    page.wait_for_url(f"{backend.url}/accounts", timeout=15000)  # Google's consent (the fake), then back
    assert "Connected sam@example.net" in page.locator("main").inner_text()
    with backend.Session() as s:
        assert s.get(models.MailAccount, gmail_id).status == "active"
    assert notice not in _shown(fresh)
    assert fresh.worker.evaluate("id => openFromNotification(id, false)", notice) == f"{backend.url}/accounts"
    assert _fire(fresh, NOW + timedelta(minutes=5))["accounts"]["shown"] == []  # cleared, not forgotten


def test_the_notification_carries_a_reconnect_button_and_says_what_to_do(fresh, backend, gmail_id):
    # Chromium keeps a notification's options to itself: read the one it was given, as created.
    fresh.worker.evaluate("""() => {
        self.__created = [];
        self.__create = chrome.notifications.create;
        chrome.notifications.create = (id, options) => {
            self.__created.push({id, options});
            return self.__create.call(chrome.notifications, id, options);
        };
    }""")
    try:
        _set_sync(backend, gmail_id, status="needs_reconnect")
        _fire(fresh)
        (created,) = fresh.worker.evaluate("() => self.__created.filter(c => c.id.startsWith('tom-account:'))")
    finally:
        fresh.worker.evaluate("() => { if (self.__create) chrome.notifications.create = self.__create; }")
    options = created["options"]
    assert [b["title"] for b in options["buttons"]] == ["Reconnect"]
    assert options["title"] == "sam@example.net stopped syncing"
    assert "revoked" in options["message"] and "Reconnect it and sign in to Google again" in options["message"]


def test_its_own_options_switch_turns_it_off(fresh, backend, gmail_id, browser):
    _set_sync(backend, gmail_id, status="needs_reconnect")
    page = browser.new_page()
    page.goto(fresh.url("options/options.html"))
    page.wait_for_selector("#notifyAccounts:checked")
    page.uncheck("#notifyAccounts")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('syncing off')")
    result = _fire(fresh)
    assert result["accounts"]["state"] == "disabled" and _shown(fresh) == set()
    assert result["state"] == "ok"  # the follow-ups' notifications have their own switch
    page.check("#notifyAccounts")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('syncing on')")
    assert _fire(fresh)["accounts"]["shown"] == [gmail_id]
