"""Every page at a desktop (1280×800) and a phone (390×844) size: no text sticks out or is
clipped, every button's label contrasts at least 4.5:1 with its background (measured in
the page), and the pipeline board's drag moves a card and its Undo puts it back.

All of it under a strict Content-Security-Policy (no inline script or style; see conftest).
Set TOPOFMIND_SCREENSHOT_DIR to keep the screenshots (docs/screenshots holds the README's)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from topofmind.store import models

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MEASURE = (Path(__file__).parent / "measure.js").read_text()
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def _pages(site) -> dict[str, str]:
    with site.Session() as s:
        opp = s.scalar(select(models.Opportunity).where(models.Opportunity.stage == "interviewing").order_by(models.Opportunity.id))
        person = s.scalar(select(models.Person).join(models.Touch, models.Touch.person_id == models.Person.id).order_by(models.Person.id))
    return {"today": "/", "pipeline": "/pipeline", "people": "/people", "person": f"/people/{person.id}",
            "opportunity": f"/opportunities/{opp.id}", "insights": "/insights", "review": "/review",
            "accounts": "/accounts", "settings": "/settings"}


@pytest.mark.parametrize("size", SIZES)
def test_every_page_is_readable_at_this_size(site, page, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    keep = os.environ.get("TOPOFMIND_SCREENSHOT_DIR")
    problems, ratios = [], []
    for name, path in _pages(site).items():
        response = page.goto(site.url + path)
        assert response.status == 200, f"{path}: {response.status}"
        page.wait_for_load_state("networkidle")
        if keep:
            page.screenshot(path=str(Path(keep) / f"page-{name}-{size}.png"))
        if name == "today":  # the collapsed group is part of the page too
            page.locator("details.later > summary").click()
        found = page.evaluate(MEASURE)
        problems += [f"{path} ({size}): {p}" for p in found["overflow"]]
        ratios += [(path, b["label"], b["ratio"]) for b in found["contrast"]]
    assert not problems, "\n".join(problems)
    assert ratios, "no button was measured"
    low = [f"{path}: “{label}” {ratio}:1" for path, label, ratio in ratios if ratio < 4.5]
    assert not low, "button labels under 4.5:1:\n" + "\n".join(low)


def test_dragging_a_card_to_another_column_moves_it_and_undo_puts_it_back(site, page):
    with site.Session() as s:
        opp = s.scalar(select(models.Opportunity).where(models.Opportunity.stage == "applied").order_by(models.Opportunity.id))
        opp_id, changes_before = opp.id, len(opp.stage_history)
    page.goto(site.url + "/pipeline")
    card = page.locator(f'.card[data-opportunity="{opp_id}"]')
    with page.expect_navigation():
        card.drag_to(page.locator('.column[data-stage="screening"]'))
    assert page.locator(f'.column[data-stage="screening"] .card[data-opportunity="{opp_id}"]').count() == 1
    with site.Session() as s:
        moved = s.get(models.Opportunity, opp_id)
        assert moved.stage == "screening"
        assert [c.to_stage for c in moved.stage_history][changes_before:] == ["screening"]
        entry = s.scalar(select(models.AuditEntry).where(models.AuditEntry.kind == "opportunity.stage",
                                                    models.AuditEntry.entity_id == opp_id))
        assert entry.before["stage"] == "applied" and entry.undone_at is None

    undo = page.locator("form.undo")
    assert "from Applied to Screening" in undo.inner_text()
    with page.expect_navigation():
        undo.get_by_role("button", name="Undo").click()
    assert page.url.endswith("/pipeline")
    assert page.locator(f'.column[data-stage="applied"] .card[data-opportunity="{opp_id}"]').count() == 1
    with site.Session() as s:
        assert s.get(models.Opportunity, opp_id).stage == "applied"
        assert s.get(models.AuditEntry, entry.id).undone_at is not None


def test_the_insights_charts_draw_from_the_vendored_library_under_a_strict_csp(site, page):
    page.goto(site.url + "/insights")
    page.wait_for_load_state("networkidle")
    assert not page.csp_violations
    for chart in ("funnel", "flows", "by_source", "by_week"):
        assert page.locator(f"#chart-{chart} svg").count() == 1, chart
    assert page.locator("table.figures").count() == 4
    assert page.evaluate("typeof window.echarts.version") == "string"
