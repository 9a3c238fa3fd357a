"""Phrasings for the job-search categories, written for this corpus (original text).
Data module; see build_corpus.py for the mini-language («a|b», [[optional]], {slot})."""

ATS = ["greenhouse", "lever", "workday", "ashby", "icims", "smartrecruiters", "workable", "bamboohr",
       "jobvite", "taleo", "teamtailor", "recruitee", "personio"]
ATS_US = ["greenhouse", "lever", "workday", "ashby", "icims", "smartrecruiters", "jobvite", "taleo"]
ATS_EU = ["workable", "teamtailor", "recruitee", "personio", "bamboohr", "greenhouse"]

APPLICATION_CONFIRMATION = [
    {"vendor": ATS_US, "subject": ["Thank you for applying to {company}", "Thanks for applying to {company}!",
                                   "{company}: we received your application"],
     "body": """{greet}

Thank you for your interest in {company}! We «have received|wanted to let you know we received» your application for the {role} position«| (Job ID {job_id})».

Our team «is reviewing|will review» applications «on a rolling basis|over the coming weeks». If your «background|experience» «looks like a strong match|aligns with what we need», «someone from our recruiting team|a recruiter» will reach out to discuss next steps.

[[In the meantime, you can learn more about life at {company} on our careers page.

]]{team}
"""},
    {"vendor": ATS, "subject": ["Application received: {role}", "Your application for {role} at {company}",
                                "We've got your application — {role}"],
     "body": """{greet}

This «note|email» confirms that your application for «the|our» {role} «role|opening» at {company} was submitted successfully.

[[Requisition: {job_id}
]]Submitted: «today|just now»

«What happens next?|Next steps:» A member of «the hiring team|our talent team» will look at your profile. [[{timeline} ]]Because of the volume of applications, we «may not be able to|can't always» reply to everyone individually.

You can «check the status of your application|track your application» at any time here: {link}

{team}
"""},
    {"vendor": ["workday", "taleo", "icims"], "subject": ["{company} - Application Confirmation - {job_id}",
                                                         "Confirmation: {role} ({job_id})"],
     "body": """Dear {me},

Thank you for applying for the position of {role} (Requisition {job_id}) with {company}.

We are currently reviewing all applications. Should your qualifications «meet|match» the requirements of the position, you will be contacted «for the next step in the selection process|by a member of our Talent Acquisition team».

To view your candidate home page, sign in at {link}

Sincerely,
{company} Talent Acquisition

This mailbox is not monitored.
""", "html": (0.8, 0.35)},
    {"vendor": "linkedin", "from": "LinkedIn <jobs-noreply@linkedin.com>",
     "subject": ["{first}, your application was sent to {company}", "Your application was sent to {company}"],
     "body": """Your application was sent to {company}

{role}
{company} · {city} «(On-site)|(Hybrid)|(Remote)»
Applied «on {weekday}|today»

«Your profile, résumé and contact info were shared with the employer.|The employer will see your profile and résumé.»

[[Keep your momentum: apply to similar jobs.
]]View your application: https://www.linkedin.com/jobs/view/{job_id}

This email was intended for {me}. You are receiving LinkedIn notification emails.
Unsubscribe: https://www.linkedin.com/comm/psettings/email-unsubscribe
© 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.
""", "html": (0.9, 0.4)},
    {"vendor": "indeed", "from": "Indeed Apply <indeedapply@indeed.com>",
     "subject": ["Indeed Application: {role}", "Application submitted: {role} at {company}"],
     "body": """Application submitted

{role}
{company} - {city}

The following items were sent to {company}«.|:» [[Good luck!]]
• Application
• Resume

«Next steps: the employer may contact you directly. Keep an eye on your email and phone.|You will get an update when the employer views your application.»

Indeed · 6433 Champion Grandview Way, Austin, TX 78750
""", "html": (0.9, 0.5)},
    {"vendor": ATS_EU, "subject": ["Your application at {company}", "Thanks, {first} – application received",
                                   "{company} | {role}"],
     "body": """{greet}

«Many thanks|Thank you so much» for «your application|applying» «for|to» the {role} «opening|position» — we're «glad|happy» you're interested in joining {company}«!|.»

«We review every application by hand|Every application is read by a real person on our team», so «it can take a little while|please give us a bit of time». [[{timeline}]]

[[If you have any questions in the meantime, just reply to this email.

]]«Best wishes|Warm regards|All the best»,
{recruiter}
{company}
"""},
    {"vendor": "human", "sender": "manager", "subject": ["Re: {role} application", "Got your application",
                                                         "Thanks for applying!"],
     "body": """{greet}

«Just a quick note to say|Quick note:» we got your application for the {role} role. «We're a small team|We're still under 30 people», so «I read every application myself|applications come straight to me».

I'll «take a proper look|go through it» «this week|over the next few days» and «get back to you either way|let you know where things stand». [[{timeline}]]

{sig_manager}
"""},
    {"vendor": ["greenhouse", "lever", "ashby"], "subject": ["We received your application for {role}",
                                                            "{company} — application confirmation"],
     "body": """{greet}

«Your application is in!|We have your application.» Thanks for considering {company} for the {role} «role|opportunity».

Here's what to expect:
1. Application review by «our recruiting team|the hiring manager»
2. «An intro call|A screening call» with «a recruiter|a member of the team»
3. «Technical|Team» interviews
4. «Final conversation|Offer»

[[We try to respond to every candidate within two weeks, whatever the outcome.
]]
{team}
""", "html": (0.7, 0.3)},
    {"vendor": ["smartrecruiters", "icims", "jobvite", "bamboohr"],
     "subject": ["Application Submitted Successfully", "Thank you for your application - {role}"],
     "body": """Hello {first},

You've successfully «submitted your application|applied» for {role}«| ({job_id})» at {company}.

«Please note that this inbox does not accept replies.|Replies to this message are not read.» [[If your skills match our requirements, we will get in touch to arrange the next steps. ]]Thank you again for your interest in «a career with|joining» {company}.

Regards,
{company} Recruitment
"""},
    {"vendor": "personio", "subject": ["Ihre Bewerbung bei {company} / Your application", "Eingangsbestätigung – {role}"],
     "body": """«Hallo|Guten Tag» {first},

vielen Dank für Ihre Bewerbung als {role} bei {company}. Wir haben Ihre Unterlagen erhalten und melden uns «so bald wie möglich|innerhalb von zwei Wochen».

— English below —

Thank you for applying for the {role} position at {company}. We have received your documents and will get back to you «as soon as possible|within two weeks».

«Viele Grüße|Beste Grüße» / Best regards,
{recruiter}
{company}
"""},
]

INTERVIEW_INVITATION = [
    {"vendor": "human", "sender": "recruiter", "subject": ["{company} — next steps for {role}", "Next steps with {company}",
                                                           "Quick chat about the {role} role?"],
     "body": """{greet}

Thanks for applying to the {role} role at {company}! «I'm the recruiter working on this search|I'm on the talent team here», and I'd «love|like» to set up «a short call|a 30-minute conversation» to tell you more about the team and hear about your background.

Could you «send me a few times that work for you|share your availability» over the next week? «I'm flexible|Mornings Pacific time are easiest for me, but I can be flexible».

{sig_recruiter}
"""},
    {"vendor": "human", "sender": "recruiter", "subject": ["Chat with the team?", "{role} at {company}", "Hello from {company}"],
     "body": """{greet}

«We really enjoyed reading your application|Your background caught our eye» and would love to set up a chat with «the team|a couple of folks on the team» about the {role} opening.

Are you free «at any of these times|during any of these windows»?
- {slot1}
- {slot2}
- {slot3}

[[If none of those work, «just let me know|reply with what suits you» and we'll find another time.
]]
{sig_recruiter}
"""},
    {"vendor": ["greenhouse", "ashby", "lever"], "subject": ["Please share your availability — {company}",
                                                            "Schedule your interview with {company}",
                                                            "Invitation to interview: {role}"],
     "body": """{greet}

«Great news!|Good news —» «the hiring team|{manager} and the team» would like to «move forward with|invite you to» «a|the next» «technical interview|video interview|onsite interview loop» for the {role} position.

Please «use the link below to pick|choose» «a time|the times» that work«s» for you:
{link}/availability

The «conversation|interview» will last about {duration}«.| and will be held over video.»

{team}
""", "html": (0.7, 0.3)},
    {"vendor": "calendly", "sender": "recruiter", "subject": ["{company}: let's find a time", "Book your {duration} call with {company}"],
     "body": """{greet}

«Thanks again for your interest in|Thank you for applying to» {company}. I'd «like|love» to «invite you to|schedule» a {duration} «phone screen|intro call» for the {role} «position|role».

«Please book a slot that suits you here|You can grab any open slot on my calendar»: https://calendly.com/{slug}-{recruiter_first}/intro-call

[[Looking forward to speaking with you!
]]
{sig_recruiter}
"""},
    {"vendor": "goodtime", "from": "{company} Recruiting <scheduling@goodtime.io>",
     "subject": ["Action required: share your availability for {company}", "{company} interview availability request"],
     "body": """Hi {first},

{company} would like to schedule your «next|upcoming» interview for {role}. Please «select all the times you're available|share your availability» using the link below, ideally within «24|48» hours.

Provide availability: https://app.goodtime.io/availability/{hex}

Interview: «Technical Interview|Hiring Manager Conversation|Panel Interview|Virtual Onsite»
Length: {duration}

Thank you,
{coordinator}
{company} Recruiting Coordination
""", "html": (0.8, 0.4)},
    {"vendor": "human", "sender": "manager", "subject": ["Coffee chat?", "Your application — {role}", "Would love to talk"],
     "body": """{greet}

I'm the {manager_title} at {company} and I'm hiring for the {role} «role|position» on my team. I read your «application|résumé» and «really liked|was impressed by» your «work on|experience with» «data pipelines|product analytics|distributed systems|design systems».

Would you «be up for|have time for» a «30-minute|quick» «call|video chat» «next week|in the coming days»? Our recruiter {recruiter} can help find a time.

{sig_manager}
""", "cc": "{recruiter_from}"},
    {"vendor": ["workday", "icims", "taleo", "smartrecruiters"], "subject": ["Interview Request - {role}", "Invitation to Interview - {job_id}"],
     "body": """Dear {first},

«Thank you for your application for|Following your application for» the {role} «position|role» (Req. {job_id}). We are pleased to invite you to «a virtual interview|an interview» with «the hiring manager|our team».

Please «reply with your availability for|confirm a time on» {weekday} or the following days, «between 9:00 and 17:00|during business hours».

Kind regards,
{coordinator}
{company} Talent Acquisition
"""},
    {"vendor": ATS_EU, "subject": ["Next step: interview at {company}", "Let's meet, {first}!"],
     "body": """{greet}

«Thank you for your patience!|Thanks for waiting to hear from us.» We'd like to «get to know you better|learn more about you» «in a first conversation|in an interview» for the {role} position at {company}.

You can «book a time directly|pick a suitable slot» here: {link}/book

[[The conversation will be with {manager} ({manager_title}) and will take about {duration}.
]]
«Speak soon|Looking forward to it»,
{recruiter}
"""},
    {"vendor": "human", "sender": "coordinator", "subject": ["Final round — {company}", "Onsite interview scheduling", "Scheduling your final interviews"],
     "body": """{greet}

«Congratulations on moving to the final round!|I'm happy to tell you the team would like to bring you in for a final round.» I'll be coordinating your interviews for the {role} role.

The loop is «four|three» «conversations|sessions» of 45 minutes with {manager}, {peer} and «two|a few» others. Could you «send over|share» «two or three|a few» «half-days|mornings or afternoons» «that work for you|when you're free» in the next two weeks?

{sig_coordinator}
"""},
]



INTERVIEW_INVITATION += [
    {"vendor": "indeed", "from": "{recruiter} from {company} <reply-{hex}@indeedemail.com>",
     "subject": ["{company} would like to schedule a call", "Message from {company} about {role}"],
     "body": """{recruiter} from {company} «sent you a message|wrote»:

"Hi {first}, thank you for applying to the {role} position. «We'd like to set up a phone conversation to learn more about you.|Would you be available for a short phone call this week?» «Please reply with a few times that suit you.|What days work best for you?»"

Reply to this message: https://www.indeed.com/conversations/{hex}
"""},
]

APPLICATION_CONFIRMATION += [
    {"vendor": "wellfound", "from": "Wellfound <notifications@wellfound.com>",
     "subject": ["You applied to {company}", "Application sent: {role} at {company}"],
     "body": """«You applied to|Your application was sent to» {company} for {role}.

«{company} typically responds within a week.|We'll let you know when {company} reviews your application.»

View application: https://wellfound.com/jobs/applications/{hex}
"""},
]

TEMPLATES = {"application_confirmation": APPLICATION_CONFIRMATION, "interview_invitation": INTERVIEW_INVITATION}
