"""Build the playbook's input (a History) for users from the database.

A fixed handful of queries whatever the size of the history and the number of users (one
per table), never one per row or per user; plain columns, not ORM objects (building
entities cost more than reading the rows). The caller owns the session and the
transaction; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache, partial

from sqlalchemy import (
    Integer,
    Select,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from topofmind.playbook.types import ActionStateFacts, History
from topofmind.store import history_rows as facts
from topofmind.store import models


class UnknownUser(LookupError):
    pass


def load_histories(session: Session, user_ids: Iterable[int]) -> dict[int, History]:
    """The whole history of each of these users, read together: one query per table for all
    of them (eight round trips for one user or for a thousand), each row going to its user's
    History. ``load_history(session, user_id)`` is the case of one user."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    run = _Runner(session, ids)
    if len(ids) == 1:  # a page's own user is in the session already: no round trip
        user = session.get(models.User, ids[0])
        zones = {user.id: user.timezone} if user is not None else {}
    else:
        zones = dict(run("timezones"))
    if missing := [uid for uid in ids if uid not in zones]:
        raise UnknownUser(f"no user with id {missing[0]}")
    people, opportunities = facts.people(run("people")), facts.opportunities(run("opportunities"))
    interviews, touches = facts.interviews(run("interviews")), facts.touches(run("touches"))
    states, specifics = facts.action_states(run("action_states")), facts.specifics(run("specifics"))
    return {uid: History(timezone=zones[uid] or "UTC", people=people.get(uid, {}),
                         opportunities=opportunities.get(uid, {}), interviews=interviews.get(uid, ()),
                         touches=touches.get(uid, ()), action_states=states.get(uid, {}),
                         specifics=specifics.get(uid, {}))
            for uid in ids}


def load_history(session: Session, user_id: int, *, person_ids: Iterable[int] | None = None,
                 opportunity_ids: Iterable[int] | None = None) -> History:
    """The user's whole history (``load_histories`` of one user), or (given ``person_ids``/
    ``opportunity_ids``) the part of it that the actions about those people and opportunities
    depend on (see ``_closure``): ``next_actions`` gives exactly the same actions about them as
    over the whole history, and an overlay lookup at 100,000 people reads a few hundred rows in
    six round trips. A scoped history carries no action states (see ``load_action_states``)."""
    if person_ids is None and opportunity_ids is None:
        return load_histories(session, [user_id])[user_id]
    user = session.get(models.User, user_id)
    if user is None:
        raise UnknownUser(f"no user with id {user_id}")
    run = _Runner(session, [user_id])
    people, opps = _closure(run, set(person_ids or ()), set(opportunity_ids or ()))
    touches = facts.touches(run("touches_of", people=people, opps=opps)).get(user_id, ())
    interviews = facts.interviews(run("interviews_of", opps=opps)).get(user_id, ())
    opportunities = facts.opportunities(run("opportunities_of", opps=opps)).get(user_id, {})
    # Everyone the loaded records name (contacts, interviewers, correspondents), and the
    # people tracked at their companies ("find the hiring contact" offers them).
    named = people | {t.person_id for t in touches if t.person_id is not None}
    named |= {pid for o in opportunities.values() for pid, _role in o.contacts}
    named |= {pid for i in interviews for pid in i.interviewer_ids}
    companies = {o.company_id for o in opportunities.values() if o.company_id is not None}
    found = facts.people(run("people_of", people=named, companies=companies)).get(user_id, {})
    return History(timezone=user.timezone or "UTC", people=found, opportunities=opportunities,
                   interviews=interviews, touches=touches, action_states={})


# Contact roles and touch kinds that make someone a helper to thank once an offer is
# accepted (playbook.outcomes.thank_helper looks across the whole search for them).
HELPER_ROLES = ("referrer", "helper", "introducer")
HELPER_TOUCH_KINDS = ("referral", "introduction", "meeting")


class _Runner:
    """Runs the module's statements, built once per database dialect with named parameters
    (``users`` for whole histories; ``user_id`` and id lists ``people``, ``opps``,
    ``companies``, ``keys`` for a scope): building and hashing a statement cost more than its
    round trip on a small lookup."""

    def __init__(self, session: Session, user_ids: list[int]):
        self.session, self.user_ids = session, user_ids
        self.dialect = session.get_bind().dialect.name

    def __call__(self, name: str, **ids: Iterable):
        params: dict = {"user_id": self.user_ids[0], "users": self.user_ids,
                        **{key: list(values) for key, values in ids.items()}}
        if name == "opportunities_with" and self.dialect == "postgresql":
            # Interviewer ids are stored as numbers or as strings: look for both spellings.
            params["interviewers"] = [value for pid in params["people"] for value in ([pid], [str(pid)])]
        # On the session's connection, as Core, every row fetched at once: the ORM's loading
        # copies each row again. Flushed first, as the session's autoflush would have.
        if self.session.autoflush:
            self.session.flush()
        return self.session.connection().execute(_statement(name, self.dialect), params).all()


@cache
def _statement(name: str, dialect: str):
    return _STATEMENTS[name](dialect)


def _user(column):
    return column == bindparam("user_id", type_=Integer)


def among(dialect: str, column, name: str, item=Integer):
    """``column IN :name``; on PostgreSQL ``= ANY(:name)``, an array: one statement text
    whatever the number of ids, which the server plans once (psycopg prepares statements
    run repeatedly) instead of once per length of the list."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(item)))
    return column.in_(bindparam(name, expanding=True))


def one_of(session: Session, column, values: Iterable):
    """``column IN values`` as ``_among`` writes it, for a statement built on the spot."""
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        item = String() if values and isinstance(values[0], str) else Integer()
        return column == any_(bindparam(None, values, type_=ARRAY(item)))
    return column.in_(values)


def _tagged(*parts: tuple[str, Select]):
    """Several id queries as one (UNION ALL, one round trip), each row tagged with its part."""
    return union_all(*[q.with_only_columns(literal(tag).label("tag"), *q.selected_columns) for tag, q in parts])


def _by_tag(rows, *tags: str) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {tag: set() for tag in tags}
    for tag, value in rows:
        if value is not None:
            out[tag].add(int(value))
    return out


def _closure(run: _Runner, people: set[int], opps: set[int]) -> tuple[set[int], set[int]]:
    """(people whose every action must be right, opportunities to load whole).

    An action about an opportunity depends on its contacts, touches and interviews; an action
    about a person also on that person's other actions (the spacing guard paces all outreach
    to one person), hence on every opportunity they take part in. So the people are the given
    ones and everyone on the given opportunities (and, when an accepted offer is among them,
    every helper: they are all thanked); the opportunities are the given ones, every one those
    people take part in (contact, touch, interviewer), and the accepted ones (an accepted
    offer asks to tell every other open opportunity). Two round trips, a third for helpers.
    """
    given = set(opps)
    if given:
        found = _by_tag(run("people_on", opps=given), "p", "g")
        people |= found["p"]
        if found["g"]:  # an accepted offer among the given opportunities
            people |= _by_tag(run("helpers"), "p")["p"]
    found = _by_tag(run("opportunities_with", people=people) if people else run("accepted"), "o")
    return people, given | found["o"]


def _people_on(dialect: str):
    oc, t, o, i = models.OpportunityContact, models.Touch, models.Opportunity, models.Interview
    if dialect == "postgresql":
        element = func.jsonb_array_elements_text(i.interviewer_ids).table_valued("value")
    else:
        element = func.json_each(i.interviewer_ids).table_valued("value")
    element = element.alias("interviewer")
    return _tagged(
        ("p", select(oc.person_id).join(o, o.id == oc.opportunity_id)
         .where(_user(o.user_id), among(dialect, oc.opportunity_id, "opps"))),
        ("p", select(t.person_id).where(_user(t.user_id), among(dialect, t.opportunity_id, "opps"),
                                        t.person_id.is_not(None))),
        ("p", select(cast(element.c.value, Integer)).select_from(i).join(element, true())
         .where(_user(i.user_id), among(dialect, i.opportunity_id, "opps"))),
        ("g", select(o.id).where(_user(o.user_id), among(dialect, o.id, "opps"), o.stage == "accepted")),
    )


def _helpers(_dialect: str):
    oc, t, o = models.OpportunityContact, models.Touch, models.Opportunity
    return _tagged(
        ("p", select(oc.person_id).join(o, o.id == oc.opportunity_id)
         .where(_user(o.user_id), oc.role.in_(HELPER_ROLES))),
        ("p", select(t.person_id).where(_user(t.user_id), t.kind.in_(HELPER_TOUCH_KINDS), t.person_id.is_not(None))),
    )


def _accepted(_dialect: str):
    return select(models.Opportunity.id).where(_user(models.Opportunity.user_id), models.Opportunity.stage == "accepted")


def _opportunities_with(dialect: str):
    oc, t, o, i = models.OpportunityContact, models.Touch, models.Opportunity, models.Interview
    if dialect == "postgresql":
        # One containment test per id and spelling (12 and "12"): the GIN index answers.
        interviewed = select(i.opportunity_id).where(
            _user(i.user_id), i.interviewer_ids.op("@>")(any_(bindparam("interviewers", type_=ARRAY(JSONB)))))
    else:  # SQLite reads the user's interviews
        element = func.json_each(i.interviewer_ids).table_valued("value").alias("interviewer")
        interviewed = select(i.opportunity_id).join(
            element, cast(element.c.value, Integer).in_(bindparam("people", expanding=True))
        ).where(_user(i.user_id))
    return _tagged(
        ("o", _accepted(dialect)),
        ("o", select(oc.opportunity_id).join(o, o.id == oc.opportunity_id)
         .where(_user(o.user_id), among(dialect, oc.person_id, "people"))),
        ("o", select(t.opportunity_id).where(_user(t.user_id), among(dialect, t.person_id, "people"),
                                             t.opportunity_id.is_not(None))),
        ("o", interviewed),
    )


class _UTCText(TypeDecorator):
    """An instant written as ISO text in UTC, read as an aware datetime."""

    impl, cache_ok = String(), True

    def result_processor(self, dialect, coltype):
        return datetime.fromisoformat


def _utc_instant(dialect: str, column):
    """A UTCDateTime column read as such, fastest: PostgreSQL writes it as ISO text in UTC,
    which ``fromisoformat`` reads in a third of the time of a timestamptz in the session's
    zone converted to UTC (a history's touches are most of what it reads)."""
    if dialect != "postgresql":
        return column
    utc = column.op("AT TIME ZONE")(literal_column("'UTC'"))
    return type_coerce(func.to_char(utc, literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'""")), _UTCText())


def _owned(dialect: str, column, scoped: bool):
    """The rows of the one user of a scope (``user_id``), or of every user asked (``users``)."""
    return _user(column) if scoped else among(dialect, column, "users")


def _people_select(dialect: str, scoped: bool):
    """A row per address, the primary one first: an address seen in mail beats one guessed
    from the company's pattern, then the oldest. Scoped: these people and everyone at these
    companies."""
    p, e = models.Person, models.PersonEmail
    query = (select(p.user_id, p.id, p.name, p.first_name, p.relationship_kind, p.preferred_channel, p.company_id,
                    models.Company.name, p.title, e.address, p.linkedin_url, p.keep_in_touch, p.created_at, p.notes)
             .outerjoin(models.Company, models.Company.id == p.company_id)
             .outerjoin(e, e.person_id == p.id)
             .where(_owned(dialect, p.user_id, scoped))
             .order_by(p.id, e.is_guess, e.id))
    if scoped:
        query = query.where(or_(among(dialect, p.id, "people"), among(dialect, p.company_id, "companies")))
    return query


def _opportunities_select(dialect: str, scoped: bool):
    """A row per opportunity and contact, in the order the contacts were added."""
    o, c = models.Opportunity, models.OpportunityContact
    query = (select(o.user_id, o.id, models.Company.name, o.role, o.source, o.stage, o.stage_changed_at,
                    o.created_at, o.company_id, o.applied_at, o.decision_expected_by, o.offer_in_writing,
                    o.closed_at, c.person_id, c.role)
             .outerjoin(models.Company, models.Company.id == o.company_id)
             .outerjoin(c, c.opportunity_id == o.id)
             .where(_owned(dialect, o.user_id, scoped))
             .order_by(o.id, c.id))
    return query.where(among(dialect, o.id, "opps")) if scoped else query


def _interviews_select(dialect: str, scoped: bool):
    i = models.Interview
    query = (select(i.user_id, i.id, i.opportunity_id, i.starts_at, i.ends_at, i.interviewer_ids, i.cancelled,
                    i.notes, i.kind, i.location)
             .where(_owned(dialect, i.user_id, scoped)).order_by(i.starts_at, i.id))
    return query.where(among(dialect, i.opportunity_id, "opps")) if scoped else query


def _touches_select(dialect: str, scoped: bool):
    """TouchFacts' fields in order, then the user id (history_rows.touches)."""
    t = models.Touch
    query = (select(t.id, _utc_instant(dialect, t.at), t.direction, t.kind, t.channel, t.person_id,
                    t.opportunity_id, t.summary, t.asks, t.reply_address, t.user_id)
             .where(_owned(dialect, t.user_id, scoped)).order_by(t.at, t.id))
    assert len(query.selected_columns) == facts.TOUCH_COLUMNS
    if scoped:
        query = query.where(or_(among(dialect, t.person_id, "people"), among(dialect, t.opportunity_id, "opps")))
    return query


def _action_states_select(dialect: str, scoped: bool):
    s = models.ActionState
    query = select(s.user_id, s.action_key, s.state, s.snoozed_until).where(_owned(dialect, s.user_id, scoped))
    return query.where(among(dialect, s.action_key, "keys", String)) if scoped else query


def _specifics_select(dialect: str, scoped: bool):
    s = models.ActionSpecifics
    query = select(s.user_id, s.action_key, s.items).where(_owned(dialect, s.user_id, scoped))
    return query.where(among(dialect, s.action_key, "keys", String)) if scoped else query


_TABLES = (("people", _people_select), ("opportunities", _opportunities_select), ("interviews", _interviews_select),
           ("touches", _touches_select), ("action_states", _action_states_select), ("specifics", _specifics_select))
_STATEMENTS = {
    "people_on": _people_on, "helpers": _helpers, "accepted": lambda dialect: _tagged(("o", _accepted(dialect))),
    "opportunities_with": _opportunities_with,
    "timezones": lambda dialect: select(models.User.id, models.User.timezone).where(
        among(dialect, models.User.id, "users")),
    **{name: partial(build, scoped=False) for name, build in _TABLES},
    **{f"{name}_of": partial(build, scoped=True) for name, build in _TABLES},
}


def load_action_states(session: Session, user_id: int, keys: Iterable[str]) -> dict[str, ActionStateFacts]:
    """The user's states of these actions (by their stable keys)."""
    keys = set(keys)
    if not keys:
        return {}
    return facts.action_states(_Runner(session, [user_id])("action_states_of", keys=keys)).get(user_id, {})


def load_specifics(session: Session, user_id: int, keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """What the user asked the drafts of these actions to say (by their stable keys)."""
    keys = set(keys)
    if not keys:
        return {}
    return facts.specifics(_Runner(session, [user_id])("specifics_of", keys=keys)).get(user_id, {})
