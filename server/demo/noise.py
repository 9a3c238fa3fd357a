"""Everyday mail in the demo mailbox: job alerts, a hiring newsletter, a podcast, receipts,
bank statements, GitHub notifications and family email. None of it is an opportunity."""

from __future__ import annotations

from server.demo.writer import ME, Thread, Writer

ROLES = ["Senior Data Analyst", "Analytics Engineer", "Data Engineer", "Product Analyst", "BI Developer"]
COMPANIES = ["Verdant Grid Energy", "Meridian Mutual", "Stillwater Games", "Brightwell Education",
             "Halcyon Travel", "Copperline Payments", "Mosaic Learning", "Riverstone Insurance", "Ember Analytics"]
HEADLINES = [
    ("Time-to-offer keeps creeping up", "The median time from first interview to offer is now 34 days."),
    ("Why recruiters go quiet", "Silence usually means a busy hiring manager, not a no."),
    ("Take-homes are back", "More teams are replacing live coding with short paid exercises."),
    ("The shortest interview loops", "Three rounds is the new normal at mid-size companies."),
    ("Salary bands, a year later", "Pay transparency laws changed how candidates negotiate."),
    ("Referrals still win", "A referred candidate is several times more likely to be hired."),
    ("How to read a rejection", "What the template wording actually tells you."),
    ("Thank-you notes, revisited", "Hiring managers still notice who writes one."),
    ("The quiet fourth quarter", "Hiring slows in December but offers still go out."),
]


def write(w: Writer) -> None:
    job_alerts(w)
    newsletters(w)
    everyday(w)
    family(w)


def job_alerts(w: Writer) -> None:
    for i, days in enumerate(range(115, 0, -14)):
        role, company, other = ROLES[i % 5], COMPANIES[i % 9], COMPANIES[(i + 4) % 9]
        w.send(when=w.at(days, "07:15"), sender="LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>", to=ME,
               subject=f"“{role}”: {company} and {8 + i} more new jobs",
               body=f"Your job alert for {role} in New York\n{8 + i} new jobs match your preferences.\n\n"
                    f"{role}\n{company} · New York (Hybrid)\nApply now: https://www.linkedin.com/jobs/view/{4100 + i}\n\n"
                    f"{role}\n{other} · Remote\nEasy Apply\n\nManage your job alerts or unsubscribe.",
               html=f"<html><body><h2>New jobs for you</h2><p><b>{role}</b><br>{company}</p>"
                    f"<p><a href='https://www.linkedin.com/jobs/view/{4100 + i}'>Apply now</a></p></body></html>",
               bulk="linkedin.com", headers={"List-Id": "<jobalerts.linkedin.com>"})
    for i, days in enumerate((80, 52, 24, 5)):
        role = ROLES[(i + 2) % 5]
        # One alert carries no bulk headers at all: it must be recognised by its content.
        w.send(when=w.at(days, "06:02"), sender="Indeed <alert@indeed.com>", to=ME,
               subject=f"{12 + i} new {role} jobs in New York, NY",
               body=f"New jobs for you — {role}, New York, NY\n\n{role} - {COMPANIES[i]} - New York, NY\n"
                    "Easily apply · Responsive employer\n\nSee all jobs: https://www.indeed.example/jobs",
               bulk="indeed.com" if i != 2 else None)


def newsletters(w: Writer) -> None:
    for i, days in enumerate(range(110, 0, -14)):
        title, teaser = HEADLINES[i % len(HEADLINES)]
        w.send(when=w.at(days, "06:30"), sender="The Hiring Pulse <newsletter@hiringpulse.example>", to=ME,
               subject=f"Hiring Pulse #{41 + i}: {title}",
               body=f"THE HIRING PULSE — the job market in five minutes\n\n{title}\n{teaser}\n\n"
                    "Read the full issue: https://hiringpulse.example/issues\n\nYou subscribed at hiringpulse.example.",
               bulk="hiringpulse.example", headers={"List-Id": "<weekly.hiringpulse.example>"})
    w.send(when=w.at(58, "05:00"), sender="The Offer Letter Podcast <episodes@offerletterpod.example>", to=ME,
           subject="New episode: an interview with a hiring manager who reads every thank-you note",
           body="New episode out now! We sit down for an interview with a hiring manager at a large retailer "
                "about follow-up etiquette, offers and what happens after the final round.\n\n"
                "Listen: https://offerletterpod.example/episodes/58", bulk="offerletterpod.example")


def everyday(w: Writer) -> None:
    for i, (days, item, amount) in enumerate(((100, "House Espresso, 1 kg", "24.00"), (63, "Ethiopia Guji, 340 g", "17.50"),
                                              (38, "Decaf Colombia, 340 g", "16.00"), (15, "Gift card", "40.00"))):
        w.send(when=w.at(days, "13:22"), sender="Roastery Row <orders@roasteryrow.example>", to=ME,
               subject=f"Your receipt from Roastery Row (order #{7301 + i})",
               body=f"Thanks for your order, Alex!\n\n{item} ........ ${amount}\nShipping ........ free\n\n"
                    "We'll email you the tracking number when it ships.")
    for days in (92, 61, 30):
        w.send(when=w.at(days, "05:45"), sender="Harbor Federal Credit Union <statements@harborfcu.example>", to=ME,
               subject="Your monthly statement is ready",
               body="Dear Alex Morgan,\n\nYour statement for your checking account is ready to view in online "
                    "banking.\n\nHarbor Federal Credit Union")
    w.send(when=w.at(45, "10:02"), sender="Harbor Federal Credit Union <cards@harborfcu.example>", to=ME,
           subject="Your application has been received",
           body="Dear Alex Morgan,\n\nThank you for applying for the Harbor Rewards Visa card. Your application "
                "has been received and is under review; most decisions take 7–10 business days.\n\n"
                "Harbor Federal Credit Union")
    for days, number, text in ((70, 214, "Fix timezone handling in the export job"), (9, 231, "Add retry to the loader")):
        w.send(when=w.at(days, "22:10"), sender="Jonas Byrne <notifications@github.com>", to=ME,
               subject=f"Re: [alexm/notebooks] {text} (#{number})",
               body=f"@jbyrne commented on this pull request.\n\nLooks good to me, thanks for the fix!\n\n"
                    f"Reply to this email directly or view it on GitHub:\nhttps://github.com/alexm/notebooks/pull/{number}",
               headers={"List-Id": "alexm/notebooks <notebooks.alexm.github.com>",
                        "List-Unsubscribe": "<https://github.com/notifications/unsubscribe/x1>"})


def family(w: Writer) -> None:
    mom = "Linda Morgan <linda.morgan@familymail.example>"
    for days, subject, body in (
        (108, "Sunday?", "Hi honey, are you coming on Sunday? Dad is making his lasagne.\n\nLove, Mom"),
        (77, "photos from the lake", "Here are the photos from the lake! The one with the dog is my favourite.\n\nMom"),
        (48, "Grandma's birthday", "Don't forget Grandma's birthday on Thursday — I signed the card from all of us.\n\nLove, Mom"),
    ):
        w.send(when=w.at(days, "19:30"), sender=mom, to=ME, subject=subject, body=body)
    t = Thread("Thanksgiving plans")
    w.send(when=w.at(22, "20:10"), sender=mom, to=ME, thread=t,
           body="Hi sweetie, are you coming home for Thanksgiving? How is the job search going? Don't stress.\n\nMom")
    w.send(when=w.at(21, "08:00"), sender=ME, to=mom, thread=t,
           body="Hi Mom! Yes, I'll be there Wednesday evening. The search is going well — a few interviews "
                "coming up. I'll bring pie.\n\nLove,\nAlex")
    w.send(when=w.at(4, "18:45"), sender=mom, to=ME, thread=t,
           body="Wonderful! Pumpkin please. Drive safely.\n\nMom")
