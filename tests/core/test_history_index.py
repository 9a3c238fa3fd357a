"""A history cut from the whole one in memory is the history the database gives for the
same scope: the same people, opportunities, touches and interviews, in the same order."""

from __future__ import annotations

import random

from sqlalchemy import select

from server.cards.history_index import HistoryIndex
from tests.long_search import load_long_search
from topofmind.store import models
from topofmind.store.history import load_history


def _comparable(history):
    # Interviews at the same hour come in no defined order from the database.
    return (history.timezone, history.people, history.opportunities, history.touches,
            sorted(history.interviews, key=lambda i: (i.starts_at, i.id)), history.action_states)


def test_a_scope_cut_from_memory_is_the_scope_read_from_the_database(engine, Session, now):  # noqa: N803
    user_id = load_long_search(engine, Session, now)
    rng = random.Random(4)
    with Session() as s:
        index = HistoryIndex(load_history(s, user_id))
        people = s.scalars(select(models.Person.id).where(models.Person.user_id == user_id)).all()
        opps = s.scalars(select(models.Opportunity.id).where(models.Opportunity.user_id == user_id)).all()
        accepted = s.scalars(select(models.Opportunity.id).where(models.Opportunity.user_id == user_id,
                                                            models.Opportunity.stage == "accepted")).all()
        scopes = [([], [accepted[0]]), ([rng.choice(people)], []), ([], [])]
        scopes += [(rng.sample(people, rng.randint(0, 3)), rng.sample(opps, rng.randint(0, 2))) for _ in range(150)]
        sizes = []
        for person_ids, opportunity_ids in scopes:
            read = load_history(s, user_id, person_ids=person_ids, opportunity_ids=opportunity_ids)
            cut = index.scoped(person_ids=person_ids, opportunity_ids=opportunity_ids)
            assert _comparable(cut) == _comparable(read), (person_ids, opportunity_ids)
            sizes.append(len(read.touches))
    assert max(sizes) > 20 and min(sizes) < max(sizes)  # scopes of very different sizes
    assert len(index.scoped(opportunity_ids=accepted).people) > len(index.scoped().people)  # helpers come along
