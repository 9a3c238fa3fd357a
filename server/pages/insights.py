"""The Insights page: the funnel, the flows between stages and response times."""

from __future__ import annotations

from flask import g, render_template

from server.api.context import db
from server.pages.site import bp
from server.services import insights as insights_service
from topofmind.mail.timezones import user_zone


@bp.route("/insights")
def insights():
    tz = user_zone(g.page_user.timezone)
    figures = insights_service.compute(insights_service.load(db(), g.user_id), tz)
    return render_template("insights.html", figures=figures)
