"""Phrasings for scheduled interviews (with calendar invites) and assessments. Original
text written for this corpus. Data module (see build_corpus.py)."""

from job_templates import ATS_EU

GCAL = {"summary": "Interview: {me} <> {company} ({role})", "description": "Join: {video}"}
INTERVIEW_SCHEDULED = [
    {"vendor": "calendly", "from": "Calendly <notifications@calendly.com>", "interview_at": True,
     "subject": ["New Event: {me} - {duration} «Intro Call|Phone Screen» with {recruiter}",
                 "Confirmed: {duration} call with {recruiter} ({company})"],
     "body": """Hi {first},

Your «event|meeting» «has been scheduled|is confirmed».

Event: {duration} «Intro Call|Phone Screen|Recruiter Chat» — {company}
Invitee: {me}
Event date/time: {when}
Location: {video}

[[Need to make changes to this event? Cancel or reschedule: https://calendly.com/cancellations/{hex}
]]
Powered by Calendly
""", "ics": {"summary": "{duration} Intro Call between {recruiter} and {me}", "prodid": "-//Calendly//EN",
             "uid_host": "calendly.com"}},
    {"vendor": "goodtime", "from": "{company} Recruiting <scheduling@goodtime.io>", "interview_at": True,
     "subject": ["Interview Confirmation: {role} at {company}", "Your interview with {company} is confirmed"],
     "body": """Hi {first},

«Your interview has been scheduled|We've confirmed your interview» for the {role} position. Details are below and «a calendar invitation is attached|in the attached invite».

Date & time: {when}
Duration: {duration}
Interviewers: {manager} ({manager_title}), {peer} ({peer_title})
Join: {video}

[[If you need to reschedule, please reply to this email at least 24 hours in advance.
]]
Best,
{coordinator}
{company} Recruiting
""", "ics": {"summary": "{company} Interview — {role}", "prodid": "-//GoodTime.io//Scheduler//EN", "uid_host": "goodtime.io"}},
    {"vendor": "human", "sender": "coordinator", "interview_at": True,
     "subject": ["Invitation: {company} Interview - {me} @ {when_day}", "Interview confirmed — {when_day}"],
     "body": """{greet}

«Thanks for sending your availability.|Thanks for getting back to me so quickly!» «You're all set|I've booked you» for {when} with {manager}«.|, our {manager_title}.»

«The interview will take place over video|We'll meet on video»: {video}
[[Please have a laptop with «a code editor|your favourite IDE» ready — «there will be some live problem solving|you'll pair with an engineer for part of the session».
]]
A calendar invite «is on its way|is attached». «Good luck|Let me know if anything changes»!

{sig_coordinator}
""", "ics": GCAL},
    {"vendor": "human", "sender": "coordinator", "interview_at": True,
     "subject": ["Onsite interview details — {company}", "Your visit to {company} on {when_day}"],
     "body": """{greet}

«Here are the details for|Looking forward to seeing you at» your onsite interview for the {role} role.

When: {when}
Where: {address} («check in at reception and ask for me|reception on the ground floor»)
Schedule:
  - {manager}, {manager_title}
  - {peer}, {peer_title}
  - «Lunch with the team|Culture conversation with {recruiter}»

[[Parking is available in the garage next door; we'll validate your ticket.
]]
{sig_coordinator}
""", "ics": {"summary": "Onsite interview: {me} ({role})", "location": "{address}"}},
    {"vendor": ["greenhouse", "ashby", "lever"], "interview_at": True,
     "subject": ["Interview confirmation: {role} at {company}", "Confirmed: your {company} interview"],
     "body": """{greet}

This «confirms|is a confirmation of» your «upcoming interview|interview» for the {role} position at {company}.

Time: {when}
Format: «Video call|Video interview» ({video})
With: {manager}

«If you need to reschedule|If the time no longer works», «reply to this email|contact {coordinator} at {coordinator_addr}».

{team}
""", "ics": {"summary": "Interview with {company}", "prodid": "-//Ashby//Interview Scheduling//EN", "uid_host": "ashbyhq.com"}},
    {"vendor": "human", "sender": "recruiter", "interview_at": True, "reply": True,
     "subject": ["Re: Phone screen", "Re: Next steps with {company}"],
     "body": """{greet}

«Perfect|Great», {when_day} works. «I'll call you|I'll give you a ring» at {when} on the number from your résumé«.|, and we'll talk for about {duration}.» [[If anything changes just let me know.]]

{sig_recruiter}

{quote}
""", "quote": "Hi {recruiter_first},\n\nThanks for reaching out! {when_day} afternoon or the following morning would work well for me.\n\nBest,\n{first}"},
    {"vendor": "google_calendar", "from": "{manager} (Google Calendar) <calendar-notification@google.com>", "interview_at": True,
     "subject": ["Invitation: {role} interview - {me} @ {when}", "Updated invitation: Interview with {company} @ {when}"],
     "body": """{manager} has invited you to «an event|this event».

{role} interview - {me}
When: {when}
Joining info: {video}
Organizer: {manager_addr}
Guests: {me_addr}, {peer_addr}

View all guest info: https://calendar.google.com/calendar/event?eid={hex}

Reply for {me_addr}: Yes / No / Maybe

Invitation from Google Calendar
""", "ics": {"summary": "{role} interview - {me}", "prodid": "-//Google Inc//Google Calendar 70.9054//EN"}},
    {"vendor": ATS_EU, "interview_at": True,
     "subject": ["Your interview on {when_day} — {company}", "Interview booked: {role}"],
     "body": """{greet}

Thank you for booking a time. «We look forward to meeting you|See you soon»!

📅 {when}
⏱ {duration}
📍 {video}

«You'll meet|Your interviewer is» {manager}, {manager_title}. [[Bring any questions you have about the team and the role.]]

{recruiter}
{company}
""", "ics": {"summary": "Interview {company} – {me}", "prodid": "-//Teamtailor//EN", "uid_host": "teamtailor.com"}},
    {"vendor": ["workday", "icims", "taleo"], "interview_at": True,
     "subject": ["Interview Scheduled - {role} - {job_id}", "Interview Confirmation - {job_id}"],
     "body": """Dear {me},

Your interview for {role} (Requisition {job_id}) has been scheduled.

Date/Time: {when}
Interview type: «Microsoft Teams|Video|Phone»
Interviewer(s): {manager}; {peer}

Please accept the attached meeting request. If you require an accommodation, contact {coordinator_addr}.

{company} Talent Acquisition
""", "ics": {"summary": "Interview - {role} - {me}", "prodid": "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
             "uid_host": "outlook.com"}},
]

ASSESSMENT = [
    {"vendor": "hackerrank", "from": "{company} via HackerRank <support@hackerrankforwork.com>",
     "subject": ["{company} has invited you to take a test", "Invitation: {company} {role} coding assessment"],
     "body": """{greet}

«{company} has invited you to complete|You've been invited by {company} to take» the «{role} Coding Challenge|online coding test» on HackerRank.

Test duration: {test_minutes} minutes
Please complete by: {deadline}

Start the test: https://www.hackerrank.com/tests/{hex}/login

[[Tips: make sure you have a stable connection; the timer starts as soon as you begin.
]]
Good luck!
HackerRank, on behalf of {company}
"""},
    {"vendor": "codility", "from": "Codility <no-reply@codility.com>",
     "subject": ["{company} — Codility test invitation", "Your online assessment from {company}"],
     "body": """Hello {first},

{company} «invites you to|asks you to» take an online programming assessment «as part of your application|for the {role} position».

The test «contains 3 tasks|has two tasks» and takes {test_minutes} minutes. You can «start whenever you're ready|start at any time» before {deadline}.

Open the test: https://app.codility.com/test/{hex}/

Codility sp. z o.o.
"""},
    {"vendor": "codesignal", "from": "CodeSignal <noreply@codesignal.com>",
     "subject": ["Complete your {company} General Coding Assessment", "{company} assessment invitation"],
     "body": """Hi {first},

As the next step in «their|the» hiring process for {role}, {company} «is inviting|has invited» you to take a CodeSignal «General Coding Assessment|Industry Coding Framework test».

Time limit: {test_minutes} minutes · Expires {deadline}
Take the assessment: https://app.codesignal.com/invite/{hex}

— The CodeSignal Team
"""},
    {"vendor": "human", "sender": "manager", "subject": ["Take-home exercise — {role}", "Next step: a short take-home",
                                                         "{company} take-home assignment"],
     "body": """{greet}

«Thanks for the great conversation|It was good to talk» «on {weekday}|earlier this week». The next step is a «short|small» take-home «exercise|project»: «a dataset and a few questions about it|a small service to build and document|a design critique of one of our flows».

«Please spend no more than|It should take about» «three|four» hours. «Send it back|Reply with a link to your work» within {days} days — [[if that timeline doesn't work, tell me and we'll adjust.]]

The brief is attached «as a PDF|as a zip».

{sig_manager}
"""},
    {"vendor": ["greenhouse", "lever", "ashby", "smartrecruiters"], "subject": ["Assessment for {role}", "Next step: online assessment",
                                                                              "{company} | Skills assessment"],
     "body": """{greet}

Thank you for your interest in the {role} role. As a next step, we'd like you to complete «an online assessment|a skills assessment|a work sample».

Link: {link}/assessment/{hex}
Time required: about {test_minutes} minutes
Deadline: {deadline}

[[Your results will be shared with the hiring team, who will follow up about next steps.
]]
{team}
"""},
    {"vendor": "testgorilla", "from": "{company} <no-reply@testgorilla.com>",
     "subject": ["{company} invites you to complete an assessment", "Your {company} assessment is waiting"],
     "body": """Hi {first},

{company} has invited you to «complete|take» an assessment for the {role} position. It «contains|includes» a few short tests «covering|on» «problem solving, English and role skills|attention to detail and numerical reasoning».

Start assessment: https://app.testgorilla.com/s/{hex}

«The assessment is timed, so find a quiet moment before you start.|Each test is timed separately.» [[It must be finished by {deadline}.]]

The TestGorilla team, on behalf of {company}
"""},
    {"vendor": "human", "sender": "recruiter", "subject": ["Case study for your {company} interview", "Preparing for the case round"],
     "body": """{greet}

«As promised|As we discussed», here is the case study for the next round of the {role} process. «Please prepare|We ask candidates to prepare» a «10-minute|15-minute» presentation «of your approach|with your recommendations» and send the slides by {deadline}.

«You'll present|You'll walk the panel through it» «in the following round|at the start of your final interview».

{sig_recruiter}
"""},
    {"vendor": ATS_EU, "subject": ["Coding challenge — {company}", "Please complete a short task"],
     "body": """{greet}

«Thanks for your time so far!|Great to see you moving forward!» The next step for the {role} position is a «short coding challenge|small practical task». Please «complete it|submit your solution» within {days} days.

Instructions: {link}/challenge

{recruiter}
{company}
"""},
]


ASSESSMENT += [
    {"vendor": "human", "sender": "recruiter", "subject": ["Technical exercise — {company}", "Pairing exercise prep"],
     "body": """{greet}

«Thanks for your patience!|Great news from the team:» «the next stage is a practical exercise|they'd like to see how you approach a real problem». «We'll send you a small repository with a failing feature|You'll get a short brief and a sample dataset» and ask you to «spend up to three hours on it|submit your work within {days} days».

[[«Use any language you like.|There is no trick question.»
]]Let me know «if you have any questions|when you'd like to receive the materials».

{sig_recruiter}
"""},
]

TEMPLATES = {"interview_scheduled": INTERVIEW_SCHEDULED, "assessment": ASSESSMENT}
