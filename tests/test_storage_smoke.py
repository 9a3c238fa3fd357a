from sqlalchemy import select

from tests.builders import make_company, make_opportunity, make_person, make_user
from topofmind.store import models


def test_a_person_and_an_opportunity_round_trip_with_aware_times(session):
    user = make_user(session)
    company = make_company(session, user=user)
    make_person(session, user=user, email="Dana.Lee@contoso.com", company=company)
    opp = make_opportunity(session, user=user, company=company)
    session.commit()
    got = session.scalars(select(models.Opportunity)).one()
    assert got.id == opp.id and got.company.name == "Contoso"
    assert got.stage_changed_at.tzinfo is not None
    email = session.scalars(select(models.PersonEmail)).one()
    assert email.address == "dana.lee@contoso.com"
