"""What the lookup-card tests ask and count: the pages of the ``world`` fixture's user A,
their answers, and the cards kept for them."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy import delete, event, func, select

from topofmind.store import card_marks, models


def valid_cards(Session) -> int:
    """Cards a lookup may be served from (stale ones wait for the refresher)."""
    with Session() as s:
        return s.scalar(select(func.count()).select_from(models.LookupCard).where(models.LookupCard.valid_until > card_marks.STALE))


def forget_cards(Session) -> None:
    with Session() as s:
        s.execute(delete(models.LookupCard))
        s.commit()


def answers(client, paths) -> dict:
    out = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, response.get_json()
        out[path] = response.get_json()
    return out


def served_and_fresh(Session, client, paths):
    served = answers(client, paths)
    forget_cards(Session)
    return served, answers(client, paths)


# world_paths' pages about a record of the user's: the last one, an unknown profile, is
# computed at every lookup and never kept as a card.
KEPT = 3


def world_paths(ids) -> list[str]:
    return ["/api/v1/lookup/profile?" + urlencode({"url": f"https://www.linkedin.com/in/{ids['a_slug']}/"}),
            "/api/v1/lookup/thread?" + urlencode({"provider": "gmail", "id": ids["a_thread"]}),
            "/api/v1/lookup/email?" + urlencode({"address": ids["a_email"]}),
            "/api/v1/lookup/profile?" + urlencode({"url": "https://www.linkedin.com/in/nobody-yet/",
                                                   "name": "Dana Lee a", "company": "Contoso a"})]


def statements_of(Session, fetch):
    """What ``fetch()`` gives, and the statements run on the engine of ``Session``."""
    statements = []
    engine = Session.kw["bind"]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        result = fetch()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return result, statements


def stale_cards(Session) -> int:
    """Cards a write made stale, waiting for the refresher."""
    with Session() as s:
        return s.scalar(select(func.count()).select_from(models.LookupCard).where(models.LookupCard.valid_until <= card_marks.STALE))
