"""Gmail's thread view and Outlook's reading pane as they are today (the 2026 fixtures):
the card, and Insert draft into a reply the page registers."""

from __future__ import annotations

from tests.extension.conftest import screenshot
from tests.extension.pages import open_host_page
from tests.extension.test_mail import GMAIL, OUTLOOK, _assert_inserted, _draft_body
from tests.extension.world import GMAIL_THREAD_ID, OUTLOOK_CONVERSATION_ID


def test_gmail_2026_insert_draft_answers_from_the_header_reply_button(configured, backend, world, browser,
                                                                       use_layout):
    use_layout("gmail", "2026")
    site = open_host_page(browser, GMAIL)
    assert site.wait_card(GMAIL_THREAD_ID, states=["due"]) == "due"
    assert site.role("opportunity").inner_text() == "Contoso — Data Engineer"
    assert site.page.locator("[g_editable]").count() == 0
    action_id = site.role("action").first.get_attribute("data-action-id")
    site.role("insert-draft").click()
    site.role("toast").filter(has_text="Draft inserted").wait_for()
    screenshot(site.page, "gmail-2026-draft-inserted")
    assert site.page.evaluate("() => window.__replyOpened") == 1
    _assert_inserted(site, 'div[g_editable="true"]', _draft_body(backend, world, action_id))


def test_outlook_2026_insert_draft_into_the_inline_reply(configured, backend, world, browser, use_layout):
    use_layout("outlook", "2026")
    site = open_host_page(browser, OUTLOOK)
    assert site.wait_card(OUTLOOK_CONVERSATION_ID, states=["due"]) == "due"
    action_id = site.role("action").first.get_attribute("data-action-id")
    site.role("insert-draft").click()
    site.role("toast").filter(has_text="Draft inserted").wait_for()
    screenshot(site.page, "outlook-2026-draft-inserted")
    _assert_inserted(site, '[data-conversation-id] [role="textbox"]', _draft_body(backend, world, action_id))


def test_a_thread_whose_reply_button_is_gone_says_so_and_counts_the_miss(configured, backend, world, browser,
                                                                        use_layout):
    use_layout("gmail", "2026")
    site = open_host_page(browser, GMAIL)
    site.wait_card(GMAIL_THREAD_ID, states=["due"])
    site.page.evaluate("() => document.querySelectorAll('[aria-label=\"Reply\"]').forEach((b) => b.remove())")
    site.role("insert-draft").click()
    site.role("toast").filter(has_text="Gmail changed this page").wait_for()
    status, body = backend.api(world.token, "GET", "/extension/misses")
    for _ in range(50):
        if body["misses"]:
            break
        site.page.wait_for_timeout(100)
        status, body = backend.api(world.token, "GET", "/extension/misses")
    assert [(x["site"], x["selector"], x["count"]) for x in body["misses"]] == [("gmail", "replyButton", 1)]
