"""Server-rendered pages: Today, Pipeline, People, Person, Opportunity, Insights, Review,
Accounts, Settings. The blueprint, sign-in and what every page shares are site.py's; each
module here adds its pages' routes to it."""

from __future__ import annotations

from flask import Blueprint

from server.pages import (
    accounts,
    board,
    capture,
    insights,
    mailboxes,
    people,
    reconnect,
    reminders,
    settings,
    views,
)
from server.pages.site import bp

# Imported for their routes, which register on ``bp`` as each module loads.
PAGE_MODULES = (accounts, board, capture, insights, mailboxes, people, reconnect, reminders, settings, views)


def create_pages_blueprint() -> Blueprint:
    return bp
