// LinkedIn: on a profile (/in/<slug> and its sub-pages) show who this person is
// to the candidate and what is owed; elsewhere (feed, jobs, search) do nothing.
//
// The slug in the URL is asked about at once (it alone answers a linked
// profile); the name, headline and company are read from the page as they
// appear (selectors.js, most lasting source first) and the card fills in, with
// no fixed wait for any one field. When no source gives the name, the card says
// LinkedIn changed the page and offers to link the profile by hand, and the
// server counts the miss (Settings shows it).
// LinkedIn is a single-page app: profile → profile navigation is a pushState,
// seen through TOM.watchUrl (Navigation API + fallbacks); for a moment the page
// may still show the previous profile, whose name is then not taken.

(() => {
  const TOM = globalThis.TOM;
  const S = TOM.selectors.linkedin;
  const SITE = "linkedin";
  const SPA_GRACE_MS = 1500; // an SPA navigation's top card may lag its URL this long
  const WATCH_MS = 5000; // a field still unread after this is a miss
  const CHECK_EVERY_MS = 50; // re-read at most this often while the page redraws

  let nav = null; // the profile on screen (see start())
  let previousName = ""; // what the last profile showed: stale after an SPA navigation
  let firstPage = true;

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

  // "Staff Data Scientist at Kestrel Mobility | ex-Contoso" → "Kestrel Mobility".
  function companyFromHeadline(headline) {
    const m = headline.match(/\s(?:at|@)\s+(.+?)(?:\s+[|·•]\s.*|,.*)?$/i);
    return m ? m[1].trim() : "";
  }

  // Whether the top card links to this profile (then its name is this profile's,
  // even when it equals the previous profile's).
  function topCardIs(slug) {
    const href = TOM.read(S.profileLink).value;
    const m = href && href.match(/\/in\/([^/]+)/);
    if (!m) return false;
    try {
      return decodeURIComponent(m[1]).toLowerCase() === slug;
    } catch {
      return m[1].toLowerCase() === slug;
    }
  }

  // The page's fields; headline and company only once the (fresh) name is read.
  function readFields(n) {
    const path = `/in/${n.slug}`;
    let name = TOM.read(S.name, path, n.gaveUp ? null : previousName).value;
    if (!name && topCardIs(n.slug)) name = TOM.read(S.name, path).value; // a name the last profile had too
    if (!name) return { name: "", headline: "", company: "" };
    const headline = TOM.read(S.headline, path).value;
    return { name, headline, company: TOM.read(S.company, path).value || companyFromHeadline(headline) };
  }

  const nameOf = (n) => n.fields.name || n.manualName;

  const questionKey = (n) => `${nameOf(n)}\u0001${n.fields.company}`;

  // Asks about the profile with what is known of it, one question at a time: a
  // name read while the slug's question is out is asked about only if the slug
  // alone did not answer (a linked profile needs no name). An answer for a
  // profile since left is dropped.
  async function ask(n) {
    const key = questionKey(n);
    if (n.asked === key || n.inFlight) return;
    n.asked = key;
    n.inFlight = true;
    const result = await TOM.ask({ type: "lookupProfile", url: profileUrl(n.slug), name: nameOf(n),
      company: n.fields.company });
    n.inFlight = false;
    if (n !== nav) return;
    n.answer = result;
    render(n);
    const known = result.state === "ok" && result.data.known;
    if (!known && result.state === "ok" && questionKey(n) !== key) ask(n);
  }

  function render(n) {
    if (n !== nav || !n.answer) return;
    const result = n.answer;
    if (result.state === "disabled") return TOM.removeCard();
    const card = TOM.card(SITE);
    if (result.state !== "ok") return card.showProblem(result, n.slug, () => update(true));
    if (result.data.known) return card.showPerson(result.data, n.slug, handlers);
    const name = nameOf(n);
    if (name) return card.showUnknown(result.data, n.slug, { name, company: n.fields.company }, handlers, n.conflict);
    if (!n.gaveUp) return card.showReading(n.slug);
    card.showUnreadable(n.slug, "LinkedIn", "name", handlers);
  }

  // Re-reads the page on its own redraws (at most every CHECK_EVERY_MS) until
  // every field is read or WATCH_MS pass; then any field still missing is a miss.
  function watch(n) {
    let last = 0;
    let timer = null;
    const check = () => {
      timer = null;
      last = performance.now();
      if (n !== nav) return;
      const before = JSON.stringify(n.fields);
      n.fields = readFields(n);
      if (JSON.stringify(n.fields) !== before) {
        const known = n.answer && n.answer.state === "ok" && n.answer.data.known;
        if (!known) ask(n);
        render(n);
      }
      if (n.fields.name && n.fields.headline && n.fields.company) stop(n);
    };
    n.check = check;
    n.observer = new MutationObserver(() => {
      if (timer) return;
      timer = setTimeout(check, Math.max(0, last + CHECK_EVERY_MS - performance.now()));
    });
    n.observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    n.timers.push(setTimeout(() => {
      stop(n);
      if (n !== nav) return;
      // The headline is read only with the name: without the name, that is the one miss.
      const missed = !n.fields.name ? "name" : !n.fields.headline ? "headline" : null;
      if (missed) TOM.ask({ type: "reportMiss", site: SITE, selector: missed });
    }, WATCH_MS));
  }

  function stop(n) {
    if (n.observer) n.observer.disconnect();
    n.observer = null;
    for (const t of n.timers.splice(0)) clearTimeout(t);
  }

  function start(slug, { spa, keep }) {
    if (nav) {
      stop(nav);
      if (nav.fields.name) previousName = nav.fields.name;
    }
    const n = { slug, fields: { name: "", headline: "", company: "" }, manualName: "", asked: null, answer: null,
      inFlight: false, conflict: null, gaveUp: !spa, observer: null, timers: [] };
    if (keep) Object.assign(n, { fields: keep.fields, manualName: keep.manualName, gaveUp: true });
    nav = n;
    if (!keep) n.fields = readFields(n);
    if (!n.fields.name || !n.fields.headline || !n.fields.company) watch(n);
    if (spa) {
      n.timers.push(setTimeout(() => {
        n.gaveUp = true;
        if (n.check) n.check(); // a name equal to the previous profile's is taken now
        render(n);
      }, SPA_GRACE_MS));
    }
    return n;
  }

  function update(force = false) {
    const slug = profileSlug();
    if (!slug) {
      if (nav) stop(nav);
      nav = null;
      TOM.removeCard();
      return;
    }
    if (nav && slug === nav.slug && !force) return;
    const spa = !firstPage && !force;
    firstPage = false;
    // Clear the previous person at once; the first answer replaces this.
    if (spa && document.getElementById("topofmind-card-host")) TOM.card(SITE).showLoading(slug);
    const keep = force && nav && nav.slug === slug ? nav : null;
    ask(start(slug, { spa, keep }));
  }

  // Reload the card after a change, keeping the confirmation (or the error) visible.
  async function afterChange(result, okText) {
    if (result.state !== "ok") return TOM.card(SITE).toast(result.message, true);
    const n = nav;
    if (n) n.conflict = null;
    update(true);
    await waitForAnswer(nav);
    TOM.card(SITE).toast(okText);
  }

  function waitForAnswer(n) {
    return new Promise((resolve) => {
      const poll = () => (!n || n !== nav || n.answer ? resolve() : setTimeout(poll, 10));
      poll();
    });
  }

  const handlers = {
    async done(action) {
      afterChange(await TOM.ask({ type: "actionDone", id: action.id }), "Marked as done.");
    },
    async snooze(action, days) {
      afterChange(await TOM.ask({ type: "actionSnooze", id: action.id, days }), `Snoozed for ${days} days.`);
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
        return "inserted";
      }
      if (await TOM.copyText(body)) {
        card.toast(`Draft copied. Open a message to ${(nav && nameOf(nav)) || "them"} and paste it.`);
        return "copied";
      }
      card.toast("Could not copy the draft: open a message box on this page, then press Draft again.", true);
      return "failed";
    },
    // distinct: the user said this profile is not the tracked person of the same name.
    async track({ distinct = false } = {}) {
      const n = nav;
      const name = n && nameOf(n);
      if (!name) return TOM.card(SITE).toast("Type the name as the page shows it first.", true);
      const r = await TOM.ask({ type: "trackPerson", name, headline: n.fields.headline, company: n.fields.company,
        linkedin_url: profileUrl(n.slug), distinct });
      if (r.state === "error" && r.code === "same_person" && n === nav) {
        n.conflict = { people: (r.details && r.details.people) || [], message: r.message };
        render(n);
        return;
      }
      afterChange(r, `Now tracking ${name}.`);
    },
    async attach({ opportunityId, personId, role, what }) {
      const r = await TOM.ask({ type: "attachContact", opportunity_id: opportunityId, person_id: personId, role });
      afterChange(r, `Attached ${what}.`);
    },
    async link(person) {
      if (!nav) return;
      const r = await TOM.ask({ type: "linkPerson", person_id: person.id, linkedin_url: profileUrl(nav.slug) });
      afterChange(r, `Linked this profile to ${person.name}.`);
    },
    // "The same person? Merge": `other` into the person linked to this profile, with an undo.
    async merge(person, other) {
      const r = await TOM.ask({ type: "mergePeople", person_id: person.id, other_id: other.id });
      if (r.state !== "ok") return TOM.card(SITE).toast(r.message, true);
      await afterChange(r, "");
      TOM.card(SITE).toastUndo(`Merged ${other.name} into ${person.name}.`, async () => {
        const undone = await TOM.ask({ type: "undoAudit", audit_id: r.data.undo.audit_id });
        afterChange(undone, `Undone: ${other.name} is tracked apart again.`);
      });
    },
    // The manual link: the name as the user reads it on the page.
    manualName(name) {
      const n = nav;
      if (!n || !name.trim()) return;
      n.manualName = name.replace(/\s+/g, " ").trim();
      n.gaveUp = true;
      ask(n);
    },
  };

  // The popup's "Insert" on this tab: the draft goes where the card's Draft puts it.
  TOM.onPopupInsert((id) => (nav ? handlers.draft({ id }) : Promise.resolve("not-here")));

  TOM.watchUrl(() => update());
  update();
})();
