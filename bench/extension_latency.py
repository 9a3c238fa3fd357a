"""How fast the extension's card appears, and what it costs on a page with nothing to show.

Runs the real backend (SQLite, loopback) and Debian's chromium with the unpacked extension,
on the fixture pages of tests/extension, in each LinkedIn profile layout (``old``: the
h1/"Current company" top card; ``2026``: the h2 top card with plain <p>s, whose router
redraws the card 40 ms after pushState, as LinkedIn's does once its data arrives), and prints:

- SPA: a profile → profile pushState (the fixture's router) to the card, measured in the
  page (performance.now() before the click, a MutationObserver on the card's data-key and
  data-state): "shown" is the first card for the new profile that is not the loading one
  (a card saying it is still reading the name counts), "named" the first that shows the
  person's name (a linked person, or an unknown one with the name read); known people
  (alternating two linked profiles) and an unknown one;
- full load: page.goto(profile) to the card, from navigation start (performance.timeOrigin)
  and from the page's DOMContentLoaded (what the extension adds to a load);
- unreadable: the ``changed`` layout (no source gives the name), page load to the card
  that says so and offers the manual link;
- idle cost: on the LinkedIn feed (nothing to show), script time per load and over 3 s idle
  (CDP Performance.getMetrics ScriptDuration) with the extension minus without it, and the
  number of elements the extension added (should be 0).

Usage: .venv/bin/python bench/extension_latency.py [--runs 50] [--layouts old,2026]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from server.app import create_app  # noqa: E402
from server.auth import create_token  # noqa: E402
from sync.config import Config  # noqa: E402
from tests.extension.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    EXTENSION_DIR,
    LAYOUTS,
    MAIL_HOSTS,
    SERVED,
    _refuse_the_internet,
    _serve_host_pages,
)
from tests.extension.world import NOW, seed  # noqa: E402
from topofmind.store.database import make_engine, session_factory, upgrade  # noqa: E402
from topofmind.store.models import User  # noqa: E402

# Records when the card first shows something for a key (__cardShown: any state but loading)
# and when it first shows the person's name (__cardNamed), in the page's main world.
CARD_WATCH = """
window.__cardShown = {};
window.__cardNamed = {};
const NAMED = ["due", "nothing_due", "unknown", "same_person"];
new MutationObserver(() => {
  const h = document.getElementById("topofmind-card-host");
  if (!h || !h.dataset.key || !h.dataset.state || h.dataset.state === "loading") return;
  const t = performance.now();
  if (!(h.dataset.key in window.__cardShown)) window.__cardShown[h.dataset.key] = t;
  if (NAMED.includes(h.dataset.state) && !(h.dataset.key in window.__cardNamed)) window.__cardNamed[h.dataset.key] = t;
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-key", "data-state"] });
"""

SPA_STEP = """async (slug) => {
  delete window.__cardShown[slug];
  delete window.__cardNamed[slug];
  const t0 = performance.now();
  document.querySelector(`a[data-slug="${slug}"]`).click();
  while (!(slug in window.__cardNamed)) await new Promise(r => setTimeout(r, 0));
  return [window.__cardShown[slug] - t0, window.__cardNamed[slug] - t0];
}"""

KNOWN = ("alex-kim", "dana-lee-contoso")
UNKNOWN = "morgan-blake"


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # one line per request would bury the table
        pass


def start_backend(tmp: Path):
    db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = session_factory(engine)
    with sessions() as s:
        world = seed(s)
        token = create_token(s, s.get(User, world.user_id), "bench", NOW)
        s.commit()
    app = create_app(Config(data_dir=tmp, database_url=db_url), session_factory=sessions, now=lambda: NOW)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", token


def launch(pw, profile: Path, with_extension: bool):
    args = list(CHROMIUM_ARGS)
    if with_extension:
        args += [f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}"]
    ctx = pw.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                viewport={"width": 1280, "height": 800}, args=args)
    ctx.route("**/*", _refuse_the_internet)
    for host in ("www.linkedin.com", "mail.google.com", *MAIL_HOSTS):
        ctx.route(f"https://{host}/**", _serve_host_pages)
    return ctx


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def feed_cost(ctx, loads: int) -> tuple[float, float, int, bool]:
    """Mean script ms per feed load, script ms over 3 s idle, element count, card present."""
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Performance.enable")

    def script_ms():
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["ScriptDuration"] * 1000

    per_load = []
    for _ in range(loads):
        before = script_ms()
        page.goto("https://www.linkedin.com/feed/")
        page.wait_for_timeout(300)  # document_idle content scripts have run by now
        per_load.append(script_ms() - before)
    before = script_ms()
    page.wait_for_timeout(3000)
    idle = script_ms() - before
    elements = page.evaluate("() => document.querySelectorAll('*').length")
    has_card = page.evaluate("() => !!document.getElementById('topofmind-card-host')")
    page.close()
    return statistics.mean(per_load), idle, elements, has_card


def spa(page, runs: int, slugs) -> tuple[list[float], list[float]]:
    """``runs`` pushState navigations cycling through ``slugs``, each back from a known profile."""
    shown, named = [], []
    for i in range(runs):
        slug = slugs[i % len(slugs)]
        if slug == UNKNOWN:  # from a known profile to the unknown one, every time
            page.evaluate(SPA_STEP, KNOWN[0])
        first, full = page.evaluate(SPA_STEP, slug)
        shown.append(first)
        named.append(full)
        print(f"\r  SPA {slugs[0] if len(slugs) == 1 else 'known'}: {i + 1}/{runs}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return shown, named


def loads(page, runs: int, slugs, wait_for: str = "__cardNamed") -> tuple[list[float], list[float]]:
    """Page loads: (navigation start → card, the page's DOMContentLoaded → card): the second
    leaves out serving the page (here Playwright's route handler, in Python)."""
    from_start, from_ready = [], []
    for i in range(runs):
        slug = slugs[i % len(slugs)]
        page.goto(f"https://www.linkedin.com/in/{slug}/")
        page.wait_for_function(f"() => '{slug}' in window.{wait_for}", timeout=15000)
        at, ready = page.evaluate(f"""() => [window.{wait_for}['{slug}'],
            performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]""")
        from_start.append(at)
        from_ready.append(at - ready)
        print(f"\r  full loads: {i + 1}/{runs}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return from_start, from_ready


def row(label: str, values: list[float]) -> str:
    return f"{label:<60}{statistics.median(values):>10.1f}{percentile(values, 95):>10.1f}{len(values):>6}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="navigations per measurement (default 50)")
    parser.add_argument("--layouts", default="old,2026", help="LinkedIn layouts to measure (default old,2026)")
    args = parser.parse_args()
    layouts = [x.strip() for x in args.layouts.split(",") if x.strip()]
    for layout in layouts:
        if layout not in LAYOUTS["linkedin"]:
            parser.error(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS['linkedin'])}")
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmpdir, sync_playwright() as pw:
        tmp = Path(tmpdir)
        server, url, token = start_backend(tmp)
        ctx = launch(pw, tmp / "profile-ext", with_extension=True)
        worker = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker")
        worker.evaluate("s => chrome.storage.local.set(s)", {"serverUrl": url, "token": token})
        ctx.add_init_script(CARD_WATCH)

        for layout in layouts:
            print(f"layout {layout}:", file=sys.stderr)
            SERVED["linkedin"] = layout
            page = ctx.new_page()
            page.goto(f"https://www.linkedin.com/in/{KNOWN[1]}/")
            page.wait_for_function(f"() => '{KNOWN[1]}' in window.__cardNamed", timeout=15000)
            shown, named = spa(page, args.runs, KNOWN)
            rows.append(row(f"[{layout}] pushState, linked profile -> card shown", shown))
            rows.append(row(f"[{layout}] pushState, linked profile -> card with the name", named))
            shown, named = spa(page, max(10, args.runs // 2), (UNKNOWN,))
            rows.append(row(f"[{layout}] pushState, unknown profile -> card shown", shown))
            rows.append(row(f"[{layout}] pushState, unknown profile -> card with the name", named))
            from_start, from_ready = loads(page, args.runs, KNOWN)
            rows.append(row(f"[{layout}] page load (timeOrigin) -> card with the name", from_start))
            rows.append(row(f"[{layout}] page load (DOMContentLoaded) -> card with the name", from_ready))
            page.close()

        print("layout changed (no name source):", file=sys.stderr)
        SERVED["linkedin"] = "changed"
        page = ctx.new_page()
        from_start, from_ready = loads(page, max(10, args.runs // 2), (UNKNOWN,), wait_for="__cardShown")
        rows.append(row("[changed] page load (timeOrigin) -> 'could not read' card", from_start))
        rows.append(row("[changed] page load (DOMContentLoaded) -> 'could not read' card", from_ready))
        page.close()

        with_ext = feed_cost(ctx, 10)
        ctx.close()
        bare = launch(pw, tmp / "profile-bare", with_extension=False)
        without = feed_cost(bare, 10)
        bare.close()
        server.shutdown()

    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'measure':<60}{'median ms':>10}{'p95 ms':>10}{'runs':>6}")
    print("\n".join(rows))
    print("\nLinkedIn feed (nothing to show), with extension vs without:")
    print(f"  script time per load     {with_ext[0]:7.2f} ms vs {without[0]:7.2f} ms"
          f"  (extension: {with_ext[0] - without[0]:+.2f} ms)")
    print(f"  script time over 3 s idle {with_ext[1]:6.2f} ms vs {without[1]:7.2f} ms")
    print(f"  elements in the page     {with_ext[2]:7d}    vs {without[2]:7d}     card added: {with_ext[3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
