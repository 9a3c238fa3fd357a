// The one registry of what topofmind reads on host pages, per site and field.
//
// Host apps change their markup without notice, so every field is an ordered
// list of sources, the most lasting first: the URL (read by the site script),
// document.title, <meta property="og:…">, structured data (JSON-LD), then the
// page's own elements, newest layout first, older layouts after. Each source
// names the fixtures in tests/extension/fixtures/ it serves; the tests check
// every source against the fixtures it names and every list against every
// fixture of its site. When a site changes, add a fixture and a source here.
// Loaded first by every content script; everything hangs off one global so the
// site scripts (same isolated world) can share it.
//
// A source is one of
//   {css, attr?, pattern?}  an element's text (or attribute), optionally the
//                           first group of a regular expression over it;
//   {title: pattern}        document.title's first group;
//   {meta, pattern?}        a <meta property=…> content, trusted only while the
//                           page's og:url/canonical is the profile being read;
//   {jsonld: "name" | "jobTitle" | "worksFor"}  the schema.org Person whose url
//                           is the profile being read.

(() => {
  const TOM = (globalThis.TOM = globalThis.TOM || {});

  const LI_2026 = "linkedin_profile_2026.html";
  const LI_OLD = "linkedin_profile.html";
  const LI_PUBLIC = "linkedin_profile_public.html";
  const GMAIL_2026 = "gmail_thread_2026.html";
  const GMAIL_OLD = "gmail_thread.html";
  const OUTLOOK_2026 = "outlook_thread_2026.html";
  const OUTLOOK_OLD = "outlook_thread.html";
  // The 2026 top card has no stable class names; it is the section holding the
  // profile's "Contact info" link.
  const TOP_CARD = 'main section:has(a[href*="/overlay/contact-info"])';

  TOM.selectors = {
    linkedin: {
      // "(3) Priya Shah | LinkedIn", "Priya Shah - Contoso | LinkedIn": the
      // notification count and the company are not part of the name.
      name: [
        { title: "^(?:\\(\\d+\\+?\\)\\s*)?(.+?)(?:\\s+[-–]\\s+.+)?\\s*\\|\\s*LinkedIn\\s*$", fixtures: [LI_2026, LI_OLD, LI_PUBLIC] },
        { meta: "og:title", pattern: "^(.+?)(?:\\s+[-–]\\s+.+)?\\s*\\|\\s*LinkedIn\\s*$", fixtures: [LI_PUBLIC] },
        { jsonld: "name", fixtures: [LI_PUBLIC] },
        { css: `${TOP_CARD} h2`, fixtures: [LI_2026] },
        { css: "main h1.text-heading-xlarge", fixtures: [LI_OLD] },
        { css: ".pv-text-details__left-panel h1", fixtures: [LI_OLD] },
        { css: "h1.top-card-layout__title", fixtures: [LI_PUBLIC] },
        { css: "main section h1", fixtures: [LI_OLD, LI_PUBLIC] },
      ],
      headline: [
        { jsonld: "jobTitle", fixtures: [LI_PUBLIC] },
        { css: `${TOP_CARD} div:has(> h2) + p`, fixtures: [LI_2026] },
        { css: "main .pv-text-details__left-panel .text-body-medium", fixtures: [LI_OLD] },
        { css: "main div.text-body-medium.break-words", fixtures: [LI_OLD] },
        { css: "h2.top-card-layout__headline", fixtures: [LI_PUBLIC] },
        { css: "main section [data-generated-suggestion-target]", fixtures: [LI_OLD] },
      ],
      // The current company; when no source has it, the headline's "… at X" does (linkedin.js).
      company: [
        { meta: "og:title", pattern: "^.+?\\s+[-–]\\s+(.+?)\\s*\\|\\s*LinkedIn\\s*$", fixtures: [LI_PUBLIC] },
        { jsonld: "worksFor", fixtures: [LI_PUBLIC] },
        { css: `${TOP_CARD} a[href*="/company/"] p`, fixtures: [LI_2026] },
        { css: 'main button[aria-label^="Current company:"]', attr: "aria-label",
          pattern: "^Current company:\\s*(.+?)(?:\\.\\s*Click.*)?$", fixtures: [LI_OLD] },
        { css: "main ul.pv-text-details__right-panel li:first-child span", fixtures: [LI_OLD] },
        { css: '[data-section="currentPositionsDetails"] .top-card-link__description', fixtures: [LI_PUBLIC] },
      ],
      // The top card's own link to the profile: when it names the profile in the URL, the
      // top card is this profile's (not the previous one's, still shown after pushState).
      profileLink: [
        { css: `${TOP_CARD} a[href*="/overlay/contact-info"]`, attr: "href", fixtures: [LI_2026] },
      ],
      // The message overlay's editor, once "Message" was pressed.
      messageBox: [
        { css: 'div.msg-form__contenteditable[contenteditable="true"]', fixtures: [LI_2026, LI_OLD] },
        { css: '.msg-overlay-conversation-bubble [contenteditable="true"][role="textbox"]', fixtures: [LI_2026, LI_OLD] },
        { css: 'aside [role="textbox"][contenteditable="true"]', fixtures: [LI_2026, LI_OLD] },
      ],
    },

    gmail: {
      // The open thread's subject heading; the 16-hex-digit id is the Gmail API's threadId.
      threadHeading: [
        { css: "h2.hP[data-legacy-thread-id]", fixtures: [GMAIL_2026, GMAIL_OLD] },
        { css: "h2[data-legacy-thread-id]", fixtures: [GMAIL_2026, GMAIL_OLD] },
        { css: "[data-legacy-thread-id]", fixtures: [GMAIL_2026, GMAIL_OLD] },
      ],
      // data-thread-perm-id="thread-f:<decimal>" (the same id, in decimal).
      threadPermId: [{ css: "[data-thread-perm-id]", fixtures: [GMAIL_2026, GMAIL_OLD] }],
      // The 2026 view answers from the message header's icon button; older ones
      // from the "Reply" chip under the last message.
      replyButton: [
        { css: 'div[role="button"][aria-label="Reply"]', fixtures: [GMAIL_2026] },
        { css: '[data-tooltip="Reply"]', fixtures: [GMAIL_2026] },
        { css: 'span.ams.bkH[role="link"]', fixtures: [GMAIL_OLD] },
      ],
      // Appears only after Reply.
      replyBox: [
        { css: 'div[contenteditable="true"][role="textbox"][g_editable="true"]', fixtures: [GMAIL_2026, GMAIL_OLD] },
        { css: 'div.Am.Al.editable[contenteditable="true"]', fixtures: [GMAIL_OLD] },
        { css: 'div[aria-label="Message Body"][contenteditable="true"]', fixtures: [GMAIL_2026, GMAIL_OLD] },
      ],
    },

    outlook: {
      // The URL /mail/<folder>/id/<AAQk…> is read first (outlook.js); the reading pane carries it too.
      conversationId: [
        { css: '[role="main"] [data-conversation-id]', attr: "data-conversation-id", fixtures: [OUTLOOK_2026] },
      ],
      replyButton: [
        { css: 'button[aria-label="Reply"]', fixtures: [OUTLOOK_2026, OUTLOOK_OLD] },
        { css: 'button[name="Reply"]', fixtures: [OUTLOOK_2026] },
      ],
      // Appears only after Reply.
      replyBox: [
        { css: 'div[role="textbox"][contenteditable="true"][aria-label^="Message body"]', fixtures: [OUTLOOK_2026, OUTLOOK_OLD] },
        { css: '#editorParent_1 [contenteditable="true"]', fixtures: [OUTLOOK_OLD] },
        { css: 'div[contenteditable="true"][role="textbox"]', fixtures: [OUTLOOK_2026, OUTLOOK_OLD] },
      ],
    },
  };

  // Job postings (issue 24), one list per site family and field, read where the page has no
  // schema.org JobPosting JSON-LD or to fill what it lacks (content/jobs/posting.js reads
  // JSON-LD first, so a field JSON-LD always gives may have no source here). Fixtures:
  // tests/extension/fixtures/postings/.
  const LI_JOB_VIEW = "postings/linkedin_jobs_view.html";
  const LI_JOB_PANEL = "postings/linkedin_jobs_panel.html"; // the search page's side panel
  TOM.selectors.jobs_linkedin = {
    title: [
      { css: ".job-details-jobs-unified-top-card__job-title h1", fixtures: [LI_JOB_VIEW, LI_JOB_PANEL] },
      { css: "main h1", fixtures: [LI_JOB_VIEW, LI_JOB_PANEL] },
    ],
    company: [
      { css: ".job-details-jobs-unified-top-card__company-name a", fixtures: [LI_JOB_VIEW, LI_JOB_PANEL] },
      { css: ".job-details-jobs-unified-top-card__company-name", fixtures: [LI_JOB_VIEW, LI_JOB_PANEL] },
    ],
    location: [
      { css: ".job-details-jobs-unified-top-card__primary-description-container .tvm__text:first-child",
        fixtures: [LI_JOB_VIEW, LI_JOB_PANEL] },
    ],
    jobId: [
      { css: ".jobs-search__job-details--container[data-job-id]", attr: "data-job-id", fixtures: [LI_JOB_PANEL] },
      { css: ".job-view-layout[data-job-id]", attr: "data-job-id", fixtures: [LI_JOB_VIEW] },
    ],
  };
  const INDEED = ["postings/indeed_viewjob.html"]; // no JSON-LD: the page alone
  TOM.selectors.jobs_indeed = {
    title: [
      { css: 'h1[data-testid="jobsearch-JobInfoHeader-title"] > span:first-child', fixtures: INDEED },
      { css: 'h1[data-testid="jobsearch-JobInfoHeader-title"]', fixtures: INDEED },
      { css: "h1.jobsearch-JobInfoHeader-title", fixtures: INDEED },
    ],
    company: [
      { css: '[data-testid="inlineHeader-companyName"] a', fixtures: INDEED },
      { css: '[data-testid="inlineHeader-companyName"]', fixtures: INDEED },
    ],
    location: [{ css: '[data-testid="inlineHeader-companyLocation"]', fixtures: INDEED }],
    jobId: [],
  };
  const GREENHOUSE = ["postings/greenhouse_job.html"]; // JSON-LD in @graph
  TOM.selectors.jobs_greenhouse = {
    title: [{ css: ".job__title h1", fixtures: GREENHOUSE }],
    company: [],
    location: [{ css: ".job__location", fixtures: GREENHOUSE }],
    jobId: [],
  };
  const LEVER = ["postings/lever_posting.html"];
  TOM.selectors.jobs_lever = {
    title: [{ css: ".posting-headline h2", fixtures: LEVER }],
    company: [{ css: ".main-header-logo img[alt]", attr: "alt", fixtures: LEVER }],
    location: [{ css: ".posting-categories .location", fixtures: LEVER }, { css: ".posting-category.location", fixtures: LEVER }],
    jobId: [],
  };
  const ASHBY = ["postings/ashby_posting.html"]; // rendered by script
  TOM.selectors.jobs_ashby = {
    title: [{ css: "h1.ashby-job-posting-heading", fixtures: ASHBY }],
    company: [{ css: 'meta[property="og:site_name"]', attr: "content", fixtures: ASHBY }],
    location: [],
    jobId: [],
  };
  const WORKDAY = ["postings/workday_job.html"]; // an array of JSON-LD objects
  TOM.selectors.jobs_workday = {
    title: [{ css: '[data-automation-id="jobPostingHeader"]', fixtures: WORKDAY }],
    company: [],
    location: [{ css: '[data-automation-id="locations"] dd', fixtures: WORKDAY },
      { css: '[data-automation-id="locations"]', fixtures: WORKDAY }],
    jobId: [{ css: '[data-automation-id="requisitionId"] dd', fixtures: WORKDAY },
      { css: '[data-automation-id="requisitionId"]', fixtures: WORKDAY }],
  };
  const SMARTRECRUITERS = ["postings/smartrecruiters_job.html"]; // an HTML-escaped description
  TOM.selectors.jobs_smartrecruiters = {
    title: [{ css: "h1.job-title", fixtures: SMARTRECRUITERS }, { css: 'h1[itemprop="title"]', fixtures: SMARTRECRUITERS }],
    company: [],
    location: [],
    jobId: [],
  };
  const WORKABLE = ["postings/workable_job.html"];
  TOM.selectors.jobs_workable = {
    title: [{ css: '[data-ui="job-title"]', fixtures: WORKABLE }, { css: "main h1", fixtures: WORKABLE }],
    company: [],
    location: [{ css: '[data-ui="job-location"]', fixtures: WORKABLE }],
    jobId: [],
  };

  const cssOf = (source) => (typeof source === "string" ? source : source.css);

  // First element matching any element source of the list, in list order.
  TOM.find = function find(list, root = document) {
    for (const source of list) {
      const css = cssOf(source);
      const el = css && root.querySelector(css);
      if (el) return el;
    }
    return null;
  };

  // Same, but only elements the user can see (Gmail keeps hidden threads in the DOM).
  TOM.findVisible = function findVisible(list, root = document) {
    for (const source of list) {
      const css = cssOf(source);
      if (!css) continue;
      for (const el of root.querySelectorAll(css)) {
        if (el.getClientRects().length > 0) return el;
      }
    }
    return null;
  };

  const clean = (text) => String(text || "").replace(/\s+/g, " ").trim();

  function matched(text, pattern) {
    const value = clean(text);
    if (!value || !pattern) return value;
    const m = value.match(new RegExp(pattern, "i"));
    return m ? clean(m[1]) : "";
  }

  // The profile path a page's og:url / canonical link / JSON-LD url names, lower case.
  function pathOf(url) {
    try {
      return decodeURIComponent(new URL(url, location.href).pathname).replace(/\/+$/, "").toLowerCase();
    } catch {
      return "";
    }
  }

  // After an SPA navigation the <head> still describes the page first loaded:
  // its meta and structured data count only while they name the profile read.
  function describes(url, profilePath) {
    return Boolean(profilePath) && pathOf(url).endsWith(profilePath);
  }

  function metaContent(property, profilePath) {
    const own = document.querySelector('meta[property="og:url"]') || document.querySelector('link[rel="canonical"]');
    const url = own && (own.getAttribute("content") || own.getAttribute("href"));
    if (!describes(url, profilePath)) return "";
    const meta = document.querySelector(`meta[property="${property}"]`);
    return meta ? meta.getAttribute("content") || "" : "";
  }

  function jsonldValue(field, profilePath) {
    for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
      let data;
      try {
        data = JSON.parse(script.textContent);
      } catch {
        continue;
      }
      const items = [data, ...(Array.isArray(data["@graph"]) ? data["@graph"] : [])];
      const person = items.find((i) => i && i["@type"] === "Person" && describes(i.url, profilePath));
      if (!person) continue;
      const value = person[field];
      const first = Array.isArray(value) ? value[0] : value;
      return first && typeof first === "object" ? first.name || "" : first || "";
    }
    return "";
  }

  // One source's value on this page ("" when it has none). `profilePath`
  // ("/in/<slug>") guards the sources that describe the page as first loaded.
  TOM.readSource = function readSource(source, profilePath = "") {
    if (typeof source === "string") return clean(document.querySelector(source)?.textContent);
    if (source.title) return matched(document.title, source.title);
    if (source.meta) return matched(metaContent(source.meta, profilePath), source.pattern);
    if (source.jsonld) return clean(jsonldValue(source.jsonld, profilePath));
    const el = document.querySelector(source.css);
    if (!el) return "";
    return matched(source.attr ? el.getAttribute(source.attr) : el.textContent, source.pattern);
  };

  // The first source of the list with a value, and which one it was; `stale`
  // values (what the previous profile showed) are passed over.
  TOM.read = function read(list, profilePath = "", stale = null) {
    for (let i = 0; i < list.length; i++) {
      const value = TOM.readSource(list[i], profilePath);
      if (value && value !== stale) return { value, source: i };
    }
    return { value: "", source: -1 };
  };
})();
