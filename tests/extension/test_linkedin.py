"""LinkedIn profiles: the card for known and unknown people, SPA navigation, Track, "This is …", Draft."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.extension.conftest import screenshot
from tests.extension.pages import open_host_page
from tests.extension.world import NOW
from topofmind.store.models import ActionState, Person

DANA = "https://www.linkedin.com/in/dana-lee-contoso/"


def test_card_shows_a_known_contacts_relationship_opportunity_and_next_action(configured, backend, world, browser):
    status, expected = backend.api(world.token, "GET", f"/lookup/profile?url={DANA}")
    assert status == 200 and expected["known"] and expected["next_actions"]

    site = open_host_page(browser, DANA)
    state = site.wait_card("dana-lee-contoso")
    screenshot(site.page, "linkedin-known-person")

    assert state == "due"
    assert site.role("name").inner_text() == "Dana Lee"
    assert "recruiter" in site.role("relationship").inner_text()
    assert "Contoso" in site.role("relationship").inner_text()
    assert "Data Engineer" in site.role("opportunities").inner_text()
    assert site.role("last-touch").count() == 1
    first = site.role("action").first
    assert first.get_attribute("data-action-id") == expected["next_actions"][0]["id"]
    assert expected["next_actions"][0]["title"] in first.inner_text()


def test_spa_navigation_to_another_profile_updates_the_card(configured, browser):
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso")
    assert site.role("name").inner_text() == "Dana Lee"
    # A click in the page's own router: pushState, no page load.
    site.page.click('a[data-slug="alex-kim"]')
    assert site.page.url == "https://www.linkedin.com/in/alex-kim/"
    site.wait_card("alex-kim")
    assert site.role("name").inner_text() == "Alex Kim"
    site.page.click('a[data-slug="morgan-blake"]')
    assert site.wait_card("morgan-blake") == "unknown"
    assert site.role("name").inner_text() == "Morgan Blake"
    site.page.go_back()
    site.wait_card("alex-kim")
    assert site.role("name").inner_text() == "Alex Kim"


def test_track_creates_the_person_from_the_profile(configured, backend, world, browser):
    site = open_host_page(browser, "https://www.linkedin.com/in/morgan-blake/")
    assert site.wait_card("morgan-blake") == "unknown"
    site.role("track").click()
    state = site.wait_card("morgan-blake", states=["due", "nothing_due"])
    screenshot(site.page, "linkedin-tracked")
    assert state in ("due", "nothing_due")
    assert "Now tracking Morgan Blake" in site.role("toast").inner_text()
    with backend.Session() as s:
        people = s.scalars(select(Person).where(Person.user_id == world.user_id,
                                                Person.linkedin_slug == "morgan-blake")).all()
    assert [p.name for p in people] == ["Morgan Blake"]
    status, found = backend.api(world.token, "GET", "/lookup/profile?url=https://www.linkedin.com/in/morgan-blake")
    assert status == 200 and found["known"] and found["person"]["name"] == "Morgan Blake"


def test_this_is_links_the_profile_to_the_suggested_match(configured, backend, world, browser):
    site = open_host_page(browser, "https://www.linkedin.com/in/jordan-mills-42/")
    assert site.wait_card("jordan-mills-42") == "unknown"
    suggestion = site.role("link-suggestion")
    assert suggestion.get_attribute("data-person-id") == str(world.people["jordan"])
    assert "This is Jordan Mills" in suggestion.inner_text()
    suggestion.click()
    site.wait_card("jordan-mills-42", states=["due", "nothing_due"])
    assert site.role("name").inner_text() == "Jordan Mills"
    with backend.Session() as s:
        jordan = s.get(Person, world.people["jordan"])
        assert jordan.linkedin_url and "jordan-mills-42" in jordan.linkedin_url
        count = len(s.scalars(select(Person).where(Person.name == "Jordan Mills")).all())
    assert count == 1  # linked, not duplicated


def test_draft_goes_into_the_open_linkedin_message_box(configured, browser):
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso", states=["due"])
    site.page.click("#message-button")
    site.role("draft").click()
    site.role("toast").filter(has_text="Draft inserted").wait_for()
    box = site.page.locator("div.msg-form__contenteditable")
    text = box.inner_text()
    assert "Dana" in text
    assert len(text.strip()) > 20
    events = site.input_events()
    assert any(e["isTrusted"] and e["inputType"] == "insertText" for e in events)
    screenshot(site.page, "linkedin-draft-inserted")


def test_draft_without_an_open_message_box_is_copied(configured, browser):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin="https://www.linkedin.com")
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso", states=["due"])
    site.role("draft").click()
    site.role("toast").filter(has_text="Draft copied").wait_for()
    copied = site.page.evaluate("() => navigator.clipboard.readText()")
    assert "Dana" in copied


def test_done_and_snooze_change_the_backend(configured, backend, world, browser):
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso", states=["due"])
    first = site.role("action").first.get_attribute("data-action-id")
    site.role("action").first.locator('[data-role="done"]').click()
    site.role("toast").filter(has_text="Marked as done").wait_for()
    status, after = backend.api(world.token, "GET", f"/lookup/profile?url={DANA}")
    assert first not in [a["id"] for a in after["next_actions"]]
    assert first not in site.card.evaluate(
        "h => [...h.shadowRoot.querySelectorAll('[data-action-id]')].map(e => e.dataset.actionId)")

    # Dana also has the interview's status follow-up: snooze that one.
    assert after["next_actions"]
    second = after["next_actions"][0]["id"]
    assert site.role("action").first.get_attribute("data-action-id") == second
    site.role("action").first.locator('[data-role="snooze"]').click()
    site.role("toast").filter(has_text="Snoozed for 3 days").wait_for()
    with backend.Session() as s:
        row = s.scalars(select(ActionState).where(ActionState.action_key == second)).one()
    assert row.state == "snoozed"
    assert row.snoozed_until == NOW + timedelta(days=3)


def test_a_name_made_of_html_renders_as_text(configured, browser):
    site = open_host_page(browser, "https://www.linkedin.com/in/xss-person/")
    site.wait_card("xss-person")
    screenshot(site.page, "linkedin-html-name")
    assert site.role("name").inner_text() == "<img src=x onerror=alert(1)>"
    assert "<script>alert(2)</script>" in site.card_text()
    counts = site.card.evaluate(
        "h => ({img: h.shadowRoot.querySelectorAll('img').length,"
        " script: h.shadowRoot.querySelectorAll('script').length,"
        " b: h.shadowRoot.querySelectorAll('b').length})")
    assert counts == {"img": 0, "script": 0, "b": 0}
    site.page.evaluate("() => new Promise(r => setTimeout(r, 300))")  # give a stray onerror its chance
    assert site.dialogs == []


def test_a_feed_page_gets_no_card(configured, browser):
    site = open_host_page(browser, "https://www.linkedin.com/feed/")
    site.page.wait_for_load_state("load")
    site.page.evaluate("() => new Promise(r => setTimeout(r, 500))")
    assert site.card.count() == 0
