"""The options page's "Test connection", the popup's list of due follow-ups and the badge."""

from __future__ import annotations

from tests.extension.conftest import screenshot


def _options(ext, browser, server_url: str, token: str):
    page = browser.new_page()
    page.goto(ext.url("options/options.html"))
    page.fill("#serverUrl", server_url)
    page.fill("#token", token)
    return page


def test_test_connection_succeeds_with_the_right_server_and_token(ext, backend, world, browser):
    ext.configure(None, None)
    page = _options(ext, browser, backend.url, world.token)
    page.click("#test")
    page.wait_for_selector('#status[data-state="ok"]:not(:text("Testing"))')
    screenshot(page, "options-connected")
    assert "Connected as sam@example.net" in page.inner_text("#status")


def test_test_connection_explains_a_rejected_token(ext, backend, world, browser):
    page = _options(ext, browser, backend.url, "tom_not-a-real-token")
    page.click("#test")
    page.wait_for_selector('#status[data-state="bad"]')
    assert "rejected the token" in page.inner_text("#status")


def test_test_connection_explains_an_unreachable_server(ext, world, browser, closed_port):
    page = _options(ext, browser, f"http://127.0.0.1:{closed_port}", world.token)
    page.click("#test")
    page.wait_for_selector('#status[data-state="bad"]')
    assert f"Cannot reach your topofmind server at http://127.0.0.1:{closed_port}" in page.inner_text("#status")


def test_save_stores_the_settings_the_cards_then_use(ext, backend, world, browser):
    ext.configure(None, None)
    page = _options(ext, browser, backend.url + "/", world.token)
    page.uncheck("#site-outlook")
    page.click("#save")
    page.wait_for_selector('#status[data-state="ok"]')
    stored = ext.worker.evaluate("() => chrome.storage.local.get(null)")
    assert stored["serverUrl"] == backend.url + "/"
    assert stored["token"] == world.token
    assert stored["sites"] == {"linkedin": True, "gmail": True, "outlook": False}


def test_popup_lists_todays_and_overdue_follow_ups_and_the_badge_counts_them(configured, backend, world, browser):
    due = {}
    for which in ("overdue", "today"):
        status, body = backend.api(world.token, "GET", f"/actions?due={which}")
        assert status == 200
        due.update({a["id"]: a for a in body["actions"] if a["urgency"] in ("overdue", "today")})
    assert due, "the seeded world should owe at least one follow-up"
    status, me = backend.api(world.token, "GET", "/me")
    assert status == 200

    page = browser.new_page()
    page.goto(configured.url("popup/popup.html"))
    page.wait_for_selector('[data-role="action"]')
    screenshot(page, "popup")
    shown = page.eval_on_selector_all('[data-role="action"]', "els => els.map(e => e.dataset.actionId)")
    assert sorted(shown) == sorted(due)
    # Most urgent first: every overdue item comes before every item due today.
    urgencies = [due[i]["urgency"] for i in shown]
    assert urgencies == sorted(urgencies, key=lambda u: u != "overdue")
    first = due[shown[0]]
    assert first["title"] in page.inner_text(f'[data-action-id="{shown[0]}"]')

    assert configured.badge_text() == str(me["due_count"])
    assert me["due_count"] > 0


def test_popup_done_removes_the_item_and_lowers_the_badge(configured, backend, world, browser):
    page = browser.new_page()
    page.goto(configured.url("popup/popup.html"))
    page.wait_for_selector('[data-role="action"]')
    before = page.locator('[data-role="action"]').count()
    action_id = page.locator('[data-role="action"]').first.get_attribute("data-action-id")
    page.locator('[data-role="action"]').first.locator('[data-role="done"]').click()
    page.wait_for_function("([id, n]) => !document.querySelector(`[data-action-id='${id}']`)", arg=[action_id, before])
    status, me = backend.api(world.token, "GET", "/me")
    assert status == 200
    assert configured.badge_text() == (str(me["due_count"]) if me["due_count"] else "")
    assert page.locator('[data-role="action"]').count() == before - 1


def test_popup_without_settings_says_how_to_set_up(ext, browser):
    ext.configure(None, None)
    page = browser.new_page()
    page.goto(ext.url("popup/popup.html"))
    page.wait_for_selector('[data-role="message"]')
    assert "enter your server URL and token" in page.inner_text('[data-role="message"]')
    assert ext.badge_text() == "!"


def test_popup_item_opens_where_the_follow_up_happens(configured, backend, world, browser):
    status, body = backend.api(world.token, "GET", "/actions?due=all")
    linked = [a for a in body["actions"] if a["urgency"] in ("overdue", "today")
              and a.get("link") and a["link"]["type"] != "none"]
    assert linked, "a due action in the seeded world links to its thread, profile or a mailto"
    action = linked[0]
    page = browser.new_page()
    page.goto(configured.url("popup/popup.html"))
    link = page.locator(f'[data-action-id="{action["id"]}"] [data-role="open"]')
    assert link.get_attribute("href") == action["link"]["url"]
    if action["link"]["url"].startswith("https://"):
        with browser.expect_page():
            link.click()
        # Ask the browser which tabs it opened: a target=_blank tab's first request can
        # escape Playwright's routing (the tab then shows an error page), but the tab's
        # URL is what the user clicked through to either way.
        opened = configured.worker.evaluate(
            """async (want) => {
                for (let i = 0; i < 50; i++) {
                    const tabs = await chrome.tabs.query({});
                    if (tabs.some((t) => (t.pendingUrl || t.url) === want)) return want;
                    await new Promise((r) => setTimeout(r, 100));
                }
                return (await chrome.tabs.query({})).map((t) => t.pendingUrl || t.url);
            }""", action["link"]["url"])
        assert opened == action["link"]["url"]
