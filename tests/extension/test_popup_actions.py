"""The popup: every due follow-up with its whole set of one-click actions (open, insert or
copy the draft, done, snooze), ten of them without scrolling."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.builders import make_company, make_opportunity
from tests.extension.conftest import screenshot
from tests.extension.pages import open_host_page
from tests.extension.test_mail import GMAIL, _assert_inserted, _draft_body
from tests.extension.world import GMAIL_THREAD_ID, NOW
from topofmind.store import models


def _due(backend, world) -> dict:
    due = {}
    for which in ("overdue", "today"):
        _status, body = backend.api(world.token, "GET", f"/actions?due={which}")
        due.update({a["id"]: a for a in body["actions"] if a["urgency"] in ("overdue", "today")})
    return due


def _channel(backend, world, action_id: str) -> str:
    action = _due(backend, world)[action_id]
    return "message" if action["channel"] == "linkedin" or (action["link"] or {}).get("type") == "profile" else "email"


def _popup(browser, ext):
    page = browser.new_page()
    page.goto(ext.url("popup/popup.html"))
    page.wait_for_selector('[data-role="action"]')
    return page


def _more_applications(backend, world, n: int) -> None:
    """``n`` more applications sent a week ago with no answer: a follow-up is due for each."""
    with backend.Session() as s:
        user = s.get(models.User, world.user_id)
        for i in range(n):
            company = make_company(s, user=user, name=f"Fabrikam {i}", domains=(f"fabrikam{i}.example",))
            opp = make_opportunity(s, user=user, company=company, role="Data Engineer", stage="applied",
                                   source="online_application", at=NOW - timedelta(days=7))
            s.add(models.Touch(user_id=user.id, opportunity_id=opp.id, channel="email", direction="out",
                          kind="application", at=NOW - timedelta(days=7), summary="Applied online", source="sync"))
        s.commit()


def test_every_due_follow_up_has_open_insert_copy_done_and_snooze(configured, backend, world, browser):
    due = _due(backend, world)
    page = _popup(browser, configured)
    for action_id in due:
        item = page.locator(f'[data-action-id="{action_id}"]')
        for role in ("insert-draft", "copy-draft", "done", "snooze"):
            assert item.locator(f'[data-role="{role}"]').count() == 1, (action_id, role)
        if due[action_id]["link"] and due[action_id]["link"]["type"] != "none":
            assert item.locator('[data-role="open"]').count() == 1


def test_snooze_in_the_popup_puts_the_follow_up_off_three_days(configured, backend, world, browser):
    page = _popup(browser, configured)
    first = page.locator('[data-role="action"]').first
    action_id = first.get_attribute("data-action-id")
    first.locator('[data-role="snooze"]').click()
    page.wait_for_function("id => !document.querySelector(`[data-action-id='${id}']`)", arg=action_id)
    with backend.Session() as s:
        row = s.scalars(select(models.ActionState).where(models.ActionState.action_key == action_id)).one()
    assert row.state == "snoozed" and row.snoozed_until == NOW + timedelta(days=3)


def test_copy_in_the_popup_puts_the_draft_on_the_clipboard(configured, backend, world, browser):
    page = _popup(browser, configured)
    first = page.locator('[data-role="action"]').first
    action_id = first.get_attribute("data-action-id")
    first.locator('[data-role="copy-draft"]').click()
    page.locator('[data-role="status"]').filter(has_text="Draft copied").wait_for()
    # The clipboard is the system's: read it back where a page may (an extension page is opaque).
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin="https://www.linkedin.com")
    reader = open_host_page(browser, "https://www.linkedin.com/feed/").page
    copied = reader.evaluate("() => navigator.clipboard.readText()")
    status, draft = backend.api(world.token, "GET", f"/actions/{action_id}/draft?channel={_channel(backend, world, action_id)}")
    assert status == 200
    assert " ".join(draft["body"].split()) in " ".join(copied.split())


def test_insert_in_the_popup_puts_the_draft_into_the_thread_open_in_the_tab(configured, backend, world, browser):
    site = open_host_page(browser, GMAIL)
    site.wait_card(GMAIL_THREAD_ID, states=["due"])
    action_id = site.role("action").first.get_attribute("data-action-id")
    popup = _popup(browser, configured)
    site.page.bring_to_front()  # the popup opens over the tab it acts on
    popup.locator(f'[data-action-id="{action_id}"] [data-role="insert-draft"]').click()
    popup.locator('[data-role="status"]').filter(has_text="Draft inserted in the page").wait_for()
    _assert_inserted(site, 'div[g_editable="true"]', _draft_body(backend, world, action_id))


def test_ten_due_follow_ups_fit_without_scrolling(configured, backend, world, browser):
    _more_applications(backend, world, 10)
    assert len(_due(backend, world)) >= 10
    page = _popup(browser, configured)
    screenshot(page, "popup-ten")
    tenth_bottom = page.evaluate("""() => {
        const items = [...document.querySelectorAll('[data-role="action"]')];
        const main = document.getElementById('list');
        return [items.length, items[9].getBoundingClientRect().bottom, main.getBoundingClientRect().bottom];
    }""")
    count, bottom, visible = tenth_bottom
    assert count >= 10
    assert bottom <= visible, "the tenth follow-up is below the popup's fold"
