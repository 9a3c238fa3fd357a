"""The learned classifier: it ships with the package, answers as it did when trained, says why
in words, and holds on the shapes of real mail that the phrase rules missed (issue 19).

Every message here is written for this file; none is in the training data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.core.test_understand_builders import raw_message
from topofmind.mail import learned
from topofmind.mail.classify import Signals, Verdict, classify_incoming
from topofmind.mail.decide import decide
from topofmind.mail.parse import parse_message
from topofmind.mail.records import record_to_bytes
from topofmind.mail.understand import read, understand_bytes

ME = frozenset({"sam@example.net"})
CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
NOISE = ("job_alert_or_newsletter", "not_job_related")


def understood(**fields):
    return understand_bytes(raw_message(**fields), me=ME)[1]


def test_the_model_ships_inside_the_package_small_and_versioned():
    model = learned.load()
    assert model is not None, "topofmind/mail/classifier.npz is missing: run `topofmind classify train`"
    assert learned.MODEL_PATH.stat().st_size < 5_000_000
    assert model.meta["feature_version"] == learned.FEATURE_VERSION
    assert {"rejection", "human_reply", "not_job_related", "job_alert_or_newsletter"} <= set(model.classes)


def test_the_shipped_weights_answer_as_the_training_run_did_on_its_sample():
    sample = json.loads((CORPUS.parent / "classifier_sample.json").read_text())
    records = {}
    for name in ("corpus.jsonl", "shapes.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["id"]] = record
    me = frozenset(json.loads((CORPUS / "candidates.json").read_text()))
    assert len(sample) >= 30
    for expected in sample:
        _, u = understand_bytes(record_to_bytes(records[expected["id"]]), me=me)
        assert (expected["id"], u.category, u.confidence) == (expected["id"], expected["category"],
                                                              expected["confidence"])


def test_the_model_reads_a_message_as_the_named_features_it_was_trained_on():
    # Inference builds the vector from per-word rows; training names every feature. Same numbers.
    model = learned.load()
    me = frozenset(json.loads((CORPUS / "candidates.json").read_text()))
    compared = 0
    for name in ("corpus.jsonl", "shapes.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            reading = read(parse_message(record_to_bytes(json.loads(line))), me)
            rules = classify_incoming(reading.signals)
            named = learned.features(reading.signals, rules.scores, rules.evidence)
            known = sorted((model.index[f], v) for f, v in named.items() if f in model.index)
            rows, values = model.vector(reading.signals, rules.scores, rules.evidence)
            assert list(zip(rows.tolist(), values.tolist(), strict=True)) == known
            # (The names' vector also holds zero rows for unknown features: the last bit may differ.)
            assert np.allclose(model.posterior(rows, values)[0], model.probabilities(named)[0], rtol=0, atol=1e-12)
            compared += 1
    assert compared > 500


def test_reasons_are_words_a_user_reads():
    u = understood(sender="Oakridge Dental Group <no-reply@greenhouse.io>", subject="Regarding your application",
                   body="Hi Sam,\n\nThank you for meeting the team. We have chosen to continue with another "
                        "candidate for the Practice Manager role.\n\nOakridge Dental Group")
    assert u.category == "rejection"
    assert u.reasons and all(isinstance(r, str) and not r.startswith(("c:", "x:", "r:", "s:")) for r in u.reasons)


# One message per failure class seen on real mail.
FAILURE_CLASSES = {
    "a short answer in the candidate's thread is a human reply": (dict(
        sender="Noor Haddad <noor.haddad@kelpie-software.com>", subject="Re: Next week",
        body="Brilliant, that works. Speak then!\n\nNoor\n\nOn Fri, Mar 6, 2026 at 4:10 PM Sam Rivera "
             "<sam@example.net> wrote:\n> Could we move our chat to Tuesday?",
        headers={"In-Reply-To": "<a1@mail.example.net>", "References": "<a1@mail.example.net>"}), "human_reply"),
    "a rejection in soft words under an update subject": (dict(
        sender="Tallow & Finch <no-reply@ashbyhq.com>", subject="An update from Tallow & Finch",
        body="Hi Sam,\n\nWe're grateful you spent time with us. We've now completed the interviews for the "
             "Copywriter role and have decided to proceed with other candidates.\n\nAll the best,\nTallow & Finch"),
        "rejection"),
    "an interview time fixed in the text, without a calendar part": (dict(
        sender="Ines Duarte <ines.duarte@marisol-labs.com>", subject="Your interview on Wednesday",
        body="Hi Sam,\n\nYour interview is confirmed for Wednesday 11 March at 10:00 (EST) with our design "
             "director. We'll send a video link the day before.\n\nInes"), "interview_scheduled"),
    "a job board's interview request is not an alert because of its footer": (dict(
        sender="Copperleaf Clinic via Indeed <indeedapply@indeed.com>", subject="Copperleaf Clinic wants to interview you",
        body="Copperleaf Clinic would like to interview you for Medical Receptionist. Pick a time that works "
             "for you with the link below.\n\nJobs for you · Apply now\nManage alerts | Unsubscribe",
        headers={"List-Unsubscribe": "<https://indeed.com/u>"}), "interview_invitation"),
    "a shortlisting is a status update, not an offer": (dict(
        sender="Hollowtree Games <no-reply@hire.lever.co>", subject="Good news about your application",
        body="Hi Sam,\n\nCongratulations, you have been shortlisted for Level Designer at Hollowtree Games. "
             "We will contact you about the next steps soon.\n\nHollowtree Games"), "status_update"),
    "a recruiter writing first": (dict(
        sender="Keira Doyle <keira@doylepartners.ie>", subject="Staff engineer opportunity",
        body="Hi Sam,\n\nI lead hiring for a climate-tech client in Dublin and think your data platform "
             "background is a strong match for their staff engineer opening. Open to a quick call?\n\nKeira"),
        "recruiter_outreach"),
    "a job digest without bulk headers": (dict(
        sender="RoleRadar <matches@roleradar.example>", subject="5 new jobs for 'product designer'",
        body="Product Designer - Elmwood Bank - Bristol\nSenior Product Designer - Kitefin - remote\n"
             "UX Designer - Marlow Health - Leeds\n\nView all jobs | Change your job alert"),
        "job_alert_or_newsletter"),
    "a rejection in Portuguese": (dict(
        sender="Talentos Ipê <vagas@ipe-digital.com.br>", subject="Retorno sobre o processo seletivo",
        body="Olá Sam,\n\nAgradecemos sua participação no processo seletivo para Desenvolvedor Python. "
             "Infelizmente, não seguiremos com sua candidatura nesta etapa.\n\nAtenciosamente,\nIpê Digital"),
        "rejection"),
    "an application confirmation in German": (dict(
        sender="Karriere Feldmann <karriere@feldmann-maschinen.de>", subject="Eingangsbestätigung Ihrer Bewerbung",
        body="Guten Tag,\n\nvielen Dank für Ihre Bewerbung als Softwareentwickler. Wir haben Ihre Unterlagen "
             "erhalten und melden uns in den nächsten Wochen bei Ihnen.\n\nFeldmann Maschinenbau GmbH"),
        "application_confirmation"),
    "an interview invitation written in capitals": (dict(
        sender="Marlow Bakeries Careers <careers@marlowbakeries.example>", subject="INTERVIEW INVITATION",
        body="HELLO SAM, YOU ARE INVITED TO AN INTERVIEW FOR THE SHIFT LEADER POST. LET US KNOW WHICH "
             "MORNING SUITS YOU.\n\nMARLOW BAKERIES"), "interview_invitation"),
    "a recruiter who mentions the visa and the flat in passing": (dict(
        sender="Joana Reis <joana@quayside-robotics.example>", subject="Robotics team in Porto",
        body="Hi Sam,\n\nI run hiring for the controls team at Quayside Robotics in Porto. We sponsor the "
             "visa and help find an apartment. Would a short call next week suit you?\n\nJoana"),
        "recruiter_outreach"),
}


@pytest.mark.parametrize("name", FAILURE_CLASSES)
def test_failure_classes_of_real_mail(name):
    fields, expected = FAILURE_CLASSES[name]
    assert understood(**fields).category == expected


LOOKALIKES = {
    "a flat application": dict(sender="Elm Court Lettings <team@elmcourtlettings.co.uk>",
                              subject="Your application for Flat 3, Elm Court",
                              body="Hi Sam, the landlord accepted your application. Please sign the tenancy "
                                   "agreement and pay the deposit by Friday to secure the flat."),
    "a visa interview": dict(sender="Embassy Appointments <appointments@visa-desk.example>",
                            subject="Visa interview booked",
                            body="Your visa interview is booked for 12 March 2026 at 09:15. Bring your passport "
                                 "and the printed confirmation."),
    "a credit card approval": dict(sender="Harbor Card <notices@harborcard.example>",
                                  subject="Your application was approved",
                                  body="Good news! Your Harbor Cashback card application has been approved and "
                                       "your card is on its way."),
    "a university admission offer": dict(sender="Graduate Admissions <admissions@ridgeway.ac.uk>",
                                        subject="Your offer from Ridgeway University",
                                        body="Congratulations! We are pleased to offer you a place on the MA in "
                                             "Urban Planning. Accept your offer in the applicant portal."),
    "a prize scam that calls itself a job offer": dict(
        sender="Lucky Desk <claims@lucky-desk.example>", subject="Congratulations, your job offer",
        body="You have won a place in our work-from-home programme and a cash prize. Claim your prize by "
             "replying with your card number today."),
    "a marketplace offer": dict(sender="Loopmarket <no-reply@loopmarket.example>",
                               subject="Your offer was accepted",
                               body="The seller accepted your offer of 45 GBP for the desk lamp. Pay now to "
                                    "complete the purchase."),
}


@pytest.mark.parametrize("name", LOOKALIKES)
def test_look_alike_applications_and_offers_are_not_job_mail(name):
    assert understood(**LOOKALIKES[name]).category in NOISE


def test_the_employer_named_in_the_text_beats_the_platform_that_carried_it():
    u = understood(sender="maple-dev <notifications@github.com>",
                   subject="Re: [birchline/api] Paid maintainer role (#77)",
                   body="Hi Sam, we'd like to talk about the paid maintainer role at Birchline Analytics. "
                        "Could you write to me at careers@birchline.io?\n\n-- \nReply to this email directly "
                        "or view it on GitHub.")
    assert u.company != "maple-dev" and u.company != "GitHub"


def test_a_job_platform_unknown_to_the_vendor_list_is_not_the_employer():
    u = understood(sender="HireNest <no-reply@hirenest.example>", subject="Application received",
                   body="Hi Sam,\n\nYour application to Copper Kettle Cafe for the Barista role was received. "
                        "They will review it soon.\n\nThe HireNest team")
    assert u.company == "Copper Kettle Cafe"


def _tiny_model(job_logit: float, noise_logit: float) -> learned.Model:
    classes = ("not_job_related", "rejection")
    weights = np.array([[noise_logit, job_logit]], dtype=np.float32)
    return learned.Model(classes=classes, index={"x:human_sender": 0}, weights=weights, bias=np.zeros(2),
                         temperature=1.0, meta={})


def test_job_mail_close_to_noise_is_a_noise_doubt_and_clear_job_mail_is_not():
    s = Signals(subject="hello", text="hello", human_sender=True)
    rules = Verdict("not_job_related", 0.5)
    close = decide(s, rules, _tiny_model(job_logit=1.0, noise_logit=0.2))
    clear = decide(s, rules, _tiny_model(job_logit=6.0, noise_logit=0.0))
    assert (close.category, close.noise_doubt) == ("rejection", True)
    assert (clear.category, clear.noise_doubt) == ("rejection", False)
    assert close.confidence < 0.8 <= clear.confidence


def test_a_reply_in_a_companys_hiring_repository_is_job_mail():
    u = understood(sender="tomas-v <notifications@github.com>",
                   subject="Re: [larkspur-io/frontend-challenge] Sam's solution (#12)",
                   body="Hi Sam, nice work on the challenge. We'll be in touch about a call with the team "
                        "shortly.\n\n—\nReply to this email directly or view it on GitHub.",
                   headers={"In-Reply-To": "<larkspur-io/frontend-challenge/pull/12@github.com>"})
    assert u.category not in NOISE


def test_a_companys_hiring_mailbox_is_a_fact_the_model_reads_but_a_personal_or_platform_one_is_not():
    def facts(sender):
        reading = read(parse_message(raw_message(sender=sender, subject="Hello", body="Hi Sam, see you soon.")), ME)
        rules = classify_incoming(reading.signals)
        return learned.features(reading.signals, rules.scores, rules.evidence)

    assert "x:hiring_mailbox" in facts("Elmstead Careers <careers@elmstead.example>")
    assert "x:hiring_mailbox" in facts("Talent <talent.team@elmstead.example>")
    assert "x:hiring_mailbox" not in facts("Careers <careers2024@gmail.com>")
    assert "x:hiring_mailbox" not in facts("Jobs <jobs@greenhouse.io>")
    assert "x:hiring_mailbox" not in facts("Hrvoje Horvat <hrvoje@elmstead.example>")


def test_a_code_hosts_thread_in_a_repository_that_hires_is_a_fact_the_model_reads():
    def facts(subject):
        reading = read(parse_message(raw_message(sender="dev <notifications@github.com>", subject=subject,
                                                 body="Thanks!")), ME)
        rules = classify_incoming(reading.signals)
        return learned.features(reading.signals, rules.scores, rules.evidence)

    assert "x:hiring repository" in facts("Re: [acme-br/vagas] Backend na Acme (#4)")
    assert "x:hiring repository" in facts("Re: [acme/desafio-backend] Entrega (#9)")
    assert "x:hiring repository" not in facts("Re: [acme/parser] Fix the tokenizer (#88)")


def test_a_person_networking_from_their_company_is_not_held_but_the_same_words_in_bulk_mail_are():
    classes = ("not_job_related", "networking")
    model = learned.Model(classes=classes, index={"x:human_sender": 0},
                          weights=np.array([[0.6, 1.0]], dtype=np.float32), bias=np.zeros(2), temperature=1.0, meta={})
    rules = Verdict("networking", 0.6)
    person = decide(Signals(subject="coffee?", text="coffee?", human_sender=True, employer_sender=True), rules, model)
    bulk = decide(Signals(subject="coffee?", text="coffee?", human_sender=True, employer_sender=True, bulk=True),
                  rules, model)
    assert person.category == bulk.category == "networking"
    assert (person.noise_doubt, bulk.noise_doubt) == (False, True)
