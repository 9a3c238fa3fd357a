"""Finding the hiring contact in the overlay (issue 10): attach a tracked person in one click
from their LinkedIn profile, the search links and candidates of "find the hiring contact" on
a mail card and in the popup, and action links that open the thread in a new tab.

The seeded Northwind application (five days old, an Outlook conversation, nobody attached)
owes a "find the hiring contact"; each test tracks a Northwind recruiter from LinkedIn first.
"""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import expect

from tests.extension.conftest import REPO, screenshot
from tests.extension.pages import open_host_page
from tests.extension.world import OUTLOOK_CONVERSATION_ID, XSS_NAME

RILEY = "https://www.linkedin.com/in/riley-chen-northwind/"
OUTLOOK = f"https://outlook.office.com/mail/inbox/id/{quote(OUTLOOK_CONVERSATION_ID, safe='')}"
DOC_SCREENSHOT = REPO / "docs" / "screenshots" / "extension-attach.png"


def _track_riley(backend, world) -> int:
    status, person = backend.api(world.token, "POST", "/people", {
        "name": "Riley Chen", "company": "Northwind", "headline": "Talent Acquisition Partner at Northwind",
        "linkedin_url": RILEY})
    assert status == 201
    return person["id"]


def _find_contact(backend, world) -> dict | None:
    status, body = backend.api(world.token, "GET", "/actions?due=all")
    assert status == 200
    found = [a for a in body["actions"] if a["kind"] == "find_contact"
             and a["opportunity"]["id"] == world.opportunities["northwind"]]
    return found[0] if found else None


def _northwind_contacts(backend, world) -> list[str]:
    status, detail = backend.api(world.token, "GET", f"/opportunities/{world.opportunities['northwind']}")
    assert status == 200
    return [c["name"] for c in detail["contacts"]]


def _assert_opens_in_a_new_tab(browser, link, url: str) -> None:
    assert link.get_attribute("href") == url
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel").split()
    with browser.expect_page() as opened:
        link.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == url
    opened.value.close()


def test_linkedin_profile_of_a_tracked_recruiter_attaches_them_in_one_click(configured, backend, world, browser):
    riley_id = _track_riley(backend, world)
    assert _find_contact(backend, world) is not None

    site = open_host_page(browser, RILEY)
    site.wait_card("riley-chen-northwind")
    attach = site.role("attach")
    expect(attach).to_have_count(1)
    assert attach.inner_text() == "Attach to Analytics Engineer at Northwind"
    screenshot(site.page, "linkedin-attach-offer")

    attach.click()
    expect(site.role("toast")).to_contain_text("Attached Riley Chen as recruiter")
    expect(site.role("attach")).to_have_count(0)
    assert "Analytics Engineer" in site.role("opportunities").inner_text()
    titles = site.role("action").all_inner_texts()
    assert any("Follow up with Riley Chen about" in t for t in titles)

    assert _northwind_contacts(backend, world) == ["Riley Chen"]
    assert _find_contact(backend, world) is None
    status, follow_ups = backend.api(world.token, "GET", "/actions?due=all")
    assert any(a["kind"] == "follow_up" and a["person"] and a["person"]["id"] == riley_id
               for a in follow_ups["actions"])


def test_outlook_card_offers_the_searches_and_attaches_a_tracked_candidate(configured, backend, world, browser):
    _track_riley(backend, world)
    action = _find_contact(backend, world)
    help_ = action["find_contact"]

    site = open_host_page(browser, OUTLOOK)
    site.wait_card(OUTLOOK_CONVERSATION_ID)
    card_action = site.card.locator(f'[data-action-id="{action["id"]}"]')
    expect(card_action).to_have_count(1)
    candidates = card_action.locator('[data-role="candidate"]')
    expect(candidates).to_have_count(1)
    assert "Riley Chen" in candidates.inner_text()
    DOC_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    site.page.screenshot(path=str(DOC_SCREENSHOT))
    screenshot(site.page, "outlook-find-contact")

    _assert_opens_in_a_new_tab(browser, card_action.locator('[data-role="search-recruiters"]'),
                               help_["search_recruiters_url"])
    _assert_opens_in_a_new_tab(browser, card_action.locator('[data-role="search-managers"]'),
                               help_["search_managers_url"])

    riley = candidates.filter(has_text="Riley Chen")
    riley.locator('[data-role="attach-candidate"]').click()
    expect(site.role("toast")).to_contain_text("Attached Riley Chen as recruiter")
    expect(site.card.locator(f'[data-action-id="{action["id"]}"]')).to_have_count(0)
    assert any("Follow up with Riley Chen" in t for t in site.role("action").all_inner_texts())
    assert _northwind_contacts(backend, world) == ["Riley Chen"]


def test_a_candidate_named_with_html_renders_as_text(configured, backend, world, browser):
    status, _ = backend.api(world.token, "POST", "/people", {
        "name": XSS_NAME, "company": "Northwind", "linkedin_url": "https://www.linkedin.com/in/html-name-northwind/",
        "distinct": True})  # the world's person of that name has no company: the same one, unless told
    assert status == 201
    site = open_host_page(browser, OUTLOOK)
    site.wait_card(OUTLOOK_CONVERSATION_ID)
    candidate = site.role("candidate")
    expect(candidate).to_have_count(1)
    assert XSS_NAME in candidate.inner_text()
    assert site.card.locator("img").count() == 0
    assert not site.dialogs


def test_popup_find_contact_item_links_the_searches_and_attaches_a_candidate(configured, backend, world, browser):
    _track_riley(backend, world)
    action = _find_contact(backend, world)
    assert action["urgency"] in ("overdue", "today")

    page = browser.new_page()
    page.goto(configured.url("popup/popup.html"))
    item = page.locator(f'[data-action-id="{action["id"]}"]')
    expect(item).to_have_count(1)
    recruiters = item.locator('[data-role="search-recruiters"]')
    assert recruiters.get_attribute("href") == action["find_contact"]["search_recruiters_url"]
    assert "noopener" in recruiters.get_attribute("rel").split()
    assert item.locator('[data-role="search-managers"]').get_attribute("href") == \
        action["find_contact"]["search_managers_url"]
    screenshot(page, "popup-find-contact")

    item.locator('[data-role="candidate"]', has_text="Riley Chen").locator('[data-role="attach-candidate"]').click()
    expect(page.locator(f'[data-action-id="{action["id"]}"]')).to_have_count(0)
    expect(page.locator('[data-role="action"]', has_text="Follow up with Riley Chen")).to_have_count(1)
    assert _northwind_contacts(backend, world) == ["Riley Chen"]


def test_popup_search_link_opens_linkedin_in_a_new_tab(configured, backend, world, browser):
    action = _find_contact(backend, world)
    page = browser.new_page()
    page.goto(configured.url("popup/popup.html"))
    link = page.locator(f'[data-action-id="{action["id"]}"] [data-role="search-managers"]')
    with browser.expect_page() as opened:
        link.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == action["find_contact"]["search_managers_url"]


def test_popup_item_with_a_thread_link_opens_the_thread_in_a_new_tab(configured, backend, world, browser):
    status, body = backend.api(world.token, "GET", "/actions?due=all")
    assert status == 200
    threads = {a["link"]["url"]: a for a in body["actions"]
               if a["urgency"] in ("overdue", "today") and a["link"]["type"] == "thread"}
    gmail = "https://mail.google.com/mail/u/0/#all/18c2f4a9b7d3e601"
    outlook = f"https://outlook.office.com/mail/inbox/id/{quote(OUTLOOK_CONVERSATION_ID, safe='')}"
    # Contoso's thank-you opens its Gmail thread; Northwind's "find the hiring contact" has no
    # person, and its Outlook thread is the portal's (a reply there reaches nobody): no link.
    assert set(threads) == {gmail}
    assert outlook not in {a["link"]["url"] for a in body["actions"]}

    for url, action in threads.items():
        page = browser.new_page()
        page.goto(configured.url("popup/popup.html"))
        link = page.locator(f'[data-action-id="{action["id"]}"] [data-role="open"]')
        assert link.get_attribute("href") == url
        with browser.expect_page() as opened:
            link.click()
        opened.value.wait_for_load_state()
        assert opened.value.url == url
        if url == outlook:  # Outlook's page reads the conversation from the URL: the card finds it
            opened.value.wait_for_function(
                "key => document.getElementById('topofmind-card-host')?.dataset.key === key",
                arg=OUTLOOK_CONVERSATION_ID)
        opened.value.close()
        if not page.is_closed():
            page.close()

