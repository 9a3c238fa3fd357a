"""Phrasings for outcomes: rejections, offers and status updates. Original text written for
this corpus. Data module (see build_corpus.py)."""

from job_templates import ATS, ATS_EU, ATS_US

REJECTION = [
    {"vendor": ATS, "subject": ["Your application to {company}", "Update on your {company} application",
                                "{role} at {company}"],
     "body": """{greet}

Thank you for «your interest in|applying to» the {role} position at {company}. «We truly appreciate|We appreciate» the time you «took|invested» «to apply|in your application».

«After careful consideration|After reviewing your application carefully», we have decided «not to move forward with your candidacy|to pursue other candidates whose experience more closely matches our needs» at this time.

[[We encourage you to keep an eye on our careers page and apply for future openings that match your skills.
]]«We wish you the best in your search|Best of luck with your job search».

{team}
"""},
    {"vendor": "human", "sender": "recruiter", "subject": ["Following up on your interviews", "{company} — {role}", "Thank you, {first}"],
     "body": """{greet}

«First, thank you|Thank you so much» for «the time you spent with us|spending time with the team» «last week|over the past few weeks». Everyone enjoyed «meeting you|the conversations», and «{manager} especially appreciated|we were impressed by» your «thoughtful questions|depth on the technical side».

«This was a difficult decision|It was a close call», but we've «decided to move ahead with another candidate|offered the role to someone whose background fits a little more closely» for the {role} role.

«I'd be glad to share some feedback if that's helpful|Happy to jump on a call if you'd like feedback», and I hope «our paths cross again|we stay in touch» — [[we'd be glad to hear from you when something new opens up.]]

{sig_recruiter}
"""},
    {"vendor": ["workday", "taleo", "icims"], "subject": ["Regarding your application for {job_id}", "{company} - Position Update - {role}"],
     "body": """Dear {me},

Thank you for your interest in employment with {company} and for applying to the {role} position (Req ID: {job_id}).

We regret to inform you that «you have not been selected|your application was not selected» for further consideration. «The position has been filled.|We received a large number of applications.»

We will keep your information on file and «encourage you to apply|invite you to apply» for other positions «for which you are qualified|that interest you».

Sincerely,
{company} Human Resources
""", "html": (0.7, 0.35)},
    {"vendor": ["greenhouse", "lever", "ashby"], "subject": ["Thanks from {company}", "Your candidacy for {role}"],
     "body": """{greet}

«We loved getting to know you|It was a pleasure getting to know you» during the process, and «we're grateful|thank you» for the energy you brought to «each conversation|your interviews».

«Unfortunately|That said», «we won't be moving forward|we have decided not to proceed» with your application for {role}. «This isn't a reflection of your talent|We know this isn't the news you were hoping for».

«We'd welcome a future application from you.|Please don't hesitate to apply again in the future.»

{team}
"""},
    {"vendor": "human", "sender": "manager", "reply": True, "subject": ["Re: {role} — quick update?", "Re: Following up"],
     "body": """{greet}

Thanks for «checking in|following up», and «sorry for the slow reply|apologies for the silence». «I wish I had better news:|Unfortunately,» we've «filled the role|closed the position» «internally|with a candidate further along in the process».

«I really enjoyed our conversation|You were a strong candidate» and I'd be «happy|glad» to «keep you in mind|reach out» if «something similar|another role» comes up.

{sig_manager}

{quote}
""", "quote": "Hi {manager_first},\n\nI hope you're well. I wanted to follow up on the {role} role and see if there's any update on timing.\n\nThanks,\n{first}"},
    {"vendor": ATS_EU, "subject": ["Your application – {company}", "Update regarding {role}"],
     "body": """{greet}

thank you «very much|so much» for «your application|applying» and «your patience|the time you took». «Unfortunately|Sadly», we have to «let you know|tell you» that we «will not be continuing|can't continue» with your application «this time|for now».

«We received many strong applications and had to make tough choices.|The decision was not easy given the quality of applications.»

«All the best for your future|We wish you all the best»,
{recruiter}
{company}
"""},
    {"vendor": "linkedin", "from": "LinkedIn <jobs-noreply@linkedin.com>",
     "subject": ["Your application to {role} at {company}", "{first}, an update on your application to {company}"],
     "body": """Your update from {company}

{role}
{company} · {city}

Thank you for your interest in the {role} position at {company}. Unfortunately, {company} «has decided not to proceed|will not be moving forward» with your application.

«Don't give up — here are similar jobs you may be interested in.|Keep going: apply to similar jobs.»

This email was intended for {me}. © 2026 LinkedIn Corporation.
""", "html": (0.9, 0.5)},
    {"vendor": "human", "sender": "recruiter", "subject": ["Decision on the {role} position", "Your interview with {company}"],
     "body": """{greet}

«I hope you had a good weekend.|I hope this finds you well.» I wanted to «reach out personally|let you know personally» «after your final round|following your conversations with the team».

«You clearly have a strong background, and the team enjoyed speaking with you. However,|The interviewers were very positive about many things. In the end, though,» we «decided to go with|have chosen» a candidate with more «direct experience in|hands-on background with» «our domain|the tools we use».

«I know this is disappointing|I realise this is not the outcome you hoped for», and I «truly|really» appreciate your effort. [[I'll keep your details and reach out if a better-matched role opens.]]

{sig_recruiter}
"""},
    {"vendor": ATS_US, "subject": ["Update from {company}", "Application status: {role}"],
     "body": """Hi {first},

«The position you applied for|The {role} role» «has been filled|is no longer open». We're «closing|withdrawing» all «open applications|remaining applications» for this requisition«.|, including yours.»

«Thank you for considering {company}.|We appreciate your interest in {company}.» «You're welcome to apply for other openings.|Feel free to browse our other open roles.»

{team}
"""},
]

OFFER = [
    {"vendor": "human", "sender": "recruiter", "subject": ["Next steps", "Next steps!", "Great news"],
     "body": """{greet}

«I'm delighted|I'm thrilled» to «tell you|let you know» that the team «would like to|wants to» «extend you an offer for the|offer you the» {role} «role|position»«!|.»

«I'd love to walk you through the details on a call — are you free tomorrow?|Let's find 20 minutes to go through the details together.» [[The written offer will follow once we've spoken.]]

{sig_recruiter}
"""},
    {"vendor": "human", "sender": "manager", "subject": ["Offer — {role} at {company}", "Welcome aboard (almost)!", "Your offer from {company}"],
     "body": """{greet}

«On behalf of|Speaking for» everyone at {company}, I'm «very happy|so pleased» to offer you the {role} position.

Here are the highlights:
- Base salary: {salary}
- «Annual bonus target|Bonus»: {bonus}
- Start date: {start_date} (flexible)

«The formal offer letter will arrive through DocuSign shortly|Your recruiter will send the formal letter today». [[Please let us know by {deadline} if you can.]]

{sig_manager}
"""},
    {"vendor": "docusign", "from": "{recruiter} via DocuSign <dse_na2@docusign.net>",
     "subject": ["Please DocuSign: {company} Offer Letter - {me}", "Complete with DocuSign: Offer of Employment - {company}"],
     "body": """{recruiter} sent you a document to review and sign.

REVIEW DOCUMENT: https://na2.docusign.net/Signing/EmailStart.aspx?a={hex}

{recruiter}
{recruiter_addr}

Hi {first}, attached is your offer letter for the {role} position at {company}. «Please review and sign|Review and sign» at your convenience. «Congratulations!|We're excited to have you!»

Do Not Share This Email
This email contains a secure link to DocuSign.
""", "html": (0.9, 0.5)},
    {"vendor": ["greenhouse", "lever", "ashby", "workday"], "subject": ["Your offer from {company}", "{company} Offer Letter"],
     "body": """{greet}

Congratulations! We're excited to «extend|share» «an offer|your offer» for the {role} position at {company}.

Please review «and sign» your offer letter using the secure link below:
{link}/offer/{hex}

«This offer expires on {deadline}.|Kindly respond by {deadline}.» If you have questions, «reach out to|contact» {recruiter}.

{team}
"""},
    {"vendor": "human", "sender": "recruiter", "reply": True, "subject": ["Re: Thank you!", "Re: Following up after the final round"],
     "body": """{greet}

«Thanks so much for your note!|Really appreciate the follow-up.» «And I have good news:|Good timing — I was about to email you.» the team «met this morning|wrapped up the debrief» and «we'd like to make you an offer|everyone agreed we want you on the team»!

«Do you have time for a quick call today or tomorrow?|When's a good time to chat?» I'll «go over|walk through» compensation and «the start date|timing» and then send the «written offer|paperwork».

{sig_recruiter}

{quote}
""", "quote": "Hi {recruiter_first},\n\nThank you again for organising the final round. I enjoyed meeting the team and I'm very excited about the {role} role.\n\nBest,\n{first}"},
    {"vendor": ATS_EU, "subject": ["Offer of employment – {company}", "We'd love to have you at {company}"],
     "body": """{greet}

«We are very pleased|We're happy» to offer you the position of {role} at {company}«!|.» Your contract «is attached|is ready to review in our portal»: {link}/contract

Salary: {salary} per year · Start: {start_date}

«Please get back to us by {deadline}.|We would appreciate your answer by {deadline}.» [[Don't hesitate to reach out with any questions.]]

{recruiter}
{company}
"""},
    {"vendor": "human", "sender": "recruiter", "subject": ["Following our call", "Summary of our conversation", "Details to follow"],
     "body": """{greet}

«Great speaking with you this afternoon!|Thanks for taking my call earlier.» As «mentioned|promised», I'm «putting in writing|confirming» what we discussed: {company} «is offering|would like to offer» you the {role} role at «a base of|» {salary}«, plus equity.|.»

The full offer letter «will follow|is coming» «in the next day or two|by end of week» once «legal|finance» has signed off. [[Take the time you need to think it over.]]

{sig_recruiter}
"""},
    {"vendor": "human", "sender": "manager", "subject": ["{first} — good news", "Re: {role}"],
     "body": """{greet}

«I'll keep this short|Short and sweet»: «we want you on the team!|the answer is yes — we'd love for you to join us.» «{recruiter} will call you about the offer details|{recruiter} will follow up with the package», but I wanted you to hear it from me «first|directly».

«Really looking forward to working together.|Hope you'll say yes!»

{sig_manager}
"""},
]

STATUS_UPDATE = [
    {"vendor": ATS, "subject": ["Application update: {role}", "Your application is under review", "An update on your application"],
     "body": """{greet}

«Just a quick update:|We wanted to keep you posted:» your application for {role} at {company} is «now under review|being reviewed» by the hiring team.

«There's nothing you need to do right now.|No action is needed from you at this stage.» [[{timeline}]]

{team}
"""},
    {"vendor": "linkedin", "from": "LinkedIn <jobs-noreply@linkedin.com>",
     "subject": ["Your application was viewed by {company}", "{first}, {company} viewed your application"],
     "body": """Your application was viewed

{role}
{company} · {city}

«The employer viewed your application|{company} looked at your application» «today|on {weekday}».

«Tip: messaging the job poster can help you stand out.|Applicants who follow up are more likely to hear back.»

View job: https://www.linkedin.com/jobs/view/{job_id}
This email was intended for {me}. © 2026 LinkedIn Corporation.
""", "html": (0.9, 0.45)},
    {"vendor": "indeed", "from": "Indeed <no-reply@indeed.com>",
     "subject": ["Update on your application: {role}", "{company} reviewed your application"],
     "body": """Application status update

{role} at {company}
Status: «Viewed by employer|Application reviewed|Not yet reviewed → Reviewed»

«The employer is reviewing your application.|Your application moved to the next stage of review.»

See your applications: https://www.indeed.com/myjobs
""", "html": (0.9, 0.5)},
    {"vendor": "human", "sender": "recruiter", "subject": ["Quick update", "{role} — where things stand", "Update from {company}"],
     "body": """{greet}

«I wanted to give you a quick update|Just a short note so you're not left wondering». «The hiring manager is out this week|We're still interviewing a few other candidates», so «we won't have a decision|things will take a little longer» «until early next week|for another week or so».

«You're still very much in the running|Your candidacy is still active» and I'll «be in touch|update you» «as soon as I know more|by next {weekday}».

{sig_recruiter}
"""},
    {"vendor": ["workday", "icims", "taleo", "smartrecruiters"], "subject": ["Status Change - {job_id}", "Your application status has changed"],
     "body": """Dear {first},

The status of your application for {role} ({job_id}) has changed «to: In Review|to: Hiring Manager Review|to: Under Consideration».

Sign in to «your candidate account|the candidate portal» to view details: {link}

{company} Careers
"""},
    {"vendor": "human", "sender": "recruiter", "subject": ["{role} role on hold", "Update on the {role} search"],
     "body": """{greet}

«I'm sorry to bring a bit of a curveball|I have an update I'd rather not have to send»: the {role} «position|req» has been «put on hold|paused» «while we revisit our budget for the quarter|due to a reorganisation on the team».

«This is not a reflection of you at all|This has nothing to do with your interviews». «I expect we'll know more|We hope to reopen it» «in about a month|early next quarter», and you'll be «first|the first person» I call when it does.

{sig_recruiter}
"""},
    {"vendor": ["greenhouse", "lever", "ashby"], "subject": ["You've moved to the next stage", "Good news about your {company} application"],
     "body": """{greet}

«Good news|Great news»: your application for {role} «has moved forward|has advanced» to the «hiring manager review|next stage». «A member of our team will reach out soon|You'll hear from us shortly» «with|about» next steps.

{team}
"""},
    {"vendor": ATS_EU, "subject": ["Still reviewing – {role}", "Thanks for your patience"],
     "body": """{greet}

«We haven't forgotten about you!|This is a short note to say we haven't forgotten you.» «We're still|The team is still» reviewing applications for {role} «and it's taking longer than planned|because we received more than expected». [[{timeline}]]

«Thank you for your patience.|Thanks for bearing with us.»
{recruiter}
{company}
"""},
    {"vendor": "human", "sender": "recruiter", "subject": ["Fwd: Feedback on {first}", "FW: {role} — next round"],
     "body": """{greet}

«Sharing the note from the hiring manager below|Passing along {manager_first}'s note» — «they'd like to keep you in the process|you're moving on to the next round». «I'll send scheduling options shortly.|Expect scheduling options from me this week.»

{sig_recruiter}

-----Original Message-----
From: {manager} <{manager_addr}>
Sent: {orig_date}
To: {recruiter} <{recruiter_addr}>
Subject: Feedback on {first}

Strong conversation, good instincts on the data modelling questions. Let's move {first} forward.
"""},
]



OFFER += [
    {"vendor": "human", "sender": "recruiter", "subject": ["Paperwork for {role}", "Your package — {company}"],
     "body": """{greet}

«As discussed on the phone|Following up on our call», attached you'll find the «compensation summary|full package» for the {role} «role|position»: «a base of {salary}, a {bonus} target bonus and equity|{salary} base plus a {bonus} annual bonus». «Everyone is excited about you joining.|The team can't wait to work with you.»

«Once you've had a chance to review, we can set up time to talk through any questions.|If anything isn't clear, I'm a phone call away.» [[{timeline}]]

{sig_recruiter}
"""},
    {"vendor": ["workday", "icims", "smartrecruiters"], "subject": ["Action Required: Review Your Offer", "Offer Letter Available - {job_id}"],
     "body": """Dear {me},

An offer «letter|of employment» for the {role} position (Req {job_id}) is «now available|ready» in your candidate portal.

Please «sign in|log in» to review and accept or decline by {deadline}: {link}

{company} Talent Acquisition
"""},
]

REJECTION += [
    {"vendor": "human", "sender": "manager", "subject": ["Re: {role}", "Our conversation last week"],
     "body": """{greet}

«Really appreciated|Thanks again for» «our conversation|the time you spent with us». «I'll be direct:|To be straightforward:» we're «going in a different direction|not going to move forward» «for this role|with your candidacy», mostly because «we need someone more senior right now|the role has changed in scope».

«Best of luck — I'm sure you'll land somewhere great.|Don't be a stranger.»

{sig_manager}
"""},
]

STATUS_UPDATE += [
    {"vendor": ["ashby", "greenhouse", "workable"], "subject": ["Your application: next steps coming soon", "Still in the running — {company}"],
     "body": """{greet}

«The {company} team has reviewed your application|Your application for {role} has been reviewed» and «the hiring manager would like to learn more|you've been shortlisted». «A recruiter will be in touch to arrange a conversation.|Expect to hear from a recruiter within a few days.»

{team}
"""},
]

TEMPLATES = {"rejection": REJECTION, "offer": OFFER, "status_update": STATUS_UPDATE}
