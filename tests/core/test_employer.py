"""The employer named in a message, never the platform that carried it: one test per failure class
seen on real job-search mail (code-host threads, platform and department sender names, agency
recruiters, names cut short or run on), each in new words."""

import pytest

from tests.core.test_understand_builders import ME, raw_message
from topofmind.mail.company_names import name_for_domain
from topofmind.mail.evaluate import normalize_company
from topofmind.mail.extract import extract
from topofmind.mail.parse import parse_message
from topofmind.mail.understand import split_quoted


def employer_of(**kw) -> str | None:
    parsed = parse_message(raw_message(**kw))
    return extract(parsed, split_quoted(parsed.text or "")[0], me=ME).company


def test_a_reply_in_a_hiring_repository_names_the_repository_owner_as_written_in_the_text():
    assert employer_of(sender="tkowalski <notifications@github.com>",
                       subject="Re: [OrbitalFreight/route-planner-challenge] My attempt (#31)",
                       body="Thanks for sending the Orbital Freight challenge back. We will read it this week.") \
        == "Orbital Freight"


def test_a_repository_owner_with_a_country_tail_names_the_company_without_it():
    assert employer_of(sender="mfaria <notifications@github.com>",
                       subject="Re: [Quintal-BR/desafio-backend] Entrega do desafio (#9)",
                       body="Recebemos, obrigado! Retorno em breve.") == "Quintal"


def test_a_community_job_board_repository_names_the_employer_from_the_opening_title():
    assert employer_of(sender="ana-r <notifications@github.com>",
                       subject="Re: [devs-lisboa/vagas] [Remoto] Engenheira de Dados na Ventana Analytics (#412)",
                       body="Oi! A vaga continua aberta, pode mandar o CV.") == "Ventana Analytics"
    assert employer_of(sender="hq <notifications@github.com>",
                       subject="Re: [remote-pt/jobs] Marlin Systems - Backend Engineer - Porto (#77)",
                       body="Yes, still hiring for this one.") == "Marlin Systems"


def test_a_new_issue_on_the_candidates_own_project_does_not_name_its_owner():
    assert employer_of(sender="gtalent <notifications@github.com>",
                       subject="[sam/tiny-kv] Would you be open to a role? (#5)",
                       body="Loved this project. Are you open to hearing about a backend role?") is None


@pytest.mark.parametrize("sender", [
    "Quillon Robotik GmbH <bewerbung@quillon-robotik.de>",  # passes a person-name test; GmbH says otherwise
    "QUILLON <jobs@quillon-robotik.de>",
])
def test_a_sender_name_with_an_organisations_words_is_the_company_not_a_person(sender):
    found = employer_of(sender=sender, subject="Ihre Bewerbung",
                        body="Guten Tag,\n\nvielen Dank für Ihre Bewerbung bei Quillon Robotik GmbH.\n\n"
                             "Mit freundlichen Grüßen\nQuillon Robotik GmbH")
    assert normalize_company(found) == normalize_company("Quillon Robotik GmbH")


@pytest.mark.parametrize(("sender", "expected"), [
    ("HR Manager <hr@corvane.io>", "Corvane"),
    ("Talent Acquisition <talent-acquisition@larchmont.com>", "Larchmont"),
    ("Risorse Umane Velluto <hr@velluto.it>", "Velluto"),
    ("People Team, Brasswind <people@brasswind.co>", "Brasswind"),
])
def test_a_department_or_function_as_sender_name_is_not_the_employer(sender, expected):
    assert employer_of(sender=sender, subject="Your application",
                       body="Thank you for your application. We will be in touch soon.") == expected


def test_a_job_platform_the_vendor_list_does_not_know_is_not_the_employer():
    assert employer_of(sender="HireNest <updates@hirenest.com>", subject="You've been shortlisted!",
                       body="Good news, Sam!\n\nYou've been shortlisted for Deckhand at Pelican Ferries!\n\n"
                            "The HireNest Team") == "Pelican Ferries"


def test_an_assessment_platforms_own_brand_yields_to_the_employer_its_subject_names():
    assert employer_of(sender="SkillSprint <noreply@skillsprint.io>",
                       subject="Assessment invitation from Halvorsen Marine - SkillSprint",
                       body="Hi Sam, please complete your assessment within five days.\n\nSkillSprint") \
        == "Halvorsen Marine"


def test_an_agency_recruiter_pitching_an_unnamed_client_names_no_employer():
    assert employer_of(sender="Dara Quinn <dara.quinn@brightpath-staffing.com>", subject="Staff engineer role?",
                       body="Hi Sam, I'm a recruiter at BrightPath Staffing, working with a Series C fintech "
                            "that needs a Staff Engineer. Open to a call?\n\nDara") is None


def test_a_short_name_in_the_sender_gives_way_to_the_same_name_written_out():
    assert employer_of(sender="Mo at Kestrel <mo@kestrel.dev>", subject="Kestrel Analytics: next steps",
                       body="Hi Sam, great chatting today. Next up is a call with our CTO.") == "Kestrel Analytics"


@pytest.mark.parametrize(("sender", "signoff", "expected"), [
    ("Marrow Labs Hiring Team <hiring@marrowlabs.example>", "The Marrow Labs Hiring Team", "Marrow Labs"),
    ("Sundial Scheduling <scheduling@sundial.example>", "Sundial", "Sundial"),
    ("Fenwick Engineering <engineering@fenwick.example>", "Fenwick", "Fenwick"),
])
def test_a_hiring_function_after_the_name_is_not_part_of_it(sender, signoff, expected):
    assert employer_of(sender=sender, subject="Next steps",
                       body=f"Hi Sam,\n\nWe would like to move you forward.\n\nBest,\n{signoff}") == expected


def test_a_time_after_at_is_not_an_employer():
    assert employer_of(sender="<scheduling@company.com>", subject="Interview confirmed - Mar 3 at 4pm",
                       body="See you then.") is None


def test_a_link_to_the_employers_page_on_an_applicant_tracking_system_names_it():
    assert employer_of(sender="<no-reply@myworkday.com>", subject="Thanks for applying",
                       body="We received your application. Follow it at "
                            "https://ferrovia.wd3.myworkdayjobs.com/External") == "Ferrovia"


@pytest.mark.parametrize("body", [
    "Your application status changed.\n\nRole: Line Cook\nCompany: Saltmarsh Bakery\n",
    "La tua candidatura è stata inviata a Saltmarsh Bakery. In bocca al lupo!",
])
def test_a_job_board_notice_names_the_employer_from_its_fields_or_in_another_language(body):
    assert employer_of(sender="Indeed <indeedapply@indeed.com>", subject="Update", body=body) == "Saltmarsh Bakery"


def test_a_scheduling_tools_name_in_its_footer_is_not_the_employer():
    found = employer_of(sender="Rui Costa (Google Calendar) <calendar-notification@google.com>",
                        subject="Invitation: Interview with Alder & Finch @ Tue 10am",
                        body="Interview with Alder & Finch\n\nInvitation from Google Calendar")
    assert found == "Alder & Finch"


@pytest.mark.parametrize(("domain", "text", "expected"), [
    ("harbourridge-pm.com", "Welcome to Harbour Ridge Property Management.", "Harbour Ridge Property Management"),
    ("lindqvist.com", "Your Lindqvist Data Analyst interview", "Lindqvist"),
    ("vantor.com", "Vantor Corp. With thanks for your time", "Vantor Corp"),
    ("orrery.io", "Thanks for trying Orrery's Data Challenge", "Orrery"),
    ("quillon.io", "Start your Quillon GX Assessment today", "Quillon"),
    ("kestrel-group.com", "Welcome to Kestrel Group Holdings", "Kestrel Group Holdings"),
])
def test_the_written_name_behind_a_domain_stops_where_the_name_does(domain, text, expected):
    assert name_for_domain(domain, [text]) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("The Harbor Group", "Harbor Group"),
    ("Nordwind Pflege gGmbH", "Nordwind Pflege"),
    ("acme, inc.", "ACME"),
])
def test_employer_names_compare_without_case_a_leading_the_or_a_legal_form(a, b):
    assert normalize_company(a) == normalize_company(b)


def test_different_employers_stay_different_when_compared():
    assert normalize_company("Harbor Group") != normalize_company("Harbor Labs")


def test_a_department_written_after_the_company_gives_way_to_the_company():
    found = employer_of(sender="Marta Ruiz <marta.ruiz@brindle.com>", subject="A conversation with our research team",
                        body="Dear Sam,\n\nThe team would like to meet you for an informal interview next week.\n\n"
                             "Best regards,\nMarta Ruiz\nProgramme Coordinator\nBrindle Research Group")
    assert found == "Brindle"


def test_a_name_of_function_words_written_for_its_own_domain_is_the_employer():
    found = employer_of(sender="People Services <hello@peopleservices.example>", subject="Interview",
                        body="People Services would like to meet you about the Warehouse Lead opening on Monday.")
    assert found == "People Services"


def test_a_vacancy_services_display_name_is_not_the_employer_it_writes_about():
    found = employer_of(sender="School Vacancies <school.vacancies@notify.education.example>",
                        subject="Update on your job application",
                        body="Your application for Art Teacher at Hollin Bank Primary School\n\nThe school has "
                             "decided not to take your application further.")
    assert found == "Hollin Bank Primary School"


def test_a_signature_with_name_and_title_on_one_line_names_the_organisation_under_it():
    found = employer_of(sender="Owen Pike <owen.pike@example.org>", subject="Offer of employment",
                        body="Dear Sam,\n\nI am pleased to offer you the post of Caretaker from 1 June.\n\n"
                             "Yours sincerely,\n\nOwen Pike, Facilities Manager\n\nMeadowvale Housing Trust")
    assert found == "Meadowvale Housing Trust"
