"""A long job search like the benchmark's, generated the same way (bench/api_dataset.py),
small: for tests that compare two ways of computing the same thing over varied data."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bench.api_dataset import Generator
from bench.bulk_load import Loader
from server.services.actions import plan_for
from topofmind.store import models
from topofmind.store.database import make_engine

SIZES = {"people": 260, "companies": 30, "opportunities": 70, "threads": 160, "messages": 900}


def load_long_search(engine, Session, now) -> int:
    """A long job search like the benchmark's (generated the same way), with an accepted
    offer that has a helper to thank, and actions done, snoozed and dismissed."""
    # The loader's own engine: it turns SQLite's foreign keys off on its connections.
    loading = make_engine(engine.url.render_as_string(hide_password=False))
    loader = Loader(loading)
    generator = Generator(loader, seed=3, now=now)
    user_id = generator.user("long.search@example.net", SIZES, lambda _msg: None)
    generator.user("other@example.org", {k: v // 4 for k, v in SIZES.items()}, lambda _msg: None)
    loader.fix_sequences()
    loading.dispose()
    with Session() as s:
        opps = s.scalars(select(models.Opportunity).where(models.Opportunity.user_id == user_id).order_by(models.Opportunity.id)).all()
        opps[0].stage, opps[0].stage_changed_at = "accepted", now - timedelta(days=2)
        helper = s.scalars(select(models.Person).where(models.Person.user_id == user_id).order_by(models.Person.id.desc())).first()
        s.add(models.OpportunityContact(opportunity_id=opps[1].id, person_id=helper.id, role="referrer"))
        s.commit()
        actions = [a for a in plan_for(s, user_id, now).actions if a.state == "open"]
        assert len(actions) >= 20
        for n, action in enumerate(actions[:9]):
            state = ("done", "snoozed", "dismissed")[n % 3]
            s.add(models.ActionState(user_id=user_id, action_key=action.key, state=state, at=now,
                                snoozed_until=now + timedelta(days=1 + n) if state == "snoozed" else None))
        s.commit()
    return user_id
