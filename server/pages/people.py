"""The People page: everyone topofmind knows of, searchable and filtered."""

from __future__ import annotations

from flask import g, render_template, request

from server.api.context import db, now
from server.pages.site import bp
from server.pages.views import _plan
from server.services import directory
from topofmind.store import models


@bp.route("/people")
def people():
    chosen = directory.PeopleFilter(
        text=request.args.get("q", "")[:200], company_id=request.args.get("company", type=int),
        relationship=request.args.get("relationship", "") if request.args.get("relationship") in models.RELATIONSHIPS else "",
        last_contact=request.args.get("last", "") if request.args.get("last") in directory.LAST_CONTACT else "",
        has_due=request.args.get("due") == "1")
    plan = _plan()
    rows = directory.people_list(db(), g.user_id, plan, chosen, now())
    return render_template("people.html", rows=rows, chosen=chosen, tz=plan.tz,
                           companies=directory.companies_with_people(db(), g.user_id),
                           relationships=models.RELATIONSHIPS, last_contact=directory.LAST_CONTACT)
