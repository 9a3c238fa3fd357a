"""Company email patterns: learnt from evidence, suggested as guesses, never from robots."""


from tests.builders import make_company, make_person, make_user
from topofmind.address_patterns import learn_patterns, patterns_matching, suggest_address
from topofmind.store.companies import refresh_patterns, suggested_address_for


def test_three_first_dot_last_addresses_teach_first_dot_last():
    found = learn_patterns([("Dana Lee", "dana.lee@contoso.com"), ("Omar Haddad", "omar.haddad@contoso.com"),
                            ("Ana Wu", "ana.wu@contoso.com")])
    assert found[0].pattern == "first.last" and found[0].count == 3
    assert found[0].confidence >= 0.7


def test_mixed_evidence_keeps_both_patterns_with_their_counts():
    found = learn_patterns([("Dana Lee", "dana.lee@contoso.com"), ("Omar Haddad", "ohaddad@contoso.com"),
                            ("Ana Wu", "ana.wu@contoso.com"), ("Li Chen", "lchen@contoso.com"),
                            ("Eva Stone", "eva.stone@contoso.com")])
    by = {e.pattern: e.count for e in found}
    assert by == {"first.last": 3, "flast": 2}
    assert found[0].pattern == "first.last"


def test_nicknames_hyphens_and_accents_are_recognised():
    assert "first.last" in patterns_matching("Bob Smith", "robert.smith")
    assert "first.last" in patterns_matching("José García-López", "jose.garcialopez")
    assert "flast" in patterns_matching("Zoë O'Brien", "zobrien")
    assert "first.last" in patterns_matching("Lee, Dana", "dana.lee")


def test_a_single_letter_first_name_counts_once_not_twice():
    assert patterns_matching("J Smith", "jsmith") == ["firstlast"]


def test_role_mailboxes_and_unexplained_addresses_are_not_evidence():
    assert learn_patterns([("Careers Team", "careers@contoso.com"), ("Dana", "dana@contoso.com")]) == []


def test_a_guess_says_it_is_a_guess_and_shows_its_evidence():
    guess = suggest_address("Priya Shah", "contoso.com",
                            [{"pattern": "first.last", "count": 3, "confidence": 0.75}])
    assert guess.address == "priya.shah@contoso.com" and guess.is_guess
    assert guess.evidence == "3 addresses at contoso.com follow first.last"


def test_a_tracked_person_without_an_address_gets_the_company_pattern(session):
    user = make_user(session)
    contoso = make_company(session, user=user, name="Contoso", domains=("contoso.com",))
    for name in ("Dana Lee", "Omar Haddad"):
        make_person(session, user=user, name=name, email=f"{name.lower().replace(' ', '.')}@contoso.com",
                    company=contoso)
    make_person(session, user=user, name="Jobs Robot", email="no-reply@contoso.com", company=contoso)
    refresh_patterns(session, contoso)
    priya = make_person(session, user=user, name="Priya Shah", company=contoso,
                        linkedin_url="https://www.linkedin.com/in/priya-shah")
    session.commit()
    guess = suggested_address_for(session, priya)
    assert guess is not None and guess.address == "priya.shah@contoso.com"
    assert "2 addresses at contoso.com" in guess.evidence


def test_no_guess_from_an_ats_domain(session):
    user = make_user(session)
    ats = make_company(session, user=user, name="Greenhouse", domains=("greenhouse-mail.io",))
    make_person(session, user=user, name="Dana Lee", email="dana.lee@greenhouse-mail.io", company=ats)
    refresh_patterns(session, ats)
    priya = make_person(session, user=user, name="Priya Shah", company=ats)
    assert suggested_address_for(session, priya) is None
