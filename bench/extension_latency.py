"""How fast the extension's card appears, and what it costs on a page with nothing to show.

Runs the real backend (SQLite, loopback) and Debian's chromium with the unpacked extension,
on the fixture pages of tests/extension, and prints a table:

- SPA: a profile → profile pushState (LinkedIn's router in the fixture) to the card showing
  the new person, measured in the page (performance.now() before the click, a
  MutationObserver on the card's data-key/data-state);
- full load: page.goto(profile) from navigation start (performance.timeOrigin) to the card;
- idle cost: on the LinkedIn feed (nothing to show), script time per load and over 3 s idle
  (CDP Performance.getMetrics ScriptDuration) with the extension minus without it, and the
  number of elements the extension added (should be 0).

Usage: .venv/bin/python bench/extension_latency.py [--runs 50]
"""

from __future__ import annotations

import argparse
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
    MAIL_HOSTS,
    _refuse_the_internet,
    _serve_host_pages,
)
from tests.extension.world import NOW, seed  # noqa: E402
from topofmind.store.database import make_engine, session_factory, upgrade  # noqa: E402
from topofmind.store.models import User  # noqa: E402

# Records when the card first shows a settled lookup for the current key (main world).
CARD_WATCH = """
window.__cardShown = {};
new MutationObserver(() => {
  const h = document.getElementById("topofmind-card-host");
  if (h && h.dataset.key && h.dataset.state && h.dataset.state !== "loading" && !(h.dataset.key in window.__cardShown)) {
    window.__cardShown[h.dataset.key] = performance.now();
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-key", "data-state"] });
"""

SPA_STEP = """async (slug) => {
  delete window.__cardShown[slug];
  const t0 = performance.now();
  document.querySelector(`a[data-slug="${slug}"]`).click();
  while (!(slug in window.__cardShown)) await new Promise(r => setTimeout(r, 0));
  return window.__cardShown[slug] - t0;
}"""


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="navigations per measurement (default 50)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmpdir, sync_playwright() as pw:
        tmp = Path(tmpdir)
        server, url, token = start_backend(tmp)
        ctx = launch(pw, tmp / "profile-ext", with_extension=True)
        worker = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker")
        worker.evaluate("s => chrome.storage.local.set(s)", {"serverUrl": url, "token": token})
        ctx.add_init_script(CARD_WATCH)

        page = ctx.new_page()
        page.goto("https://www.linkedin.com/in/dana-lee-contoso/")
        page.wait_for_function("() => 'dana-lee-contoso' in window.__cardShown", timeout=15000)
        spa = []
        for i in range(args.runs):
            slug = "alex-kim" if i % 2 == 0 else "dana-lee-contoso"
            spa.append(page.evaluate(SPA_STEP, slug))
            print(f"\rSPA navigations: {i + 1}/{args.runs}", end="", file=sys.stderr)
        print(file=sys.stderr)

        loads = []
        for i in range(args.runs):
            slug = "alex-kim" if i % 2 == 0 else "dana-lee-contoso"
            page.goto(f"https://www.linkedin.com/in/{slug}/")
            page.wait_for_function(f"() => '{slug}' in window.__cardShown", timeout=15000)
            loads.append(page.evaluate(f"() => window.__cardShown['{slug}']"))
            print(f"\rfull loads: {i + 1}/{args.runs}", end="", file=sys.stderr)
        print(file=sys.stderr)
        page.close()

        with_ext = feed_cost(ctx, 10)
        ctx.close()
        bare = launch(pw, tmp / "profile-bare", with_extension=False)
        without = feed_cost(bare, 10)
        bare.close()
        server.shutdown()

    print(f"\n{'measure':<52}{'median ms':>12}{'p95 ms':>10}")
    print(f"{'pushState profile -> card shown (' + str(args.runs) + ' runs)':<52}"
          f"{statistics.median(spa):>12.1f}{percentile(spa, 95):>10.1f}")
    print(f"{'page load (timeOrigin) -> card shown (' + str(args.runs) + ' runs)':<52}"
          f"{statistics.median(loads):>12.1f}{percentile(loads, 95):>10.1f}")
    print("\nLinkedIn feed (nothing to show), with extension vs without:")
    print(f"  script time per load     {with_ext[0]:7.2f} ms vs {without[0]:7.2f} ms"
          f"  (extension: {with_ext[0] - without[0]:+.2f} ms)")
    print(f"  script time over 3 s idle {with_ext[1]:6.2f} ms vs {without[1]:7.2f} ms")
    print(f"  elements in the page     {with_ext[2]:7d}    vs {without[2]:7d}     card added: {with_ext[3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
