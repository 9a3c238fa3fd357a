// The one registry of host-page selectors, per site.
//
// Host apps change their markup without notice, so every entry is a list tried
// in order: the most specific selector first, looser fallbacks after. Each
// entry names the fixture in tests/extension/fixtures/ that must keep matching
// it; when a site changes, update the fixture and this file together.
// Loaded first by every content script; everything hangs off one global so the
// site scripts (same isolated world) can share it.

(() => {
  const TOM = (globalThis.TOM = globalThis.TOM || {});

  TOM.selectors = {
    linkedin: {
      // fixture: linkedin_profile.html  <h1 class="text-heading-xlarge">
      name: ["main h1.text-heading-xlarge", ".pv-text-details__left-panel h1", "main section h1", "main h1"],
      // fixture: linkedin_profile.html  <div class="text-body-medium break-words">
      headline: [
        "main .pv-text-details__left-panel .text-body-medium",
        "main div.text-body-medium.break-words",
        "main section [data-generated-suggestion-target]",
      ],
      // fixture: linkedin_profile.html  <button aria-label="Current company: …">
      // (the aria-label carries the company; the list item text is the fallback)
      currentCompanyButton: ['main button[aria-label^="Current company:"]', 'main [aria-label^="Current company"]'],
      currentCompanyText: [
        "main ul.pv-text-details__right-panel li:first-child span",
        "main .pv-text-details__right-panel .inline-show-more-text",
      ],
      // fixture: linkedin_profile.html  the message overlay's
      // <div class="msg-form__contenteditable" contenteditable="true" role="textbox">
      messageBox: [
        'div.msg-form__contenteditable[contenteditable="true"]',
        '.msg-overlay-conversation-bubble [contenteditable="true"][role="textbox"]',
        'aside [role="textbox"][contenteditable="true"]',
      ],
    },

    gmail: {
      // fixture: gmail_thread.html  <h2 class="hP" data-legacy-thread-id="18c…">
      // (the 16-hex-digit id is the Gmail API's threadId)
      threadHeading: ["h2.hP[data-legacy-thread-id]", "h2[data-legacy-thread-id]", "[data-legacy-thread-id]"],
      // fixture: gmail_thread.html  data-thread-perm-id="thread-f:<decimal>" (same id, in decimal)
      threadPermId: ["[data-thread-perm-id]"],
      // fixture: gmail_thread.html  <span class="ams bkH" role="link">Reply</span>
      replyButton: ['span.ams.bkH[role="link"]', 'div[role="button"][aria-label="Reply"]', '[data-tooltip="Reply"]'],
      // fixture: gmail_thread.html  appears only after Reply is clicked:
      // <div class="Am Al editable" contenteditable="true" role="textbox" g_editable="true">
      replyBox: [
        'div[contenteditable="true"][role="textbox"][g_editable="true"]',
        'div.Am.Al.editable[contenteditable="true"]',
        'div[aria-label="Message Body"][contenteditable="true"]',
      ],
    },

    outlook: {
      // fixture: outlook_thread.html  (URL /mail/<folder>/id/<AAQk…>; the DOM carries it too)
      conversationId: ["[data-convid]", '[role="main"] [data-conversation-id]'],
      // fixture: outlook_thread.html  <button aria-label="Reply">
      replyButton: ['button[aria-label="Reply"]', 'button[name="Reply"]', '[role="menuitem"][aria-label="Reply"]'],
      // fixture: outlook_thread.html  appears only after Reply is clicked:
      // <div role="textbox" contenteditable="true" aria-label="Message body, press Alt+F10 to exit">
      replyBox: [
        'div[role="textbox"][contenteditable="true"][aria-label^="Message body"]',
        '#editorParent_1 [contenteditable="true"]',
        'div[contenteditable="true"][role="textbox"]',
      ],
    },
  };

  // Job postings (issue 24), per site family: read where the page has no schema.org
  // JobPosting JSON-LD, or to fill what it lacks (content/jobs/posting.js reads JSON-LD
  // first). An entry is a CSS selector (its text) or {selector, attribute}. Fixtures:
  // tests/extension/fixtures/postings/<site>_*.html.
  TOM.selectors.jobs = {
    // fixture: linkedin_jobs_view.html, linkedin_jobs_panel.html (the search page's side panel)
    linkedin: {
      title: [".job-details-jobs-unified-top-card__job-title h1", ".jobs-unified-top-card__job-title",
        ".top-card-layout__title", "main h1"],
      company: [".job-details-jobs-unified-top-card__company-name a", ".job-details-jobs-unified-top-card__company-name",
        ".jobs-unified-top-card__company-name", ".topcard__org-name-link"],
      location: [".job-details-jobs-unified-top-card__primary-description-container .tvm__text:first-child",
        ".jobs-unified-top-card__bullet", ".topcard__flavor--bullet"],
      jobId: [{ selector: ".jobs-search__job-details--container[data-job-id]", attribute: "data-job-id" },
        { selector: ".job-view-layout[data-job-id]", attribute: "data-job-id" }],
    },
    // fixture: indeed_viewjob.html (no JSON-LD: the page alone)
    indeed: {
      title: ['h1[data-testid="jobsearch-JobInfoHeader-title"] > span:first-child', 'h1[data-testid="jobsearch-JobInfoHeader-title"]',
        "h1.jobsearch-JobInfoHeader-title"],
      company: ['[data-testid="inlineHeader-companyName"] a', '[data-testid="inlineHeader-companyName"]',
        '[data-company-name="true"]'],
      location: ['[data-testid="inlineHeader-companyLocation"]', '[data-testid="job-location"]'],
      jobId: [{ selector: 'meta[name="indeed-share-jk"]', attribute: "content" }],
    },
    // fixture: greenhouse_job.html (JSON-LD in @graph)
    greenhouse: {
      title: [".job__title h1", "h1.app-title", "#header h1"],
      company: [".job__title .company-name", "span.company-name", { selector: 'meta[property="og:site_name"]', attribute: "content" }],
      location: [".job__location", "#header .location", ".location"],
      jobId: [],
    },
    // fixture: lever_posting.html
    lever: {
      title: [".posting-headline h2", ".posting-header h2"],
      company: [{ selector: ".main-header-logo img[alt]", attribute: "alt" }, { selector: 'meta[property="og:site_name"]', attribute: "content" }],
      location: [".posting-categories .location", ".posting-category.location"],
      jobId: [],
    },
    // fixture: ashby_posting.html
    ashby: {
      title: ["h1.ashby-job-posting-heading", "main h1"],
      company: [{ selector: 'meta[property="og:site_name"]', attribute: "content" }],
      location: ['[class*="_section_"] [class*="_location"]', ".ashby-job-posting-location"],
      jobId: [],
    },
    // fixture: workday_job.html (an array of JSON-LD objects)
    workday: {
      title: ['[data-automation-id="jobPostingHeader"]'],
      company: [{ selector: 'meta[property="og:site_name"]', attribute: "content" }],
      location: ['[data-automation-id="locations"] dd', '[data-automation-id="locations"]'],
      jobId: ['[data-automation-id="requisitionId"] dd', '[data-automation-id="requisitionId"]'],
    },
    // fixture: smartrecruiters_job.html (an HTML-escaped description)
    smartrecruiters: {
      title: ["h1.job-title", 'h1[itemprop="title"]'],
      company: [{ selector: '[itemprop="hiringOrganization"] meta[itemprop="name"]', attribute: "content" },
        '[itemprop="hiringOrganization"] [itemprop="name"]'],
      location: ['[itemprop="jobLocation"] [itemprop="address"]', ".job-details .location"],
      jobId: [],
    },
    // fixture: workable_job.html
    workable: {
      title: ['[data-ui="job-title"]', "main h1"],
      company: ['[data-ui="company-name"]', { selector: 'meta[property="og:site_name"]', attribute: "content" }],
      location: ['[data-ui="job-location"]'],
      jobId: [],
    },
  };

  // First element matching any selector of the list, in list order.
  TOM.find = function find(list, root = document) {
    for (const selector of list) {
      const el = root.querySelector(selector);
      if (el) return el;
    }
    return null;
  };

  // Same, but only elements the user can see (Gmail keeps hidden threads in the DOM).
  TOM.findVisible = function findVisible(list, root = document) {
    for (const selector of list) {
      for (const el of root.querySelectorAll(selector)) {
        if (el.getClientRects().length > 0) return el;
      }
    }
    return null;
  };
})();
