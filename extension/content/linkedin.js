// LinkedIn: on a profile (/in/<slug> and its sub-pages) show who this person is
// to the candidate and what is owed; elsewhere (feed, jobs, search) do nothing.
// LinkedIn is a single-page app: profile → profile navigation is a pushState,
// seen through TOM.watchUrl (Navigation API + fallbacks).

(() => {
  const TOM = globalThis.TOM;
  const S = TOM.selectors.linkedin;
  const SITE = "linkedin";

  let currentSlug = null;
  let lastPageName = null;
  let generation = 0; // answers for a profile we already left are dropped

  function profileSlug() {
    // /in/<slug>, /in/<slug>/, /in/<slug>/overlay/…, /in/<slug>/recent-activity/…
    const m = location.pathname.match(/^\/in\/([^/]+)/);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]).toLowerCase();
    } catch {
      return m[1].toLowerCase();
    }
  }

  function profileUrl(slug) {
    return `https://www.linkedin.com/in/${encodeURIComponent(slug)}/`;
  }

  function textOf(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function readCompany() {
    const button = TOM.find(S.currentCompanyButton);
    const label = button && button.getAttribute("aria-label");
    if (label) {
      const m = label.match(/^Current company:\s*(.+?)(?:\.\s*Click.*)?$/i);
      if (m) return m[1].trim();
    }
    return textOf(button) || textOf(TOM.find(S.currentCompanyText));
  }

  function readPage() {
    return { name: textOf(TOM.find(S.name)), headline: textOf(TOM.find(S.headline)), company: readCompany() };
  }

  // After an SPA navigation LinkedIn may still show the previous profile's
  // heading for a moment; wait (briefly) for the new one before reading it.
  async function freshName() {
    const isFresh = () => {
      const el = TOM.find(S.name);
      return Boolean(el && textOf(el) && textOf(el) !== lastPageName);
    };
    if (!isFresh()) {
      await new Promise((resolve) => {
        const observer = new MutationObserver(() => isFresh() && done());
        const timer = setTimeout(() => done(), lastPageName ? 1000 : 2500);
        function done() {
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        }
        observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
      });
    }
    return readPage();
  }

  const handlers = {
    pageName: () => readPage().name,
    async done(action) {
      const r = await TOM.ask({ type: "actionDone", id: action.id });
      afterChange(r, "Marked as done.");
    },
    async snooze(action, days) {
      const r = await TOM.ask({ type: "actionSnooze", id: action.id, days });
      afterChange(r, `Snoozed for ${days} days.`);
    },
    async draft(action) {
      const card = TOM.card(SITE);
      const r = await TOM.ask({ type: "draft", id: action.id, channel: "message" });
      if (r.state !== "ok") return card.toast(r.message, true);
      const body = r.data.body || "";
      const box = TOM.findVisible(S.messageBox);
      if (box) {
        TOM.insertIntoEditor(box, body);
        card.toast("Draft inserted in the message box. Read it over, then send it yourself.");
      } else if (await TOM.copyText(body)) {
        card.toast(`Draft copied. Open a message to ${readPage().name || "them"} and paste it.`);
      } else {
        card.toast("Could not copy the draft: open a message box on this page, then press Draft again.", true);
      }
    },
    async track() {
      const page = readPage();
      const slug = profileSlug();
      if (!page.name) return TOM.card(SITE).toast("Could not read the name on this page; wait for it to load and retry.", true);
      const r = await TOM.ask({ type: "trackPerson", name: page.name, headline: page.headline,
        company: page.company, linkedin_url: profileUrl(slug) });
      afterChange(r, `Now tracking ${page.name}.`);
    },
    async attach({ opportunityId, personId, role, what }) {
      const r = await TOM.ask({ type: "attachContact", opportunity_id: opportunityId, person_id: personId, role });
      afterChange(r, `Attached ${what}.`);
    },
    async link(person) {
      const r = await TOM.ask({ type: "linkPerson", person_id: person.id, linkedin_url: profileUrl(profileSlug()) });
      afterChange(r, `Linked this profile to ${person.name}.`);
    },
  };

  // Reload the card after a change, keeping the confirmation (or the error) visible.
  async function afterChange(result, okText) {
    if (result.state !== "ok") return TOM.card(SITE).toast(result.message, true);
    await update(true);
    TOM.card(SITE).toast(okText);
  }

  async function update(force = false) {
    const slug = profileSlug();
    if (!slug) {
      currentSlug = null;
      TOM.removeCard();
      return;
    }
    if (slug === currentSlug && !force) return;
    currentSlug = slug;
    const mine = ++generation;
    // Clear the previous person at once; a first card appears only with an answer.
    if (document.getElementById("topofmind-card-host") && !force) TOM.card(SITE).showLoading(slug);
    const page = force ? readPage() : await freshName();
    if (mine !== generation) return;
    const result = await TOM.ask({ type: "lookupProfile", url: location.href, name: page.name, company: page.company });
    if (mine !== generation) return;
    lastPageName = page.name;
    if (result.state === "disabled") return TOM.removeCard();
    const card = TOM.card(SITE);
    if (result.state !== "ok") return card.showProblem(result, slug, () => update(true));
    card.showPerson(result.data, slug, handlers);
  }

  TOM.watchUrl(() => update());
  update();
})();
