"""LinkedIn as it is today (the 2026 profile layout) and in every older layout: the card from
the slug at once, the known person offered first, Track that never duplicates, and a page
whose name cannot be read (the plain message, the manual link, the miss counted)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.extension.conftest import screenshot
from tests.extension.pages import open_host_page
from topofmind.store.models import Person

DANA = "https://www.linkedin.com/in/dana-lee-contoso/"
CHANGED_MESSAGE = "LinkedIn changed this page; topofmind could not read the name — link this profile by hand."


def _unlink(backend, world, who: str) -> None:
    """The person stays tracked (with their follow-ups) but no longer knows their profile."""
    status, _ = backend.api(world.token, "PATCH", f"/people/{world.people[who]}", {"linkedin_url": None})
    assert status == 200


def _count(backend, world, name: str) -> int:
    with backend.Session() as s:
        return s.scalar(select(func.count()).select_from(Person)
                        .where(Person.user_id == world.user_id, Person.name == name))


def _is_primary(locator) -> bool:
    return "primary" in (locator.get_attribute("class") or "").split()


@pytest.mark.parametrize("layout", ["2026", "old", "public"])
def test_a_linked_profile_shows_the_person_and_what_is_due_in_every_layout(configured, browser, use_layout, layout):
    use_layout("linkedin", layout)
    site = open_host_page(browser, DANA)
    assert site.wait_card("dana-lee-contoso") == "due"
    screenshot(site.page, f"linkedin-{layout}-known")
    assert site.role("name").inner_text() == "Dana Lee"
    assert site.role("relationship").inner_text() == "recruiter · Technical Recruiter at Contoso"
    assert site.role("action").count() >= 1 and site.role("draft").first.is_visible()


def test_the_new_layout_offers_the_known_person_first_and_linking_shows_their_follow_ups(
        configured, backend, world, browser, use_layout):
    use_layout("linkedin", "2026")
    _unlink(backend, world, "dana")
    site = open_host_page(browser, DANA)
    assert site.wait_card("dana-lee-contoso", states=["unknown"]) == "unknown"
    screenshot(site.page, "linkedin-2026-suggestion")
    assert site.role("name").inner_text() == "Dana Lee"
    suggestion = site.role("link-suggestion").first
    assert suggestion.inner_text() == "This is Dana Lee — Contoso"
    assert suggestion.get_attribute("data-person-id") == str(world.people["dana"])
    assert _is_primary(suggestion) and not _is_primary(site.role("track"))
    assert site.role("track").inner_text() == "Track as someone new"

    suggestion.click()
    assert site.wait_card("dana-lee-contoso", states=["due", "nothing_due"]) == "due"
    site.role("toast").filter(has_text="Linked this profile to Dana Lee").wait_for()
    assert site.role("action").count() >= 1
    assert _count(backend, world, "Dana Lee") == 1


def test_track_on_someone_already_tracked_offers_the_link_and_creates_no_duplicate(
        configured, backend, world, browser, use_layout):
    use_layout("linkedin", "2026")
    _unlink(backend, world, "dana")
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso", states=["unknown"])
    site.role("track").click()
    assert site.wait_card("dana-lee-contoso", states=["same_person"]) == "same_person"
    screenshot(site.page, "linkedin-2026-same-person")
    assert "Dana Lee at Contoso is already tracked" in site.role("message").inner_text()
    assert _count(backend, world, "Dana Lee") == 1
    link = site.role("link-suggestion").first
    assert _is_primary(link) and link.inner_text() == "This is Dana Lee — Contoso"
    link.click()
    assert site.wait_card("dana-lee-contoso", states=["due", "nothing_due"]) == "due"
    assert _count(backend, world, "Dana Lee") == 1


def test_track_of_a_different_person_of_the_same_name_needs_the_users_word(
        configured, backend, world, browser, use_layout):
    use_layout("linkedin", "2026")
    _unlink(backend, world, "dana")
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso", states=["unknown"])
    site.role("track").click()
    site.wait_card("dana-lee-contoso", states=["same_person"])
    site.role("track-distinct").click()
    site.wait_card("dana-lee-contoso", states=["due", "nothing_due"])
    site.role("toast").filter(has_text="Now tracking Dana Lee").wait_for()
    assert _count(backend, world, "Dana Lee") == 2


def test_tracking_from_the_new_layout_keeps_the_title_and_company_apart(configured, backend, world, browser,
                                                                          use_layout):
    use_layout("linkedin", "2026")
    site = open_host_page(browser, "https://www.linkedin.com/in/morgan-blake/")
    assert site.wait_card("morgan-blake", states=["unknown"]) == "unknown"
    assert site.role("track").inner_text() == "Track" and _is_primary(site.role("track"))
    site.role("track").click()
    site.wait_card("morgan-blake", states=["due", "nothing_due"])
    assert site.role("relationship").inner_text() == "Engineering Manager at Wingtip"


def test_a_page_with_no_readable_name_says_so_and_links_by_hand(configured, backend, world, browser, use_layout):
    use_layout("linkedin", "changed")
    _unlink(backend, world, "dana")
    site = open_host_page(browser, DANA)
    assert site.wait_card("dana-lee-contoso") == "unreadable"
    screenshot(site.page, "linkedin-changed-unreadable")
    assert site.role("message").inner_text() == CHANGED_MESSAGE
    typed = site.role("manual-name")
    assert typed.input_value() == ""
    typed.fill("Dana Lee")
    site.role("manual-find").click()
    assert site.wait_card("dana-lee-contoso", states=["unknown"]) == "unknown"
    site.role("link-suggestion").first.click()
    assert site.wait_card("dana-lee-contoso", states=["due"]) == "due"

    # The miss reaches the server once the page had its time (selectors.js, linkedin.name).
    site.page.wait_for_timeout(5500)
    status, body = backend.api(world.token, "GET", "/extension/misses")
    assert status == 200
    assert {(x["site"], x["selector"]) for x in body["misses"]} >= {("linkedin", "name")}


def test_a_linked_profile_in_an_unreadable_layout_still_shows_its_person(configured, browser, use_layout):
    use_layout("linkedin", "changed")
    site = open_host_page(browser, DANA)
    assert site.wait_card("dana-lee-contoso") == "due"
    assert site.role("name").inner_text() == "Dana Lee"


def test_spa_navigation_in_the_new_layout_never_shows_the_previous_profiles_name(configured, browser, use_layout):
    use_layout("linkedin", "2026")
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso")
    # The router pushes the URL first and redraws the top card a moment later.
    site.page.click('a[data-slug="morgan-blake"]')
    assert site.wait_card("morgan-blake") == "unknown"
    assert site.role("name").inner_text() == "Morgan Blake"
    site.page.click('a[data-slug="alex-kim"]')
    assert site.wait_card("alex-kim") == "nothing_due"
    assert site.role("name").inner_text() == "Alex Kim"
    site.page.click('a[data-slug="jordan-mills-42"]')
    assert site.wait_card("jordan-mills-42") == "unknown"
    assert site.role("name").inner_text() == "Jordan Mills"
    assert site.role("link-suggestion").first.inner_text() == "This is Jordan Mills — Tailspin"


def test_the_same_person_tracked_twice_is_merged_from_the_card_and_the_merge_undone(
        configured, backend, world, browser, use_layout):
    use_layout("linkedin", "2026")
    # Tracked before from mail: the same name at the same company, another address, no profile.
    with backend.Session() as s:
        dana = s.get(Person, world.people["dana"])
        twin = Person(user_id=world.user_id, name="Dana Lee", first_name="Dana", last_name="Lee",
                      company_id=dana.company_id, created_at=dana.created_at)
        s.add(twin)
        s.commit()
        twin_id = twin.id
    site = open_host_page(browser, DANA)
    site.wait_card("dana-lee-contoso", states=["due"])
    duplicate = site.role("duplicate")
    assert duplicate.get_attribute("data-person-id") == str(twin_id)
    screenshot(site.page, "linkedin-2026-duplicate")
    duplicate.locator('[data-role="merge"]').click()
    site.role("toast").filter(has_text="Merged Dana Lee into Dana Lee").wait_for()
    assert _count(backend, world, "Dana Lee") == 1 and site.role("duplicates").count() == 0
    site.role("undo").click()
    site.role("toast").filter(has_text="tracked apart again").wait_for()
    assert _count(backend, world, "Dana Lee") == 2
    assert site.role("duplicate").get_attribute("data-person-id") == str(twin_id)
