"""The job-search threads of the demo mailbox (see mailbox.py for the story). Each
function writes one employer's conversation; `days_ago` counts back from `today`."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from server.demo.story_late import bluefin, cobalt, harborview, kestrel, lumen_and_loom, tessellate
from server.demo.writer import ME, Thread, Writer, invite

CHICAGO = ZoneInfo("America/Chicago")
SIGN = "\n\nBest,\nAlex Morgan\n(555) 014-2207 · linkedin.com/in/alex-morgan-data"


def write(w: Writer) -> None:
    sable_peak(w)
    orchard_lane(w)
    northwind(w)
    quillfeather(w)
    bluefin(w)
    cobalt(w)
    harborview(w)
    tessellate(w)
    lumen_and_loom(w)
    kestrel(w)


def sable_peak(w: Writer) -> None:
    omar = "Omar Haddad <omar.haddad@sablepeak.example>"
    ats = "Sable Peak Software <no-reply@us.greenhouse-mail.io>"
    w.send(when=w.at(118, "09:12"), sender=ats, to=ME, reply_to=omar,
           subject="Thank you for applying to Sable Peak Software",
           body="Hi Alex,\n\nThanks for applying for the Data Analyst, Growth role at Sable Peak Software. "
                "Our team reviews every application and will be in touch if there is a match.\n\n"
                "The Sable Peak Recruiting Team\n\nSent via Greenhouse on behalf of Sable Peak Software.")
    t = Thread("Data Analyst, Growth — a quick hello")
    w.send(when=w.at(117, "10:30"), sender=ME, to=omar, thread=t,
           body="Hi Omar,\n\nI applied for the Data Analyst, Growth role yesterday and wanted to introduce myself. "
                "At my current job I built the retention dashboard our product team uses every week; "
                "I'd be glad to walk you through it." + SIGN)
    w.send(when=w.at(112, "16:05"), sender=omar, to=ME, thread=t,
           body="Hi Alex,\n\nThanks for the note! I've shared your profile with the hiring manager and will "
                "let you know what they think.\n\nBest,\nOmar Haddad\nTechnical Recruiter | Sable Peak Software")
    w.send(when=w.at(104, "11:40"), sender=ats, to=ME, subject="Your application to Sable Peak Software",
           body="Hi Alex,\n\nThank you for your interest in the Data Analyst, Growth position. After careful "
                "review, we have decided to move forward with candidates whose experience more closely matches "
                "our current needs.\n\nWe wish you the best in your search.\n\nThe Sable Peak Recruiting Team")
    w.send(when=w.at(103, "09:02"), sender=ME, to=omar, thread=t,
           body="Hi Omar,\n\nThank you for letting me know, and for passing my profile along. If you have any "
                "suggestions on how I could have been a stronger fit, I'd really welcome them. I'd love to be "
                "considered for future analytics roles at Sable Peak." + SIGN)
    w.send(when=w.at(102, "13:15"), sender=omar, to=ME, thread=t,
           body="Hi Alex,\n\nThat's gracious of you. The team went with someone with more experimentation "
                "background. I'll keep you in mind for the next analytics opening.\n\nOmar")


def orchard_lane(w: Writer) -> None:
    renee = "Renée Dubois <renee.dubois@orchardlane.example>"
    t = Thread("Analytics Manager at Orchard Lane Foods")
    start = w.event(90, "14:00")
    w.send(when=w.at(96, "08:47"), sender=renee, to=ME, thread=t,
           body="Hi Alex,\n\nI'm a talent partner at Orchard Lane Foods. We're hiring an Analytics Manager "
                "to lead a team of four in Minneapolis, and your background in retail analytics caught my eye. "
                "Would you be open to a 20-minute call?\n\nBest,\nRenée Dubois\nTalent Partner, Orchard Lane Foods")
    w.send(when=w.at(95, "19:20"), sender=ME, to=renee, thread=t,
           body="Hi Renée,\n\nThanks for reaching out! I'd be happy to learn more. "
                f"{start - timedelta(days=1):%A} or {start:%A} afternoon would work for me." + SIGN)
    w.send(when=w.at(93, "09:31"), sender="Calendly <notifications@calendly.com>", to=ME,
           subject="New Event: Alex Morgan - 20 Minute Intro with Renée Dubois",
           body=f"Hi Alex,\n\nA new event has been scheduled.\n\nEvent: 20 Minute Intro — Orchard Lane Foods\n"
                f"Date/time: {start:%A, %B %d, %Y} at 2:00 PM (Eastern Time)\nLocation: phone\n\nPowered by Calendly",
           calendar=invite(uid="orchard-intro-1@calendly.example", start=start, minutes=20,
                           summary="20 Minute Intro between Renée Dubois and Alex Morgan", organizer=renee,
                           attendees=[ME], location="Phone call", stamp=w.at(93, "09:31")))
    w.send(when=w.at(88, "10:10"), sender=ME, to=renee, thread=t,
           body=f"Hi Renée,\n\nThank you again for the call on {start:%A}. After thinking it over, I've realised "
                "relocating to Minneapolis isn't right for me at the moment, so I'll step back from the "
                "process. I really appreciated your openness, and I'd love to stay in touch." + SIGN)
    w.send(when=w.at(87, "12:00"), sender=renee, to=ME, thread=t,
           body="Totally understood, Alex — thanks for being upfront. Let's keep in touch; if a remote role "
                "opens up I'll reach out.\n\nRenée")


def northwind(w: Writer) -> None:
    maya = "Maya Lindqvist <maya.lindqvist@northwind-analytics.example>"
    hannah = "Hannah Fischer <hannah.fischer@northwind-analytics.example>"
    tomas = "Tomás Ribeiro <tomas.ribeiro@northwind-analytics.example>"
    wei = "Wei Zhang <wei.zhang@northwind-analytics.example>"
    leila = "Leila Iyer <leila.iyer@northwind-analytics.example>"
    ats = "Northwind Analytics <no-reply@us.greenhouse-mail.io>"
    sig = "\n\nBest,\nMaya Lindqvist\nSenior Technical Recruiter | Northwind Analytics"
    w.send(when=w.at(70, "08:03"), sender=ats, to=ME, reply_to=maya,
           subject="Thanks for applying to Northwind Analytics — Senior Data Analyst",
           body="Hi Alex,\n\nWe've received your application for the Senior Data Analyst role (job ID NW-2291). "
                "Our recruiting team will review it and reach out if your background is a match.\n\n"
                "Northwind Analytics Recruiting\n\nThis message was sent via Greenhouse.")
    t = Thread("Senior Data Analyst (NW-2291) — introduction")
    w.send(when=w.at(69, "09:45"), sender=ME, to=maya, thread=t,
           body="Hi Maya,\n\nI applied for the Senior Data Analyst role yesterday. I noticed Northwind just "
                "launched its supply-chain benchmarks; I've built something similar for a retailer and wrote a "
                "short note on what we learned — happy to share it." + SIGN)
    screen = w.event(61, "14:00", CHICAGO)
    w.send(when=w.at(66, "11:20", CHICAGO), sender=maya, to=ME, thread=t,
           body="Hi Alex,\n\nThanks for the note — the benchmarks write-up was a nice touch. We'd love to set up "
                f"a chat with you about the role. Would {screen - timedelta(days=1):%A} at 11am or {screen:%A} at "
                "2pm (Central) work?" + sig)
    w.send(when=w.at(65, "08:15"), sender=ME, to=maya, thread=t,
           body=f"Hi Maya,\n\n{screen:%A} at 2pm Central works well for me. Looking forward to it." + SIGN)
    w.send(when=w.at(64, "09:00", CHICAGO), sender=maya, to=ME, thread=t,
           body="Great, you're booked — invite attached. I'll call you on the number from your résumé." + sig,
           calendar=invite(uid="nw-screen-2291@northwind-analytics.example", start=screen, minutes=30,
                           summary="Northwind Analytics: phone screen (Senior Data Analyst)", organizer=maya,
                           attendees=[ME], location="Phone", stamp=w.at(64, "09:00", CHICAGO)))
    w.send(when=w.same_day(screen, "17:30"), sender=ME, to=maya, subject="Thank you for today",
           body="Hi Maya,\n\nThank you for the conversation this afternoon. Hearing how the analytics team "
                "partners with operations made me even more excited about the role." + SIGN)
    w.send(when=w.at(55, "10:02"), sender="Northwind Analytics Recruiting <scheduling@goodtime.io>", to=ME,
           subject="Action required: share your availability for Northwind Analytics",
           body="Hi Alex,\n\nNorthwind Analytics would like to schedule your virtual onsite for Senior Data "
                "Analyst: two 45-minute conversations. Please share your availability in the next two days:\n"
                "https://app.goodtime.io/availability/nw2291a\n\nThank you,\nHannah Fischer\nRecruiting Coordinator")
    onsite = w.event(47, "10:00", CHICAGO)
    w.send(when=w.at(54, "15:12"), sender="Northwind Analytics Recruiting <scheduling@goodtime.io>", to=ME,
           subject="Interview Confirmation: Senior Data Analyst at Northwind Analytics",
           body=f"Hi Alex,\n\nYour virtual onsite is confirmed for {onsite:%A, %B %d} at 10:00 AM Central.\n\n"
                "10:00 — Tomás Ribeiro, Director of Data\n10:50 — Wei Zhang, Senior Data Analyst\n\n"
                "Join: https://meet.example/nw-onsite-2291\n\nBest,\nHannah Fischer\nRecruiting Coordinator, Northwind Analytics",
           calendar=invite(uid="nw-onsite-2291@goodtime.example", start=onsite, minutes=95,
                           summary="Northwind Analytics virtual onsite — Alex Morgan", organizer=hannah,
                           attendees=[ME, tomas, wei], location="https://meet.example/nw-onsite-2291",
                           stamp=w.at(54, "15:12", CHICAGO)))
    for person, detail in ((tomas, "how you think about metric ownership across teams"),
                           (wei, "the walkthrough of your forecasting notebook"),
                           (hannah, "organising everything so smoothly")):
        first = person.split()[0]
        w.send(when=w.same_day(onsite, "16:40"), sender=ME, to=person, subject="Thank you",
               body=f"Hi {first},\n\nThank you for today. I especially appreciated {detail}." + SIGN)
    w.send(when=w.same_day(onsite + timedelta(days=1), "09:10", CHICAGO), sender=tomas, to=ME, subject="Re: Thank you",
           body="Thanks Alex, I enjoyed it too. Maya will be in touch about next steps.\n\nTomás")
    final = Thread("Northwind Analytics — final round")
    w.send(when=w.at(40, "13:00", CHICAGO), sender=maya, to=ME, thread=final,
           body="Hi Alex,\n\nGreat news: the team would like you to come back for a final conversation with "
                "Leila Iyer, our VP of Analytics, including a 15-minute case presentation. Any afternoon next "
                "week?" + sig)
    last = w.event(33, "15:00", CHICAGO)
    w.send(when=w.at(39, "08:20"), sender=ME, to=maya, thread=final,
           body=f"Hi Maya,\n\nThat's wonderful news. {last:%A} or {last + timedelta(days=1):%A} afternoon would "
                "both work." + SIGN)
    w.send(when=w.at(38, "10:30", CHICAGO), sender=maya, to=ME, thread=final,
           body=f"Booked for {last:%A} at 3pm Central — invite attached." + sig,
           calendar=invite(uid="nw-final-2291@northwind-analytics.example", start=last, minutes=60,
                           summary="Final interview: Alex Morgan / Leila Iyer", organizer=maya,
                           attendees=[ME, leila], location="https://meet.example/nw-final-2291",
                           stamp=w.at(38, "10:30", CHICAGO)))
    w.send(when=w.same_day(last, "18:05"), sender=ME, to=leila, cc=maya, subject="Thank you for today",
           body="Hi Leila,\n\nThank you for the conversation and the thoughtful questions on my case. Your "
                "point about pricing the data products stayed with me." + SIGN)
    w.send(when=w.at(19, "09:30"), sender=ME, to=maya, thread=final,
           body="Hi Maya,\n\nI hope you're well! I wanted to check in on the Senior Data Analyst role and "
                "let you know I remain very interested." + SIGN)
    w.send(when=w.at(18, "12:45", CHICAGO), sender=maya, to=ME, thread=final,
           body="Hi Alex,\n\nThanks for checking in! We're finishing reference checks and expect to have an "
                "answer for you within two weeks." + sig)
    w.send(when=w.at(2, "17:50", CHICAGO), sender=maya, to=ME, subject="Next steps",
           body="Hi Alex,\n\nSo good to speak with you this afternoon! As I said on the phone, the team would "
                "like to offer you the Senior Data Analyst position. Leila was thrilled.\n\nThe written offer, "
                "with the salary and start date we discussed, will follow in the next few days once finance "
                "signs off. In the meantime, call me with any questions." + sig)


def quillfeather(w: Writer) -> None:
    zoe = "Zoë Kowalski <zoe.kowalski@quillfeather-health.example>"
    gabriel = "Gabriel Silva <gabriel.silva@quillfeather-health.example>"
    ats = "Quillfeather Health Talent Acquisition <quillfeather@talent.icims.com>"
    sig = "\n\nWarmly,\nZoë Kowalski\nSenior Recruiter\nQuillfeather Health"
    w.send(when=w.at(50, "07:58"), sender=ats, to=ME, subject="Quillfeather Health - Application Confirmation - QH-5173",
           body="Dear Alex Morgan,\n\nThank you for applying for the position of Product Analyst (Requisition "
                "QH-5173). We are reviewing all applications and will contact you if your qualifications match "
                "the requirements.\n\nQuillfeather Health Talent Acquisition\nThis mailbox is not monitored.")
    t = Thread("Product Analyst (QH-5173)")
    w.send(when=w.at(49, "12:10"), sender=ME, to=zoe, thread=t,
           body="Hi Zoë,\n\nI just applied for the Product Analyst role. Patient-facing analytics is where I'd "
                "love to work next, and I'd be glad to share an example of a funnel analysis I led." + SIGN)
    screen = w.event(40, "10:00")
    w.send(when=w.at(44, "10:05"), sender=zoe, to=ME, thread=t,
           body="Hi Alex,\n\nThanks for reaching out directly. Would love to set up a chat with the team — "
                f"could you do {screen:%A} at 10am?" + sig)
    w.send(when=w.at(43, "08:40"), sender=ME, to=zoe, thread=t, body=f"{screen:%A} at 10 works perfectly." + SIGN)
    w.send(when=w.at(43, "11:00"), sender=zoe, to=ME, thread=t, body="Great — invite attached." + sig,
           calendar=invite(uid="qh-screen-5173@quillfeather-health.example", start=screen, minutes=30,
                           summary="Quillfeather Health — intro call", organizer=zoe, attendees=[ME],
                           location="https://meet.example/qh-intro", stamp=w.at(43, "11:00")))
    w.send(when=w.same_day(screen, "15:20"), sender=ME, to=zoe, thread=t,
           body="Hi Zoë,\n\nThank you for this morning's call — it was great to hear about the new care "
                "navigation product." + SIGN)
    w.send(when=w.at(36, "09:00"), sender="Quillfeather Health via HackerRank <support@hackerrankforwork.com>",
           to=ME, subject="Quillfeather Health has invited you to take a test",
           body="Hi Alex,\n\nQuillfeather Health has invited you to complete the Product Analyst SQL "
                "assessment.\n\nDuration: 90 minutes\nPlease complete within 5 days.\n\n"
                "Start: https://www.hackerrank.com/tests/qh5173/login\n\nGood luck!\nHackerRank")
    w.send(when=w.at(33, "21:10"), sender=ME, to=zoe, thread=t,
           body="Hi Zoë,\n\nJust letting you know I've completed the HackerRank assessment." + SIGN)
    hm = w.event(21, "13:30")
    w.send(when=w.at(25, "14:00"), sender=zoe, to=ME, thread=t,
           body="Hi Alex,\n\nYou did well on the assessment! Next is a conversation with Gabriel Silva, our "
                "Director of Product Analytics — I've sent an invite for next week." + sig,
           calendar=invite(uid="qh-hm-5173@quillfeather-health.example", start=hm, minutes=45,
                           summary="Interview: Alex Morgan with Gabriel Silva", organizer=zoe,
                           attendees=[ME, gabriel], location="https://meet.example/qh-gabriel",
                           stamp=w.at(25, "14:00")))
    w.send(when=w.same_day(hm, "17:00"), sender=ME, to=gabriel, subject="Thank you for the conversation",
           body="Hi Gabriel,\n\nThank you for taking the time today. I enjoyed our discussion about measuring "
                "outcomes rather than clicks." + SIGN)
    w.send(when=w.at(14, "09:15"), sender=ME, to=zoe, thread=t,
           body="Hi Zoë,\n\nI hope your week is going well. Is there any update on the Product Analyst "
                "role? I'm still very interested." + SIGN)
    w.send(when=w.at(13, "16:30"), sender=zoe, to=ME, thread=t,
           body="Hi Alex,\n\nThanks for your patience — Gabriel is meeting the last candidates this week, and "
                "we'll have a decision within two weeks." + sig)
    w.send(when=w.at(1, "11:25"), sender=zoe, to=ME, thread=t,
           body="Hi Alex,\n\nFirst, thank you for all the time you gave us — Gabriel really enjoyed your "
                "conversation. It was a close decision, but we have decided not to move forward with your "
                "application: the role went to a candidate with more clinical data experience.\n\nI'd be happy to share feedback, and I hope you'll apply again "
                "when something fits." + sig)
