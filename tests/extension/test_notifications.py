"""Desktop notifications: one per follow-up as it falls due, driven through the extension's
own alarm handler with the alarm's time as the clock; a button opens the thread; the
options switch turns them off; the badge equals the Today page's count."""

from __future__ import annotations

from datetime import timedelta

from tests.extension.world import NOW

ALARM = "due-notifications"


def _fire(ext, moment) -> dict:
    return ext.worker.evaluate("t => handleAlarm({name: 'due-notifications', scheduledTime: t})",
                               moment.timestamp() * 1000)


def _shown(ext) -> set[str]:
    return set(ext.worker.evaluate("() => chrome.notifications.getAll().then(n => Object.keys(n))"))


def _clear(ext) -> None:
    ext.worker.evaluate("() => chrome.notifications.getAll().then(n => Promise.all("
                        "Object.keys(n).map(id => chrome.notifications.clear(id))))")


def test_a_notification_appears_once_per_action_as_it_falls_due(configured, backend, world):
    _clear(configured)
    status, body = backend.api(world.token, "GET", "/actions?due=all")
    assert status == 200
    from datetime import datetime

    dues = {a["id"]: datetime.fromisoformat(a["due"]) for a in body["actions"]}
    due_now = {k for k, d in dues.items() if d <= NOW}
    later = NOW.replace(hour=23, minute=59)
    due_later = {k for k, d in dues.items() if NOW < d <= later}
    assert due_now and due_later, "the seeded world should have actions due before and after NOW"
    assert len(due_now) <= 5 and len(due_later) <= 5

    first = _fire(configured, NOW)
    assert first["state"] == "ok" and set(first["shown"]) == due_now
    assert _shown(configured) == {f"tom-action:{k}" for k in due_now}
    assert _fire(configured, NOW + timedelta(minutes=5))["shown"] == []  # never twice
    second = _fire(configured, later)
    assert set(second["shown"]) == due_later
    assert configured.worker.evaluate("() => chrome.alarms.get('due-notifications').then(a => !!a)")


def test_the_button_opens_the_thread_and_a_click_opens_the_action_on_today(configured, backend, world, browser):
    _clear(configured)
    configured.worker.evaluate("() => chrome.storage.local.remove('notified')")
    result = _fire(configured, NOW.replace(hour=23, minute=59))
    status, body = backend.api(world.token, "GET", "/actions?due=all")
    links = {a["id"]: a["link"] for a in body["actions"]}
    with_thread = next(k for k in result["shown"] if links[k]["type"] in ("thread", "profile"))
    url = links[with_thread]["url"]
    # A request carries no #fragment (Gmail's thread is in it): compare what goes on the wire.
    with browser.expect_event("request", predicate=lambda r: r.url == url.split("#")[0], timeout=10000):
        opened = configured.worker.evaluate("id => openFromNotification(id, true)", f"tom-action:{with_thread}")
    assert opened == url
    other = next(k for k in result["shown"] if k != with_thread)
    today = configured.worker.evaluate("id => openFromNotification(id, false)", f"tom-action:{other}")
    assert today == f"{backend.url}/#action-{other}"
    assert f"tom-action:{with_thread}" not in _shown(configured)


def test_the_options_switch_turns_notifications_off_and_the_badge_counts_today(configured, backend, world, browser):
    _clear(configured)
    configured.worker.evaluate("() => chrome.storage.local.remove('notified')")
    page = browser.new_page()
    page.goto(configured.url("options/options.html"))
    page.wait_for_selector("#notifyDesktop:checked")
    page.uncheck("#notifyDesktop")
    page.wait_for_selector('#status[data-state="ok"]')
    assert _fire(configured, NOW)["state"] == "disabled" and _shown(configured) == set()
    page.check("#notifyDesktop")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('on')")
    assert _fire(configured, NOW)["shown"]
    status, me = backend.api(world.token, "GET", "/me")
    counts = [len(backend.api(world.token, "GET", f"/actions?due={w}")[1]["actions"]) for w in ("overdue", "today")]
    assert configured.badge_text(refresh=False) == str(sum(counts)) == str(me["due_count"])
