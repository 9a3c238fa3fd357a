"""The Insights figures on a known history: the funnel and its rates, the flows between
stages, and response times by source and by week (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient

from server.app import create_app
from server.services import insights
from sync.config import Config
from tests.builders import T0, make_company, make_opportunity, make_user
from topofmind.store import models

DAY = timedelta(days=1)


def _journey(session, user, *, source, steps, answers=()):
    """An opportunity whose stage history is ``steps`` [(days after T0, stage)], with the
    employer's answering touches ``answers`` [(days after T0, kind)]."""
    company = make_company(session, user=user, name=f"Company {len(steps)}{source}{steps[0][0]}",
                           domains=())
    first_day, first_stage = steps[0]
    opp = make_opportunity(session, user=user, company=company, source=source, stage=steps[-1][1],
                           at=T0 + first_day * DAY)
    previous = None
    for day, stage in steps:
        session.add(models.StageChange(opportunity_id=opp.id, from_stage=previous, to_stage=stage,
                                  at=T0 + day * DAY, source="auto"))
        previous = stage
    for day, kind in answers:
        session.add(models.Touch(user_id=user.id, opportunity_id=opp.id, direction="in", kind=kind,
                            at=T0 + day * DAY, channel="email"))
    session.flush()
    return opp


def _known_search(session):
    user = make_user(session)
    _journey(session, user, source="online_application", steps=[(0, "applied"), (5, "interviewing"), (20, "offer")],
             answers=[(3, "reply")])
    _journey(session, user, source="referral", steps=[(7, "applied"), (9, "rejected")])
    _journey(session, user, source="online_application", steps=[(0, "applied")],
             answers=[(0, "confirmation")])  # a receipt is not an answer
    _journey(session, user, source="recruiter", steps=[(1, "screening"), (10, "interviewing")])
    _journey(session, user, source="networking", steps=[(2, "lead")])  # never applied
    # A rejection read by mistake and reversed: not a rejection, not an answer.
    _journey(session, user, source="online_application", steps=[(0, "applied"), (2, "rejected"), (3, "applied")])
    session.commit()
    return user


def test_the_funnel_counts_each_step_with_its_rates(session):
    user = _known_search(session)
    figures = insights.compute(insights.load(session, user.id), ZoneInfo("UTC"))
    assert [(r["key"], r["count"], r["of_applied"], r["of_previous"]) for r in figures["funnel"]] == [
        ("applied", 5, 100.0, None),
        ("replied", 3, 60.0, 60.0),
        ("interviewed", 2, 40.0, 66.7),
        ("offered", 1, 20.0, 50.0),
    ]


def test_the_flows_follow_each_application_to_where_it_is_now(session):
    user = _known_search(session)
    figures = insights.compute(insights.load(session, user.id), ZoneInfo("UTC"))
    assert {(f["source"], f["target"]): f["value"] for f in figures["flows"]} == {
        ("Applied", "Interviewing"): 1, ("Applied", "No answer yet"): 2, ("Applied", "Rejected"): 1,
        ("Interviewing", "Offer"): 1, ("Interviewing", "Still in progress"): 1,
        ("Offer", "Still in progress"): 1, ("Screening", "Interviewing"): 1,
    }


def test_response_times_are_the_median_days_to_the_first_answer_by_source_and_by_week(session):
    user = _known_search(session)
    figures = insights.compute(insights.load(session, user.id), ZoneInfo("UTC"))
    by_source = {r["name"]: (r["applied"], r["answered"], r["median_days"]) for r in figures["by_source"]}
    assert by_source == {"Job posting": (3, 1, 3.0), "Referral": (1, 1, 2.0), "Recruiter": (1, 1, 9.0)}
    by_week = {r["name"]: (r["applied"], r["answered"], r["median_days"]) for r in figures["by_week"]}
    assert by_week == {"2026-01-05": (4, 2, 6.0), "2026-01-12": (1, 1, 2.0)}


def test_the_insights_page_shows_the_figures_as_tables_and_loads_the_charts_from_the_app(Session, tmp_path):
    with Session() as session:
        _known_search(session)
    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=lambda: T0 + 30 * DAY)
    app.test_client_class = FlaskClient
    html = app.test_client().get("/insights", environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_data(as_text=True)
    assert "Got a reply" in html and "60 %" in html and "66.7 %" in html
    assert "No answer yet" in html and "<td class=\"num\">2</td>" in html
    assert "/static/vendor/echarts-5.6.0.min.js" in html and "/static/insights.js" in html
    assert "<script>" not in html  # the figures travel as JSON data, never as inline script
