"""The extension on job postings (issue 24), in real Chromium: each site's fixture page read
(JSON-LD first, the registry where there is none), Track creates the opportunity and the card
switches to its status, a saved posting is marked applied, LinkedIn's side panel followed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from topofmind.store import models

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "postings"
EXTENSION = Path(__file__).resolve().parents[2] / "extension"
HOST = "#topofmind-posting-host"

# fixture -> the real address it is served at
PAGES = {
    "linkedin_jobs_view.html": "https://www.linkedin.com/jobs/view/3912345678/",
    "linkedin_jobs_panel.html": "https://www.linkedin.com/jobs/search/?currentJobId=3911111111&keywords=engineer",
    "indeed_viewjob.html": "https://www.indeed.com/viewjob?jk=9f2c1a7b3d4e5f60&from=serp",
    "greenhouse_job.html": "https://boards.greenhouse.io/northwindanalytics/jobs/4012345?gh_src=abc",
    "lever_posting.html": "https://jobs.lever.co/proseware/0b1c2d3e-1111-2222-3333-444455556666",
    "ashby_posting.html": "https://jobs.ashbyhq.com/fourthcoffee/5a6b7c8d-1111-2222-3333-444455556666",
    "workday_job.html": "https://contoso.wd5.myworkdayjobs.com/en-US/careers/job/Basel/Data-Engineer_JR-10234",
    "smartrecruiters_job.html": "https://jobs.smartrecruiters.com/AdventureWorks/743999912345678-data-ml-engineer",
    "workable_job.html": "https://apply.workable.com/cohowinery/j/A1B2C3D4E5/",
}
BY_URL = {urlsplit(url)._replace(query="").geturl(): name for name, url in PAGES.items()}

# What the card reads on each page: title, company, job id, location, where it came from.
EXPECTED = {
    "linkedin_jobs_view.html": ("Platform Engineer", "Wingtip Toys", "3912345678", "Lisbon, Portugal", "page"),
    "linkedin_jobs_panel.html": ("Data Engineer", "Litware", "3911111111", "Berlin, Germany", "page"),
    "indeed_viewjob.html": ("Support Analyst", "Tailspin Toys", "", "Austin, TX 78701", "page"),
    "greenhouse_job.html": ("Senior Data Engineer", "Northwind Analytics", "4012345", "Chicago, IL, US", "json-ld"),
    "lever_posting.html": ("Backend Engineer", "Proseware", "", "Toronto", "json-ld"),
    "ashby_posting.html": ("Product Designer", "Fourth Coffee", "", "Remote", "json-ld"),
    "workday_job.html": ("Data Engineer", "Contoso Pharmaceuticals", "JR-10234", "Basel, Switzerland · Remote, CH",
                         "json-ld"),
    "smartrecruiters_job.html": ("Data & ML Engineer", "Adventure Works & Co", "743999912345678", "Lyon, FR",
                                 "json-ld"),
    "workable_job.html": ("Site Reliability Engineer", "Coho Winery", "A1B2C3D4E5", "Remote · Porto, PT", "json-ld"),
}


def _serve_postings(route, request):
    url = urlsplit(request.url)
    name = BY_URL.get(url._replace(query="").geturl())
    if name is None and url.hostname == "www.linkedin.com" and url.path.startswith("/jobs/search/"):
        name = "linkedin_jobs_panel.html"
    if name is None:
        return route.fallback()
    return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=(FIXTURES / name).read_text())


@pytest.fixture
def postings(browser):
    hosts = sorted({urlsplit(url).hostname for url in PAGES.values()})
    for host in hosts:
        browser.route(f"https://{host}/**", _serve_postings)
    yield browser
    for host in hosts:
        browser.unroute(f"https://{host}/**", _serve_postings)


def _open(context, name: str, state: str = "new"):
    page = context.new_page()
    page.goto(PAGES[name])
    page.wait_for_selector(f'{HOST}[data-state="{state}"]', state="attached", timeout=10000)
    return page


def _read(page) -> tuple:
    host = page.locator(HOST)
    return tuple(host.get_attribute(f"data-{k}") for k in ("title", "company", "job-id", "location", "source"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sites_posting_is_read_json_ld_first_then_the_registry(postings, configured, name):
    page = _open(postings, name)
    assert _read(page) == EXPECTED[name]
    card = page.locator(f"{HOST} .card")
    assert card.get_by_role("button", name="Track this application").is_visible()
    assert EXPECTED[name][0] in card.inner_text()


def test_json_ld_is_found_on_any_page_and_nothing_on_a_page_without_a_posting(postings):
    """The reader alone, in the page's own world: a careers site on no known ATS (full IRI
    type, numeric identifier), then an article with a broken JSON-LD block."""
    page = postings.new_page()
    answers = {}
    for name, url in (("careers_generic.html", "https://careers.litware.example/jobs/88412"),
                      ("no_posting.html", "https://blog.example.org/follow-up")):
        page.route(url, lambda route, request, name=name: route.fulfill(
            status=200, content_type="text/html", body=(FIXTURES / name).read_text()))
        page.goto(url)
        page.add_script_tag(content=(EXTENSION / "content" / "selectors.js").read_text())
        page.add_script_tag(content=(EXTENSION / "content" / "jobs" / "posting.js").read_text())
        answers[name] = page.evaluate("() => TOM.readJsonLd()")
    assert answers["careers_generic.html"]["title"] == "QA Lead"
    assert answers["careers_generic.html"]["company"] == "Litware"
    assert answers["careers_generic.html"]["jobId"] == "88412"
    assert answers["no_posting.html"] is None


def test_tracking_a_greenhouse_posting_creates_the_opportunity_and_the_card_shows_its_status(
        postings, configured, backend, world):
    page = _open(postings, "greenhouse_job.html")
    card = page.locator(f"{HOST} .card")
    card.locator('textarea[name="note"]').fill("Applied through their board")
    card.locator('input[name="contact"]').fill("jamie@northwind.example")
    card.get_by_role("button", name="Track this application").click()
    page.wait_for_selector(f'{HOST}[data-state="tracked"]', state="attached", timeout=10000)
    status = card.locator('[data-role="status"]').inner_text()
    assert status == "applied today · follow up tomorrow"
    with backend.Session() as session:
        opp = session.scalars(select(models.Opportunity).where(models.Opportunity.job_id == "4012345")).one()
        assert (opp.role, opp.company.name, opp.stage, opp.posting_site) == (
            "Senior Data Engineer", "Northwind Analytics", "applied", "greenhouse")
        assert opp.url == "https://boards.greenhouse.io/northwindanalytics/jobs/4012345"
        assert opp.notes == "Applied through their board"
        contacts = session.scalars(select(models.OpportunityContact).where(
            models.OpportunityContact.opportunity_id == opp.id)).all()
        assert [c.role for c in contacts] == ["recruiter"]
    # Coming back to the posting later: the card knows it.
    again = _open(postings, "greenhouse_job.html", state="tracked")
    assert again.locator(f'{HOST} [data-role="status"]').inner_text() == status


def test_a_saved_posting_has_no_clock_until_it_is_marked_applied(postings, configured):
    page = _open(postings, "workday_job.html")
    card = page.locator(f"{HOST} .card")
    card.get_by_role("button", name="Save for later").click()
    page.wait_for_selector(f'{HOST}[data-state="saved"]', state="attached", timeout=10000)
    assert card.locator('[data-role="status"]').inner_text() == (
        "saved, not applied yet · mark it applied to start the follow-up clock")
    card.get_by_role("button", name="I applied today").click()
    page.wait_for_selector(f'{HOST}[data-state="tracked"]', state="attached", timeout=10000)
    assert card.locator('[data-role="status"]').inner_text() == (
        "applied today · find a contact and follow up tomorrow")


def test_linkedins_side_panel_is_followed_to_the_next_job(postings, configured):
    page = _open(postings, "linkedin_jobs_panel.html")
    assert page.locator(HOST).get_attribute("data-company") == "Litware"
    page.click('a[data-job="2"]')
    page.wait_for_selector(f'{HOST}[data-company="Proseware"]', state="attached", timeout=10000)
    assert _read(page) == ("Analytics Engineer", "Proseware", "3922222222", "Remote", "page")


def test_a_posting_read_from_the_page_is_shown_as_text_never_as_html(postings, configured):
    page = _open(postings, "smartrecruiters_job.html")
    card = page.locator(f"{HOST} .card")
    assert card.locator(".role").inner_text() == "Data & ML Engineer"
    assert card.locator("script").count() == 0


@pytest.fixture
def careers_site():
    """A company's own careers site on loopback (the extension may open 127.0.0.1 pages)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            name = "careers_generic.html" if self.path.startswith("/careers/") else "no_posting.html"
            body = (FIXTURES / name).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


TRACK_TAB = """async (url) => {
  const [tab] = await chrome.tabs.query({ url });
  return handlers.trackThisTab({ tabId: tab.id });
}"""


def test_the_popups_track_this_page_reads_a_posting_on_any_site(configured, browser, careers_site, backend):
    page = browser.new_page()
    page.goto(careers_site + "/careers/qa-lead")
    assert page.locator(HOST).count() == 0  # nothing runs on an unknown site until asked
    answer = configured.worker.evaluate(TRACK_TAB, careers_site + "/careers/qa-lead")
    assert answer == {"state": "ok", "data": {"found": True}}
    page.wait_for_selector(f'{HOST}[data-state="new"]', state="attached", timeout=10000)
    assert _read(page) == ("QA Lead", "Litware", "88412", "", "json-ld")
    page.locator(f"{HOST} .card").get_by_role("button", name="Track this application").click()
    page.wait_for_selector(f'{HOST}[data-state="tracked"]', state="attached", timeout=10000)
    with backend.Session() as session:
        opp = session.scalars(select(models.Opportunity).where(models.Opportunity.job_id == "88412")).one()
        assert (opp.role, opp.posting_site) == ("QA Lead", None)
    other = browser.new_page()
    other.goto(careers_site + "/blog/follow-up")
    assert configured.worker.evaluate(TRACK_TAB, careers_site + "/blog/follow-up") == {
        "state": "ok", "data": {"found": False}}
    assert other.locator(HOST).count() == 0
