"""Hard negatives: job alerts, career newsletters and everyday mail that looks job-ish
("apply now", "interview with", "your application has been received", "special offer").
Original text written for this corpus. Data module."""

JOB_ALERT_OR_NEWSLETTER = [
    {"vendor": "linkedin", "from": "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>", "bulk": 0.9, "list_host": "linkedin.com",
     "subject": ["“{role}”: {company} and {n_jobs} more new jobs", "{n_jobs} new jobs for “{role}” in {city}", "New jobs similar to {role} at {company}"],
     "body": """Your job alert for {role} in {city}
{n_jobs} new jobs match your preferences.

{role}
{company} · {city}
«Actively recruiting|Be an early applicant|3 connections work here»
Apply now: https://www.linkedin.com/comm/jobs/view/{job_id}

Senior {role}
«Bluefin Robotics|Tessellate Labs|Ember Analytics» · Remote
Easy Apply

See all jobs: https://www.linkedin.com/comm/jobs/search?alert={hex}

You are receiving Job Alert emails. Manage job alerts: https://www.linkedin.com/comm/jobs/alerts
Unsubscribe · Help
© 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.
""", "html": (0.95, 0.6)},
    {"vendor": "indeed", "from": "Indeed <alert@indeed.com>", "bulk": 0.85, "list_host": "indeed.com",
     "subject": ["{n_jobs} new {role} jobs in {city}", "{role} jobs: apply now", "New jobs for you: {role}"],
     "body": """«New jobs for you|Jobs matching your search» — {role}, {city}

{role} - {company} - {city}
«Easily apply|Responsive employer|Urgently hiring» · {salary} a year
«Apply now|View job»: https://www.indeed.com/rc/clk?jk={hex}

{role} II - «Harborview Logistics|Meridian Mutual|Lattice Freight» - {city}
«Be among the first applicants|Just posted»

You're receiving this because you created a job alert on Indeed. Unsubscribe: https://www.indeed.com/alerts/unsub/{hex}
"""},
    {"vendor": "glassdoor", "from": "Glassdoor Jobs <noreply@glassdoor.com>", "bulk": 0.9, "list_host": "glassdoor.com",
     "subject": ["{first}, jobs picked for you: {role}", "{company} is hiring a {role} — and 14 more jobs"],
     "body": """Jobs picked for you, {first}

{company} — {role} ★ 4.{n_jobs}
{city} · Est. {salary}/yr
Apply on employer site →

«Also trending near you|Similar jobs»: Analytics Manager, Staff Engineer, Product Lead

«Why am I getting this?|Change your alert settings» · Unsubscribe
Glassdoor, Inc. · Mill Valley, CA
""", "html": (0.95, 0.7)},
    {"vendor": "ziprecruiter", "from": "ZipRecruiter <alerts@ziprecruiter.com>", "bulk": 0.8, "list_host": "ziprecruiter.com",
     "subject": ["{company} is hiring — apply now!", "Apply now: {role} ({city})", "Today's top jobs for you"],
     "body": """{greet}

«Great news — new jobs match your profile!|We found new matches for you.» «One-click apply is available|Apply with one click».

1. {role} at {company} — {city}
2. {role} (Contract) at Stillwater Games — Remote
3. Lead {role} at Granite Bay Capital — {city}

«Don't miss out: employers are reviewing candidates now.|These jobs were posted in the last 24 hours.»

ZipRecruiter, Inc. · Unsubscribe from these alerts
"""},
    {"vendor": "newsletter", "from": "The Hiring Pulse <newsletter@hiringpulse.news>", "bulk": 0.75, "list_host": "hiringpulse.news",
     "list_id": "weekly", "subject": ["Hiring Pulse #{n_jobs}: tech hiring is thawing", "Why offers are taking longer this quarter",
                                      "This week: interview loops get shorter"],
     "body": """THE HIRING PULSE — «weekly notes on the job market|the job market in five minutes»

In this issue:
• «Time-to-offer is creeping up again: the median is now 34 days|Companies are cutting interview loops from six rounds to four»
• «Why recruiters ghost (and what to do about it)|How to read a rejection email between the lines»
• «Salary bands: what the new transparency laws changed|The return of the take-home assignment»

«Read more|Read the full issue» on the web: https://hiringpulse.news/p/{hex}

You're receiving this because you subscribed at hiringpulse.news. Unsubscribe anytime.
""", "html": (0.8, 0.4)},
    {"vendor": "newsletter", "from": "Career Compass <hello@careercompass.blog>", "bulk": 0.5, "list_host": "careercompass.blog",
     "subject": ["How to bounce back from rejection", "The art of the follow-up email", "Your weekly career boost"],
     "body": """Hi friend,

«This week's essay|Today's letter» is about «handling rejection|the follow-up email nobody writes|negotiating your first offer». «Every job seeker gets rejected — a lot.|Most candidates never follow up after an interview.» «Here's what I learned after 200 applications.|Here's a simple script that works.»

1. «Give yourself a day.|Write it within 24 hours.»
2. «Ask for feedback, kindly.|Mention one specific thing you discussed.»
3. «Keep the door open.|Keep it short.»

«Until next week|See you next Sunday»,
Marguerite
Career Compass · {n_jobs}k readers
"""},
    {"vendor": "agency", "from": "{agent_from}", "to": "«{me_addr}|undisclosed-recipients:;|{me_addr}»", "bulk": 0.85, "list_host": "mail.mailchimpapp.net",
     "subject": ["🔥 Hot jobs this week", "5 roles I'm hiring for right now", "New openings — share with your network!"],
     "body": """Hi there,

«Here are the roles I'm working on this week|Fresh roles from {agency} this week». «If one of them fits you or someone you know, hit reply!|Know someone great? Referral bonuses apply.»

→ {role} — {city} — up to {salary}
→ Senior Backend Engineer — Remote (US)
→ Head of Data — {city}, hybrid

{agent}
{agent_title}, {agency}

You are receiving this email because you opted in via our website. Update your preferences or unsubscribe from this list.
""", "html": (0.9, 0.5)},
    {"vendor": "podcast", "from": "The Offer Letter Podcast <episodes@offerletterpod.fm>", "bulk": 0.8, "list_host": "offerletterpod.fm",
     "subject": ["New episode: an interview with {friend} {friend_last}, VP of Engineering", "Ep. {n_jobs}: interview with a hiring manager"],
     "body": """New episode out now!

«In this episode, we sit down for an interview with|This week's guest is» {friend} {friend_last}, «who has hired over 300 engineers|a hiring manager at a large retailer». «We talk about|Topics:» what makes a great «interview|take-home», red flags in offers, and how to follow up without being annoying.

Listen: https://offerletterpod.fm/episodes/{n_jobs}

«Enjoying the show? Leave us a review.|Thanks for listening!»
""", "html": (0.7, 0.3)},
    {"vendor": "events", "from": "CareerCraft Events <events@careercraft.io>", "bulk": 0.7, "list_host": "careercraft.io",
     "subject": ["You're invited: Ace your next interview (live webinar)", "Webinar: negotiating your offer"],
     "body": """{greet}

Join «our free live webinar|us live» on {weekday} at 12:00 PM ET: «“Ace your next interview”|“Negotiating your offer with confidence”».

What you'll learn:
• «How to answer “tell me about yourself”|How to ask for more without risking the offer»
• «Following up after the interview|Reading a compensation package»

Save your seat: https://careercraft.io/webinars/{hex}

CareerCraft · Unsubscribe
"""},
    {"vendor": "newsletter", "from": "{company} Careers <talent-community@{domain}>", "bulk": 0.9, "list_host": "{domain}",
     "subject": ["New roles at {company} this month", "{company} Talent Community: join us!"],
     "body": """{greet}

Thanks for joining the {company} talent community! «Here's what's new this month|A few roles we think you'll like»:

• {role} — {city}
• Senior Account Executive — Remote
• People Operations Partner — {city}

«Explore all openings|Browse jobs»: {link}

You're receiving this because you joined our talent community. Unsubscribe.
""", "html": (0.8, 0.4)},
    {"vendor": "builtin", "from": "Built In <jobs@builtin.com>", "bulk": 0.6, "list_host": "builtin.com",
     "subject": ["Top tech jobs in {city} this week", "{n_jobs} companies are hiring {role}s"],
     "body": """«This week in {city} tech|{city}'s hottest jobs»

{company} · {role}
Hybrid · {salary}+

«Companies hiring now|Recently funded and hiring»: Quantum Orchard, Corvid Aerospace, Otter Pop Labs

View all jobs → https://builtin.com/jobs?city={slug}
""", "html": (0.9, 0.6)},
]

NOT_JOB_RELATED = [
    {"vendor": "shop", "from": "Maple & Thread <hello@mapleandthread.com>", "bulk": 0.9, "list_host": "mapleandthread.com",
     "subject": ["A special offer, just for you", "Your exclusive offer expires tonight", "{first}, 30% off ends soon"],
     "body": """«Special offer|Members only»: take 30% off everything «this weekend|until midnight».

«Our autumn collection just landed|New arrivals in knitwear and outerwear». Use code COZY30 at checkout.

Shop now: https://mapleandthread.com/sale?u={hex}

Free returns within 30 days. Unsubscribe | Privacy
""", "html": (0.9, 0.6)},
    {"vendor": "bank", "from": "Harbor Federal Credit Union <noreply@harborfcu.com>",
     "subject": ["Your application has been received", "We received your credit card application"],
     "body": """Dear {me},

Thank you for applying for the «Harbor Rewards Visa|Cashback Plus card». Your application has been received and is «being reviewed|under review». «Most decisions are made within 7–10 business days.|We will notify you of our decision by mail.»

Application reference: {ticket}

Harbor Federal Credit Union · Member services: 1-800-555-0142
Federally insured by NCUA.
"""},
    {"vendor": "health", "from": "Bright Smile Dental <appointments@brightsmiledental.com>",
     "subject": ["Appointment confirmation: cleaning on {when_day}", "Your appointment with Dr. Osei"],
     "body": """Hello {first},

«Your appointment is confirmed|This is a confirmation of your appointment»:

Dr. Kwame Osei — «routine cleaning|check-up and x-rays»
{when}
Bright Smile Dental, 88 Elm Street

«Please arrive 10 minutes early.|Reply C to confirm or call us to reschedule.»
""", "ics": {"summary": "Dental cleaning - Bright Smile Dental", "location": "Bright Smile Dental, 88 Elm Street",
             "organizer": ("Bright Smile Dental", "appointments@brightsmiledental.com"), "prodid": "-//Bright Smile//Booking//EN"}},
    {"vendor": "saas", "from": "Nimbus Cloud <events@nimbuscloud.io>", "bulk": 0.8, "list_host": "nimbuscloud.io",
     "subject": ["You're invited: cutting cloud costs in 2027 (webinar)", "Webinar reminder: starts in 1 hour"],
     "body": """Hi {first},

«Join our product team|Don't miss our live session» on {weekday} for «a 45-minute walkthrough of cost dashboards|tips on tagging and budgets». «Q&A at the end.|Bring your questions.»

Register: https://nimbuscloud.io/webinar/{hex}

Nimbus Cloud Inc. · Manage email preferences
"""},
    {"vendor": "saas", "from": "GitHub <notifications@github.com>", "bulk": 0.95, "list_host": "github.com", "list_id": "tools.acme",
     "subject": ["[acme/tools] Fix flaky interview-scheduler test (#{n_jobs}12)", "Re: [acme/tools] Offer a config flag for retries (#{n_jobs}7)"],
     "body": """@{friend_m} commented on this pull request.

«Looks good to me, but can we rename the variable?|I think this still fails on Windows.» «The retry offer logic is fine.|Approving once CI is green.»

—
Reply to this email directly, view it on GitHub: https://github.com/acme/tools/pull/{n_jobs}12
You are receiving this because you were mentioned.
"""},
    {"vendor": "saas", "from": "Slack <feedback@slack.com>", "bulk": 0.6, "list_host": "slack.com",
     "subject": ["New messages in #general from {friend}", "[Slack] Notifications from the Maker Club workspace"],
     "body": """You have «3|5|12» new messages in Maker Club.

#general
{friend}: «anyone up for the soldering workshop on {weekday}?|I just pushed the new schedule for next week»

Open Slack: https://makerclub.slack.com/messages
Unsubscribe from these emails.
"""},
    {"vendor": "shop", "from": "Roastery Row <orders@roasteryrow.com>",
     "subject": ["Your receipt from Roastery Row", "Order {order} confirmed"],
     "body": """Thanks for your order, {first}!

Order {order}
«Ethiopia Guji, 340 g|House Espresso, 1 kg» ........ ${amount}
Shipping ........ free

«It'll ship within 2 business days.|We'll email you the tracking number.»

Roastery Row · Questions? Reply to this email.
""", "html": (0.8, 0.5)},
    {"vendor": "support", "from": "Tandem Support <support@tandem-app.zendesk.com>",
     "subject": ["[Request #{ticket}] We've received your request", "Re: [Request #{ticket}] Login issue"],
     "body": """##- Please type your reply above this line -##

{greet}

«We've received your request|Thanks for contacting Tandem support» and «a member of our team will get back to you within 24 hours|our team is looking into it». [[Your request number is #{ticket}.]]

«Kind regards|Cheers»,
Tandem Support

This email is a service from Tandem.
"""},
    {"vendor": "family", "from": "{friend} {me_last} <{friend_m}.{me_last_m}.family@gmail.com>",
     "subject": ["Sunday dinner?", "photos from the lake", "Re: Grandma's birthday"],
     "body": """«Hi sweetie|Hey you»,

«Are you coming Sunday? Dad is making his lasagne.|Here are the photos from the lake, the one with the dog is my favourite.|Don't forget grandma's birthday on Thursday, I got her a card from all of us.»

«How's the job stuff going? Don't stress too much.|Call me when you can.»

«Love|xx»,
{friend}
"""},
    {"vendor": "newsletter", "from": "The Quiet Writer <letters@quietwriter.substack.com>", "bulk": 0.7, "list_host": "substack.com",
     "subject": ["On rejection letters (the literary kind)", "Fifty rejections and a yes"],
     "body": """«This week I got my fortieth rejection from a literary magazine.|A reader asked me how I deal with rejection.» «Rejection is part of writing;|Every published author has a drawer of rejection slips;» «the trick is to keep submitting.|I keep mine in a shoebox.»

«Also: the interview I did with a small-press editor is now online.|Next week: an interview with a poet I admire.»

Read in the app · Unsubscribe
"""},
    {"vendor": "travel", "from": "SkyWay Airlines <confirmations@skyway-air.com>",
     "subject": ["Your flight is confirmed: BOS → LIS", "Check in now for your flight"],
     "body": """Booking reference: {hex}

{me}
«BOS → LIS|JFK → MAD», {weekday}, departs 21:40

«Online check-in opens 24 hours before departure.|Your seat: 23C.»

SkyWay Airlines · Manage booking
""", "html": (0.8, 0.5)},
    {"vendor": "bank", "from": "Oakline Apartments <leasing@oaklineapartments.com>",
     "subject": ["Your rental application has been received", "Next steps for your rental application"],
     "body": """Hi {first},

Thank you for applying to «Unit 4B|Unit 12A» at Oakline Apartments. «Your application has been received|We received your application and fee» and «we'll run the background check within 2 business days|is being processed».

«Next steps: upload proof of income|Once approved, we'll send the lease for signature». «We'll get back to you by Friday.|Questions? Call the leasing office.»

Oakline Leasing Team
"""},
    {"vendor": "events", "from": "Eastside Public Library <events@eastsidelibrary.org>", "bulk": 0.4, "list_host": "eastsidelibrary.org",
     "subject": ["Tonight: author interview and book signing", "This week at the library"],
     "body": """«Tonight at 7 pm|This {weekday}»: a live interview with novelist {friend} {friend_last}, followed by a book signing.

Also this week: «toddler story time|knitting circle|tax help for seniors».

Eastside Public Library · 200 Main Street
"""},
    {"vendor": "utility", "from": "Cityline Energy <billing@citylineenergy.com>",
     "subject": ["Your statement is ready", "Your energy bill for this month"],
     "body": """{greet}

Your «monthly statement|bill» is ready. Amount due: ${amount}. «Autopay will draft this on the 15th.|Due in 21 days.»

View statement: https://citylineenergy.com/account

Cityline Energy
"""},
    {"vendor": "social", "from": "Strava <no-reply@strava.com>", "bulk": 0.8, "list_host": "strava.com",
     "subject": ["{friend} gave you kudos", "Your weekly summary"],
     "body": """«{friend} gave you kudos on your Morning Run.|You ran 24 km this week — 12% more than last week.»

Open Strava to see more.
Unsubscribe or change notification settings.
"""},
    {"vendor": "saas", "from": "Acme ID <security@acme-id.com>",
     "subject": ["Your verification code", "New sign-in to your account"],
     "body": """{greet}

«Your verification code is {n_jobs}4821. It expires in 10 minutes.|We noticed a new sign-in from Chrome on Linux. If this was you, no action is needed.»

Acme ID Security
"""},
    {"vendor": "education", "from": "Graduate Admissions <admissions@northbridge-university.edu>",
     "subject": ["Your application has been received", "Offer of admission — MSc Data Science", "Next steps for your application"],
     "body": """Dear {me},

«Thank you for applying to the MSc in Data Science at Northbridge University. Your application has been received and will be reviewed by the admissions committee.|Congratulations! We are delighted to offer you admission to the MSc in Data Science starting next September.|Your application is complete. The admissions committee will make a decision within six weeks.»

«Please log in to the applicant portal to upload your transcripts.|To accept this offer, respond in the applicant portal by {deadline}.»

Office of Graduate Admissions
Northbridge University
"""},
    {"vendor": "government", "from": "Consular Appointments <no-reply@visa-appointments.gov.example>",
     "subject": ["Your visa interview appointment is confirmed", "Appointment confirmation — visa interview"],
     "body": """Dear applicant,

Your «visa interview|biometrics appointment» has been scheduled for {when} at the consular section. «Bring your passport and the confirmation page.|Arrive 15 minutes before your appointment time.»

Confirmation number: {ticket}

This is an automated message. Do not reply.
"""},
    {"vendor": "events", "from": "Meetup <info@meetup.com>", "bulk": 0.9, "list_host": "meetup.com",
     "subject": ["New event: {city} Board Game Night", "Reminder: Sunday hike with {city} Outdoors"],
     "body": """«{city} Board Games Club|{city} Outdoors» posted a new event.

«Board Game Night — bring your favourite game|Sunday hike, 12 km, moderate pace»
{weekday}, 7:00 PM

RSVP: https://www.meetup.com/events/{hex}
Unsubscribe from these emails.
"""},
]


JOB_ALERT_OR_NEWSLETTER += [
    {"vendor": "wellfound", "from": "Wellfound <digest@wellfound.com>", "bulk": 0.7, "list_host": "wellfound.com",
     "subject": ["{n_jobs} startups want to meet you", "This week's startup jobs for you"],
     "body": """«Startups hiring for roles like yours|New startup jobs matching your profile»

{company} — {role} — {salary} · «0.1%–0.3% equity|equity available»
«Recently funded|Hiring fast»: Otter Pop Labs, Quantum Orchard

«Apply with one click|Show interest» → https://wellfound.com/jobs

Update your job preferences · Unsubscribe
"""},
]

NOT_JOB_RELATED += [
    {"vendor": "shop", "from": "Bramble Books Shop <orders@shop.bramblebooks.example>",
     "subject": ["Your order has shipped", "Out for delivery: order {order}"],
     "body": """Hi {first},

«Good news — your order is on its way!|Your package is out for delivery today.»

Order {order}
Tracking: https://track.example-post.com/{hex}

Thanks for shopping with us.
"""},
]

TEMPLATES = {"job_alert_or_newsletter": JOB_ALERT_OR_NEWSLETTER, "not_job_related": NOT_JOB_RELATED}
