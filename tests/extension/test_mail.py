"""Gmail and Outlook threads: the opportunity, what was detected, the next action, Insert draft."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.extension.conftest import screenshot
from tests.extension.pages import open_host_page
from tests.extension.world import GMAIL_THREAD_ID, GMAIL_UNKNOWN_THREAD_ID, OUTLOOK_CONVERSATION_ID

GMAIL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvContoso"
OUTLOOK = f"https://outlook.office.com/mail/inbox/id/{quote(OUTLOOK_CONVERSATION_ID, safe='')}"


def _draft_body(backend, world, action_id: str) -> str:
    status, draft = backend.api(world.token, "GET", f"/actions/{action_id}/draft?channel=email")
    assert status == 200
    return draft["body"]


def _assert_inserted(site, box_selector: str, body: str) -> None:
    box = site.page.locator(box_selector)
    inserted = " ".join(box.inner_text().split())
    assert " ".join(body.split()) in inserted
    # The host page's own listener saw a trusted insertText: its editor model has the text.
    assert any(e["isTrusted"] and e["inputType"] == "insertText" for e in site.input_events())


def test_gmail_thread_card_shows_opportunity_stage_detected_and_next_action(configured, backend, world, browser):
    status, expected = backend.api(world.token, "GET", f"/lookup/thread?provider=gmail&id={GMAIL_THREAD_ID}")
    assert status == 200 and expected["known"]
    site = open_host_page(browser, GMAIL)
    state = site.wait_card(GMAIL_THREAD_ID)
    screenshot(site.page, "gmail-thread")
    assert state == ("due" if any(a["urgency"] in ("overdue", "today") for a in expected["next_actions"])
                     else "nothing_due")
    assert site.role("opportunity").inner_text() == "Contoso — Data Engineer"
    assert "interviewing" in site.role("stage").inner_text()
    assert "Dana Lee" in site.role("people").inner_text()
    for detected in expected["detected"]:
        assert detected["text"] in site.role("detected").inner_text()
    if expected["next_actions"]:
        assert site.role("action").first.get_attribute("data-action-id") == expected["next_actions"][0]["id"]


def test_gmail_insert_draft_opens_the_reply_box_and_the_page_registers_the_text(configured, backend, world, browser):
    site = open_host_page(browser, GMAIL)
    site.wait_card(GMAIL_THREAD_ID, states=["due"])
    assert site.page.locator("[g_editable]").count() == 0  # no reply box until Reply
    action_id = site.role("action").first.get_attribute("data-action-id")
    site.role("insert-draft").click()
    site.role("toast").filter(has_text="Draft inserted").wait_for()
    screenshot(site.page, "gmail-draft-inserted")
    assert site.page.evaluate("() => window.__replyOpened") == 1
    _assert_inserted(site, 'div[g_editable="true"]', _draft_body(backend, world, action_id))


def test_gmail_thread_change_by_hash_updates_the_card_and_an_unknown_thread_says_so(configured, browser):
    site = open_host_page(browser, GMAIL)
    site.wait_card(GMAIL_THREAD_ID)
    site.page.evaluate("() => { location.hash = '#inbox/FMfcgzQXJWDsKmvUnknown'; }")
    assert site.wait_card(GMAIL_UNKNOWN_THREAD_ID) == "unknown"
    assert "does not know this thread" in site.role("message").inner_text()
    site.page.evaluate("() => { location.hash = '#inbox'; }")
    site.card.wait_for(state="detached")


def test_outlook_thread_card_and_insert_draft(configured, backend, world, browser):
    status, expected = backend.api(world.token, "GET",
                                   f"/lookup/thread?provider=outlook&id={quote(OUTLOOK_CONVERSATION_ID, safe='')}")
    assert status == 200 and expected["known"]
    site = open_host_page(browser, OUTLOOK)
    state = site.wait_card(OUTLOOK_CONVERSATION_ID, states=["due"])
    screenshot(site.page, "outlook-thread")
    assert state == "due"
    assert site.role("opportunity").inner_text() == "Northwind — Analytics Engineer"
    action_id = site.role("action").first.get_attribute("data-action-id")
    assert action_id == expected["next_actions"][0]["id"]
    site.role("insert-draft").click()
    site.role("toast").filter(has_text="Draft inserted").wait_for()
    screenshot(site.page, "outlook-draft-inserted")
    _assert_inserted(site, '#editorParent_1 [role="textbox"]', _draft_body(backend, world, action_id))


def test_outlook_done_and_snooze_change_the_backend(configured, backend, world, browser):
    from sqlalchemy import select

    from topofmind.store.models import ActionState

    site = open_host_page(browser, OUTLOOK)
    site.wait_card(OUTLOOK_CONVERSATION_ID, states=["due"])
    action_id = site.role("action").first.get_attribute("data-action-id")
    site.role("action").first.locator('[data-role="snooze"]').click()
    site.role("toast").filter(has_text="Snoozed for 3 days").wait_for()
    with backend.Session() as s:
        row = s.scalars(select(ActionState).where(ActionState.action_key == action_id)).one()
        assert row.state == "snoozed"
        assert row.snoozed_until is not None and (row.snoozed_until - row.at).days == 3


@pytest.mark.parametrize("host,path", [
    ("outlook.office365.com", "/mail/inbox/id/"),
    ("outlook.live.com", "/mail/0/inbox/id/"),
    ("outlook.cloud.microsoft", "/mail/id/"),
])
def test_outlook_card_on_every_outlook_host(configured, browser, host, path):
    site = open_host_page(browser, f"https://{host}{path}{quote(OUTLOOK_CONVERSATION_ID, safe='')}")
    assert site.wait_card(OUTLOOK_CONVERSATION_ID) == "due"
    assert site.role("opportunity").inner_text() == "Northwind — Analytics Engineer"
