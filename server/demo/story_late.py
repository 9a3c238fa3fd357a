"""The recent threads of the demo mailbox, the ones with actions due as of `today`."""

from __future__ import annotations

from datetime import timedelta

from server.demo.writer import ME, Thread, Writer, invite

SIGN = "\n\nBest,\nAlex Morgan\n(555) 014-2207 · linkedin.com/in/alex-morgan-data"


def bluefin(w: Writer) -> None:
    """Panel interview that ended yesterday: thank-yous due to Rafael, Aisha and Sofia."""
    kenji = "Kenji Tanaka <kenji.tanaka@bluefin-robotics.example>"
    sofia = "Sofia García <sofia.garcia@bluefin-robotics.example>"
    rafael = "Rafael Moreno <rafael.moreno@bluefin-robotics.example>"
    aisha = "Aisha Rahman <aisha.rahman@bluefin-robotics.example>"
    ats = "Bluefin Robotics <no-reply@hire.lever.co>"
    sig = "\n\nThanks,\nKenji\n\nKenji Tanaka\nTechnical Recruiter, Bluefin Robotics"
    w.send(when=w.at(35, "13:02"), sender=ats, to=ME, subject="Thank you for your application to Bluefin Robotics",
           body="Hi Alex,\n\nThank you for applying for the Data Engineer position at Bluefin Robotics. We've "
                "received your application and our team will review it shortly.\n\nBluefin Robotics\n"
                "Sent by Bluefin Robotics using Lever.")
    t = Thread("Data Engineer application")
    w.send(when=w.at(34, "09:20"), sender=ME, to=kenji, thread=t,
           body="Hi Kenji,\n\nI applied for the Data Engineer role yesterday. I saw your team's post on "
                "streaming telemetry from the warehouse robots; I've run a similar Kafka pipeline and would love "
                "to compare notes." + SIGN)
    screen = w.event(24, "10:00")
    w.send(when=w.at(28, "10:45"), sender=kenji, to=ME, thread=t,
           body="Hi Alex,\n\nThanks for the note, the telemetry angle is spot on. Are you free for a 30-minute "
                f"screen on {screen - timedelta(days=1):%A} or {screen:%A} morning?" + sig)
    w.send(when=w.at(27, "08:05"), sender=ME, to=kenji, thread=t, body=f"{screen:%A} at 10 would be great." + SIGN)
    w.send(when=w.at(27, "09:30"), sender=kenji, to=ME, thread=t, body="Done, see the invite." + sig,
           calendar=invite(uid="bf-screen@bluefin-robotics.example", start=screen, minutes=30,
                           summary="Bluefin Robotics — recruiter screen", organizer=kenji, attendees=[ME],
                           location="https://meet.example/bluefin-screen", stamp=w.at(27, "09:30")))
    w.send(when=w.same_day(screen, "12:10"), sender=ME, to=kenji, thread=t,
           body="Hi Kenji,\n\nThanks for the chat this morning — the plans for the new fulfilment sites "
                "sound exciting." + SIGN)
    w.send(when=w.at(12, "15:40"), sender=ats, to=ME, subject="Schedule your interview with Bluefin Robotics",
           body="Hi Alex,\n\nThe hiring team would like to move forward with a panel interview for the Data "
                "Engineer position. Please choose the times that work for you:\n"
                "https://hire.lever.co/interviews/bluefin/availability\n\nBluefin Robotics")
    panel = w.event(1, "14:00")
    w.send(when=w.at(10, "11:15"), sender=sofia, to=ME, subject="Panel interview confirmed — Bluefin Robotics",
           body=f"Hi Alex,\n\nYou're confirmed for your panel interview on {panel:%A, %B %d} from 2:00 to "
                "3:30 PM Eastern with Rafael Moreno (Engineering Manager, Data Platform) and Aisha Rahman "
                "(Senior Data Engineer). The invite is attached.\n\nBest,\nSofia García\n"
                "Recruiting Coordinator | Bluefin Robotics",
           calendar=invite(uid="bf-panel@bluefin-robotics.example", start=panel, minutes=90,
                           summary="Bluefin Robotics panel interview — Alex Morgan (Data Engineer)",
                           organizer=sofia, attendees=[ME, rafael, aisha],
                           location="Bluefin Robotics, 400 Harbor Street, Boston (3rd floor)",
                           description="Rafael Moreno, Aisha Rahman", stamp=w.at(10, "11:15")))
    w.send(when=w.days_before(panel, 1, "16:00"), sender=sofia, to=ME, subject="See you tomorrow!",
           body="Hi Alex,\n\nA quick reminder about tomorrow at 2pm. Check in at reception on the 3rd floor "
                "and ask for me.\n\nSofia")


def cobalt(w: Writer) -> None:
    """Interview 8 days ago, thanked, no news since: a status follow-up is due."""
    liam = "Liam Brennan <liam.brennan@cobalt-ledger.example>"
    ines = "Ines Novak <ines.novak@cobalt-ledger.example>"
    kwame = "Kwame Mensah <kwame.mensah@cobalt-ledger.example>"
    ats = "Cobalt Ledger Careers <cobaltledger@myworkday.com>"
    w.send(when=w.at(42, "06:30"), sender=ats, to=ME, subject="Cobalt Ledger - Application Confirmation - R-48812",
           body="Dear Alex Morgan,\n\nThank you for applying for the position of Analytics Engineer "
                "(Requisition R-48812) with Cobalt Ledger. If your qualifications match our needs, a member of "
                "our Talent Acquisition team will contact you.\n\nCobalt Ledger Talent Acquisition\n"
                "Please do not reply to this automated message.")
    w.send(when=w.at(40, "11:00"), sender=ME, to=ines, subject="Analytics Engineer (R-48812)",
           body="Hi Ines,\n\nI recently applied for the Analytics Engineer role on your team. I read your talk "
                "notes on dbt testing at scale and put together a short example of the pattern I use for "
                "contract tests; happy to send it over." + SIGN)
    w.send(when=w.at(30, "06:45"), sender=ats, to=ME, subject="Your application status has changed",
           body="Dear Alex,\n\nThe status of your application for Analytics Engineer (R-48812) has changed to: "
                "Hiring Manager Review.\n\nCobalt Ledger Careers")
    t = Thread("Interview — Analytics Engineer at Cobalt Ledger")
    sig = "\n\nKind regards,\nLiam Brennan\nTalent Acquisition Partner, Cobalt Ledger"
    w.send(when=w.at(20, "10:20"), sender=liam, to=ME, thread=t,
           body="Hi Alex,\n\nInes enjoyed your note and would like to interview you. Could you share a few "
                "times next week or the week after?" + sig)
    w.send(when=w.at(19, "08:30"), sender=ME, to=liam, thread=t,
           body="Hi Liam,\n\nThank you! Any morning in the week after next works for me." + SIGN)
    interview = w.event(8, "10:00")
    w.send(when=w.at(18, "15:00"), sender=liam, to=ME, thread=t,
           body="You're all set — the invite is attached. You'll meet Ines Novak (Analytics Lead) and Kwame "
                "Mensah (Staff Analytics Engineer)." + sig,
           calendar=invite(uid="cl-48812@cobalt-ledger.example", start=interview, minutes=60,
                           summary="Interview - Analytics Engineer - Alex Morgan", organizer=liam,
                           attendees=[ME, ines, kwame], location="https://teams.example/cobalt-48812",
                           stamp=w.at(18, "15:00")))
    w.send(when=w.same_day(interview, "15:30"), sender=ME, to=ines, cc=kwame, subject="Thank you",
           body="Hi Ines and Kwame,\n\nThank you for this morning's interview. I enjoyed the discussion about "
                "moving the finance models to incremental builds." + SIGN)
    w.send(when=w.same_day(interview, "15:35"), sender=ME, to=liam, thread=t,
           body="Hi Liam,\n\nThank you for setting up today's interview with Ines and Kwame — everything "
                "went smoothly and I enjoyed meeting them both." + SIGN)


def harborview(w: Writer) -> None:
    """Applied 11 days ago, followed up 9 days ago, no answer: the second nudge is due."""
    nadia = "Nadia Petrov <nadia.petrov@harborview-logistics.example>"
    w.send(when=w.at(11, "20:14"), sender="Harborview Logistics Recruiting <no-reply@ashbyhq.com>", to=ME,
           subject="Application received: Business Intelligence Developer",
           body="Hi Alex,\n\nThis email confirms that your application for the Business Intelligence Developer "
                "role at Harborview Logistics was submitted successfully. Our team will review it and reach "
                "out about next steps.\n\nHarborview Logistics Recruiting\nPowered by Ashby")
    w.send(when=w.at(9, "09:05"), sender=ME, to=nadia, subject="Business Intelligence Developer — following up",
           body="Hi Nadia,\n\nI applied for the Business Intelligence Developer role two days ago. I've spent "
                "three years building freight cost dashboards in Power BI and Looker, and I'd love to show you "
                "how we cut reporting time in half." + SIGN)


def tessellate(w: Writer) -> None:
    """Online application 2 days ago, nothing since: the first follow-up is due."""
    w.send(when=w.at(2, "21:32"), sender="Tessellate Labs <noreply@candidates.workablemail.com>", to=ME,
           subject="Thanks for applying to Tessellate Labs",
           body="Hi Alex,\n\nThank you for applying for the Senior Data Analyst position at Tessellate Labs! "
                "We review every application by hand, so it may take a little while. You'll hear from us "
                "either way.\n\nThe Tessellate Labs team\nSent with Workable on behalf of Tessellate Labs.")


def lumen_and_loom(w: Writer) -> None:
    """A friend passed the résumé to the hiring manager 2 days ago: thank Sam, contact Dana."""
    sam = "Sam Rivera <sam.rivera@riveramail.example>"
    dana = "Dana Whitaker <dana.whitaker@lumen-loom.example>"
    t = Thread("Product Analyst at Lumen & Loom?")
    w.send(when=w.at(6, "19:45"), sender=ME, to=sam, thread=t,
           body="Hey Sam,\n\nHope you and Jo are well! I saw Lumen & Loom is hiring a Product Analyst. Would "
                "you be comfortable passing my résumé to the hiring manager? No worries at all if not.\n\n"
                "Thanks!\nAlex")
    w.send(when=w.at(2, "12:20"), sender=sam, to=ME, cc=dana, thread=t,
           body="Hi Alex,\n\nDone! I passed your résumé to Dana Whitaker, who leads product analytics here and "
                "is hiring for the role (cc'd). Dana, Alex and I worked together for three years — one of the "
                "sharpest analysts I know.\n\nI'll let you two take it from here.\n\nSam")


def kestrel(w: Writer) -> None:
    """Met at a meetup, coffee yesterday (calendar invite): a follow-up is due."""
    marcus = "Marcus Okonkwo <marcus.okonkwo@kestrel-mobility.example>"
    t = Thread("Great meeting you at the NYC Data Meetup")
    w.send(when=w.at(11, "09:10"), sender=marcus, to=ME, thread=t,
           body="Hi Alex,\n\nGreat meeting you at the meetup last night. As promised, here's the post on "
                "causal impact for pricing I mentioned: https://blog.example/causal-pricing\n\n"
                "Marcus Okonkwo\nStaff Data Scientist, Kestrel Mobility")
    w.send(when=w.at(10, "18:40"), sender=ME, to=marcus, thread=t,
           body="Hi Marcus,\n\nThanks for the link — I read it on the train. I'd love to hear more about how "
                "your team works; could I buy you a coffee sometime next week?" + SIGN)
    coffee = w.event(1, "08:30")
    w.send(when=w.at(9, "12:05"), sender=marcus, to=ME, thread=t,
           body=f"Happy to! How about {coffee:%A} at 8:30 at Fern Café on Hudson Street? I'll send an invite.\n\n"
                "Marcus")
    w.send(when=w.at(8, "13:00"), sender=marcus, to=ME, thread=t,
           body=f"Marcus Okonkwo has invited you to: Coffee — Marcus / Alex\n{coffee:%A, %B %d} 8:30am – 9:15am "
                "(Eastern Time)\nFern Café, Hudson Street",
           calendar=invite(uid="coffee-marcus-alex@kestrel-mobility.example", start=coffee, minutes=45,
                           summary="Coffee — Marcus / Alex", organizer=marcus, attendees=[ME],
                           location="Fern Café, Hudson Street, New York", stamp=w.at(8, "13:00")))
