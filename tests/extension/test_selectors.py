"""The selector registry (extension/content/selectors.js) against every fixture of its site.

Each source must read the right value on every fixture it names, and each field's whole
list must read the right value on every layout of its site (the newest first in the list
must not pick up something else on an older page, and the reverse). The layout no source
knows (``changed``) must yield no name at all, so that the card says so.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.extension.conftest import EXTENSION_DIR, LAYOUTS
from tests.extension.world import GMAIL_THREAD_ID, OUTLOOK_CONVERSATION_ID, PROFILES

PROFILE_SLUG = "dana-lee-contoso"
URLS = {
    "linkedin": f"https://www.linkedin.com/in/{PROFILE_SLUG}/",
    "gmail": "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvContoso",
    "outlook": f"https://outlook.office.com/mail/inbox/id/{quote(OUTLOOK_CONVERSATION_ID, safe='')}",
}
# Fields that exist only after a click (the site's own button, found through the registry).
OPENED_BY = {"messageBox": "#message-button", "replyBox": "replyButton"}

# Per source: whether it finds its element (or value) on this page, and what it reads.
SOURCES = """([site, key, path]) => TOM.selectors[site][key].map((s) => {
  const value = TOM.readSource(s, path);
  const found = s.css ? !!document.querySelector(s.css) && (!(s.attr || s.pattern) || !!value) : !!value;
  return { fixtures: s.fixtures || [], found, value };
})"""
LIST = "([site, key, path]) => TOM.read(TOM.selectors[site][key], path).value"


def _open(browser, site: str, fixture: str):
    page = browser.new_page()
    page.goto(URLS[site])
    page.wait_for_load_state("load")
    # The registry in the page's own world, as the content scripts have it in theirs.
    page.add_script_tag(path=str(EXTENSION_DIR / "content" / "selectors.js"))
    return page


def _open_field(page, site: str, key: str) -> None:
    opener = OPENED_BY.get(key)
    if opener == "replyButton":
        page.evaluate(f"() => TOM.findVisible(TOM.selectors['{site}'].replyButton).click()")
    elif opener:
        page.click(opener)


def _cases():
    for site, layouts in LAYOUTS.items():
        for layout, fixture in layouts.items():
            yield pytest.param(site, layout, fixture, id=f"{site}-{layout}")


@pytest.mark.parametrize("site,layout,fixture", list(_cases()))
def test_every_source_reads_the_fixtures_it_names(ext, browser, use_layout, site, layout, fixture):
    use_layout(site, layout)
    page = _open(browser, site, fixture)
    path = f"/in/{PROFILE_SLUG}" if site == "linkedin" else ""
    expected = PROFILES[PROFILE_SLUG]
    for key in page.evaluate(f"() => Object.keys(TOM.selectors['{site}'])"):
        if not any(fixture in s["fixtures"] for s in page.evaluate(SOURCES, [site, key, path])):
            continue
        _open_field(page, site, key)
        for i, source in enumerate(page.evaluate(SOURCES, [site, key, path])):
            if fixture not in source["fixtures"]:
                continue
            assert source["found"], f"{site}.{key}[{i}] names {fixture} but finds nothing there"
            if site == "linkedin" and key in ("name", "company"):
                assert source["value"] == expected[key], f"{site}.{key}[{i}] on {fixture}"
            if site == "linkedin" and key == "headline":
                assert source["value"] and source["value"] in expected["headline"], f"{site}.{key}[{i}] on {fixture}"
    page.close()


@pytest.mark.parametrize("layout", list(LAYOUTS["linkedin"]))
def test_each_linkedin_field_list_reads_the_right_value_on_every_layout(ext, browser, use_layout, layout):
    use_layout("linkedin", layout)
    page = _open(browser, "linkedin", LAYOUTS["linkedin"][layout])
    path = f"/in/{PROFILE_SLUG}"
    read = {key: page.evaluate(LIST, ["linkedin", key, path]) for key in ("name", "headline", "company")}
    expected = PROFILES[PROFILE_SLUG]
    if layout == "changed":
        assert read["name"] == "", "the unknown layout must yield no name (the card then says so)"
    else:
        assert read["name"] == expected["name"]
        assert read["company"] == expected["company"]
        assert read["headline"] and read["headline"] in expected["headline"]
    # The head of another profile (an SPA navigation away from the first page) is not read.
    stale = page.evaluate(LIST, ["linkedin", "company", "/in/someone-else"])
    assert stale in ("", expected["company"]) and page.evaluate(
        "() => TOM.readSource(TOM.selectors.linkedin.name[1], '/in/someone-else')") == ""
    page.close()


@pytest.mark.parametrize("site", ["gmail", "outlook"])
@pytest.mark.parametrize("layout", ["2026", "old"])
def test_each_mail_field_list_finds_its_element_on_every_layout(ext, browser, use_layout, site, layout):
    use_layout(site, layout)
    page = _open(browser, site, LAYOUTS[site][layout])
    if site == "gmail":
        heading = page.evaluate("() => TOM.findVisible(TOM.selectors.gmail.threadHeading)"
                                ".getAttribute('data-legacy-thread-id')")
        assert heading == GMAIL_THREAD_ID
    assert page.evaluate(f"() => !!TOM.findVisible(TOM.selectors['{site}'].replyButton)")
    assert not page.evaluate(f"() => !!TOM.findVisible(TOM.selectors['{site}'].replyBox)")
    _open_field(page, site, "replyBox")
    assert page.evaluate(f"() => !!TOM.findVisible(TOM.selectors['{site}'].replyBox)")
    page.close()


def test_every_source_names_a_fixture_that_exists(ext, browser, use_layout):
    page = _open(browser, "linkedin", LAYOUTS["linkedin"]["old"])
    named = page.evaluate("""() => Object.entries(TOM.selectors).flatMap(([site, fields]) =>
        Object.entries(fields).flatMap(([key, list]) => list.map((s, i) => [site, key, i, s.fixtures || []])))""")
    page.close()
    known = {f for layouts in LAYOUTS.values() for f in layouts.values()}
    known |= {f"postings/{p.name}" for p in (Path(__file__).parent / "fixtures" / "postings").glob("*.html")}
    for site, key, i, fixtures in named:
        assert fixtures, f"{site}.{key}[{i}] names no fixture"
        assert set(fixtures) <= known, f"{site}.{key}[{i}] names a fixture that does not exist: {fixtures}"


POSTINGS = Path(__file__).parent / "fixtures" / "postings"


def test_every_job_posting_source_finds_its_value_on_the_fixtures_it_names(browser):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(EXTENSION_DIR / "content" / "selectors.js"))
    named = page.evaluate("""() => Object.entries(TOM.selectors).filter(([site]) => site.startsWith("jobs_"))
        .flatMap(([site, fields]) => Object.entries(fields).flatMap(([key, list]) =>
            list.map((s, i) => [site, key, i, s.fixtures || []])))""")
    assert named, "no job posting sources in the registry"
    pages: dict[str, list] = {}
    for site, key, i, fixtures in named:
        for fixture in fixtures:
            pages.setdefault(fixture, []).append((site, key, i))
    for fixture, sources in pages.items():
        page.set_content((POSTINGS.parent / fixture).read_text())
        page.add_script_tag(path=str(EXTENSION_DIR / "content" / "selectors.js"))
        for site, key, i in sources:  # waited for: some pages render by script (Ashby)
            try:
                page.wait_for_function("([site, key, i]) => !!TOM.readSource(TOM.selectors[site][key][i])",
                                       arg=[site, key, i], timeout=5_000)
            except PlaywrightTimeout:
                pytest.fail(f"{site}.{key}[{i}] names {fixture} but reads nothing there")
    page.close()
