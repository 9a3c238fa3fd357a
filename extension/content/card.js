// The overlay card, shared by the three sites.
//
// It lives in an open shadow root on its own host element, so the host page's
// CSS cannot reach it and its CSS cannot leak out. Everything is built with
// createElement + textContent: names, subjects and drafts come from emails and
// web pages and are never parsed as HTML.
// The host element carries data-state and data-key so tests and the latency
// bench can tell which lookup the card currently shows.

(() => {
  const TOM = (globalThis.TOM = globalThis.TOM || {});
  const HOST_ID = "topofmind-card-host";

  const STYLE = `
    :host { all: initial; }
    .card { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; width: 320px;
      max-height: 70vh; overflow: auto; box-sizing: border-box; background: #fff; color: #1f2937;
      border: 1px solid #d1d5db; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.18);
      font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    header { display: flex; align-items: center; gap: 6px; padding: 8px 10px; background: #0f766e;
      color: #fff; border-radius: 10px 10px 0 0; font-weight: 600; }
    header .brand { flex: 1; }
    header button { all: unset; cursor: pointer; padding: 0 4px; font-size: 15px; }
    .body { padding: 10px; display: grid; gap: 8px; }
    .collapsed .body { display: none; }
    .name { font-size: 15px; font-weight: 600; }
    .muted { color: #6b7280; }
    .small { font-size: 12px; }
    .message { padding: 8px; border-radius: 6px; background: #f3f4f6; }
    .message.warn { background: #fef3c7; }
    .message.bad { background: #fee2e2; }
    .action { border-left: 3px solid #0f766e; padding: 4px 0 4px 8px; display: grid; gap: 4px; }
    .action.overdue { border-color: #b91c1c; }
    .action.today { border-color: #c2410c; }
    .pill { display: inline-block; padding: 0 6px; border-radius: 999px; font-size: 11px;
      background: #e5e7eb; margin-left: 4px; }
    .overdue .pill { background: #fee2e2; color: #991b1b; }
    .today .pill { background: #ffedd5; color: #9a3412; }
    .buttons { display: flex; flex-wrap: wrap; gap: 6px; }
    button.btn { font: inherit; cursor: pointer; padding: 3px 10px; border-radius: 6px;
      border: 1px solid #0f766e; background: #fff; color: #0f766e; }
    button.btn.primary { background: #0f766e; color: #fff; }
    button.btn:disabled { opacity: .5; cursor: default; }
    ul { margin: 0; padding-left: 18px; }
    .toast { font-size: 12px; color: #065f46; min-height: 0; }
    .toast.bad { color: #991b1b; }
    .find-contact, .attachable { display: grid; gap: 4px; padding: 6px; border-radius: 6px; background: #f0fdfa; }
    .find-contact a { color: #0f766e; }
    .find-contact li { margin: 2px 0; }
    button.btn.tiny { padding: 0 8px; font-size: 12px; margin-left: 4px; }
    form.manual { display: flex; gap: 6px; }
    form.manual input { flex: 1; min-width: 0; font: inherit; padding: 3px 6px; border: 1px solid #d1d5db;
      border-radius: 6px; }
  `;

  // el("div", {className, text, onClick, data: {role: "x"}}, children...)
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    if (props.className) node.className = props.className;
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    if (props.title) node.title = String(props.title);
    if (props.onClick) node.addEventListener("click", props.onClick);
    for (const [k, v] of Object.entries(props.data || {})) node.dataset[k] = String(v);
    if (tag === "button") node.type = "button";
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  TOM.el = el;

  function formatDate(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return d.toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" });
  }
  TOM.formatDate = formatDate;

  const URGENCY_LABEL = { overdue: "overdue", today: "due today", upcoming: "upcoming" };
  const STATE_TITLE = {
    not_configured: "Set up topofmind",
    unreachable: "Server unreachable",
    unauthorized: "Token rejected",
    error: "Something went wrong",
  };

  const ROLE_LABEL = { recruiter: "recruiter", hiring_manager: "hiring manager" };
  TOM.roleLabel = (role) => ROLE_LABEL[role] || "recruiter";

  // A link from the server is data: only an https page ever becomes an href,
  // and it opens in a new tab that cannot reach back into this one.
  function externalLink(text, role, url) {
    let href = null;
    try {
      const u = new URL(url);
      if (u.protocol === "https:") href = u.href;
    } catch {
      href = null;
    }
    if (!href) return null;
    const a = el("a", { text, data: { role } });
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // Disables the button while its (async) handler runs.
  function withBusy(fn) {
    return async (ev) => {
      const btn = ev.currentTarget;
      btn.disabled = true;
      try {
        await fn();
      } finally {
        btn.disabled = false;
      }
    };
  }

  // "Staff Data Scientist at Kestrel Mobility": the company once, even when the
  // title (a LinkedIn headline) already names it.
  TOM.roleAt = function roleAt(title, company) {
    const t = String(title || "").trim();
    const c = String(company || "").trim();
    if (!c) return t;
    if (!t) return c;
    return t.toLowerCase().includes(c.toLowerCase()) ? t : `${t} at ${c}`;
  };

  function hasDue(actions) {
    return (actions || []).some((a) => a.urgency === "overdue" || a.urgency === "today");
  }

  class Card {
    constructor(site) {
      this.site = site;
      this.host = document.createElement("div");
      this.host.id = HOST_ID;
      this.host.dataset.site = site;
      this.shadow = this.host.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = STYLE;
      this.box = el("div", { className: "card", data: { role: "card" } });
      const toggle = el("button", { text: "–", title: "Collapse", onClick: () => this.box.classList.toggle("collapsed") });
      const close = el("button", { text: "×", title: "Hide for this page", onClick: () => this.hide() });
      this.header = el("header", {}, el("span", { className: "brand", text: "topofmind" }), toggle, close);
      this.body = el("div", { className: "body" });
      this.toastLine = el("div", { className: "toast", data: { role: "toast" } });
      this.box.append(this.header, this.body);
      this.shadow.append(style, this.box);
      (document.body || document.documentElement).appendChild(this.host);
    }

    setContent(state, key, ...nodes) {
      this.host.hidden = false;
      this.host.dataset.state = state;
      this.host.dataset.key = key ?? "";
      this.toastLine.textContent = "";
      this.toastLine.className = "toast";
      this.body.replaceChildren(...nodes.flat().filter(Boolean), this.toastLine);
    }

    hide() {
      this.host.hidden = true;
    }

    toast(text, bad = false) {
      this.toastLine.textContent = text;
      this.toastLine.className = bad ? "toast bad" : "toast";
    }

    showLoading(key) {
      this.setContent("loading", key, el("div", { className: "muted", text: "Looking this up…" }));
    }

    // not_configured / unreachable / unauthorized / error: say what to do next.
    showProblem(result, key, onRetry) {
      const buttons = el("div", { className: "buttons" });
      if (result.state !== "error") {
        buttons.append(el("button", { className: "btn primary", text: "Open options", data: { role: "open-options" },
          onClick: () => TOM.ask({ type: "openOptions" }) }));
      }
      if (onRetry && result.state !== "not_configured") {
        buttons.append(el("button", { className: "btn", text: "Retry", data: { role: "retry" }, onClick: onRetry }));
      }
      this.setContent(result.state, key,
        el("div", { className: "name", text: STATE_TITLE[result.state] || STATE_TITLE.error }),
        el("div", { className: result.state === "error" ? "message bad" : "message warn", data: { role: "message" },
          text: result.message || "" }),
        buttons);
    }

    // One next action with its buttons. `extra` adds site-specific buttons (Draft, Insert draft).
    actionNode(action, handlers, extraButtons = []) {
      const urgency = action.urgency || "upcoming";
      const due = action.due ? `${URGENCY_LABEL[urgency] || urgency} · ${formatDate(action.due)}` : URGENCY_LABEL[urgency];
      return el("div", { className: `action ${urgency}`, data: { role: "action", actionId: action.id } },
        el("div", {}, el("strong", { text: action.title || action.kind }), el("span", { className: "pill", text: due })),
        action.why ? el("div", { className: "small muted", data: { role: "why" }, text: action.why }) : null,
        this.findContactNode(action, handlers),
        el("div", { className: "buttons" },
          extraButtons.map(([label, role, fn, primary]) =>
            el("button", { className: primary ? "btn primary" : "btn", text: label, data: { role }, onClick: withBusy(fn) })),
          el("button", { className: "btn", text: "Done", data: { role: "done" }, onClick: withBusy(() => handlers.done(action)) }),
          el("button", { className: "btn", text: "Snooze 3 days", data: { role: "snooze" },
            onClick: withBusy(() => handlers.snooze(action, 3)) })));
    }

    // "Find the hiring contact": two LinkedIn searches, and the people already
    // tracked at the company, each attachable to the opportunity in one click.
    findContactNode(action, handlers) {
      const fc = action.find_contact;
      if (!fc || !action.opportunity) return null;
      const opp = action.opportunity;
      const links = [
        externalLink("Search recruiters on LinkedIn", "search-recruiters", fc.search_recruiters_url),
        externalLink("Search hiring managers on LinkedIn", "search-managers", fc.search_managers_url),
      ].filter(Boolean);
      const candidates = (fc.candidates || []).map((c) =>
        el("li", { data: { role: "candidate", personId: c.id } },
          el("span", { text: c.name }),
          c.title ? el("span", { className: "muted", text: ` · ${c.title}` }) : null,
          el("button", { className: "btn tiny", text: "Attach", data: { role: "attach-candidate", personId: c.id },
            title: `Attach ${c.name} as ${TOM.roleLabel(c.suggested_role)} for ${opp.role || "this role"}`,
            onClick: withBusy(() => handlers.attach({ opportunityId: opp.id, personId: c.id, role: c.suggested_role,
              what: `${c.name} as ${TOM.roleLabel(c.suggested_role)} for ${opp.role || "this role"} at ${opp.company || "?"}` })) })));
      return el("div", { className: "find-contact small", data: { role: "find-contact" } },
        links.length ? el("div", { className: "buttons" }, links) : null,
        candidates.length ? el("div", { className: "muted", text: "Already tracked at the company:" }) : null,
        candidates.length ? el("ul", { data: { role: "candidates" } }, candidates) : null);
    }

    // A tracked person at a company whose open applications have no hiring contact yet.
    attachableNode(person, attachable, handlers) {
      if (!attachable || !attachable.length) return null;
      const role = TOM.roleLabel(attachable[0].suggested_role);
      return el("div", { className: "attachable", data: { role: "attachable" } },
        el("div", { className: "small", text: `${attachable.length === 1 ? "This application has" : "These applications have"} no recruiter or hiring manager yet. Is ${person.name} the ${role}?` }),
        el("div", { className: "buttons" }, attachable.map(({ opportunity: o, suggested_role: r }) => {
          const what = `${TOM.roleLabel(r)} at ${o.company || "?"}`;
          return el("button", { className: "btn primary", data: { role: "attach", opportunityId: o.id },
            text: `Attach to ${o.role || "the role"} at ${o.company || "?"}`, title: `Attach ${person.name} as ${what}`,
            onClick: withBusy(() => handlers.attach({ opportunityId: o.id, personId: person.id, role: r,
              what: `${person.name} as ${TOM.roleLabel(r)} for ${o.role || "the role"} at ${o.company || "?"}` })) });
        })));
    }

    lastTouchNode(touch) {
      if (!touch) return null;
      const what = touch.summary || touch.kind || "contact";
      const dir = touch.direction === "out" ? "you → them" : "them → you";
      return el("div", { className: "small", data: { role: "last-touch" } },
        el("span", { className: "muted", text: "Last touch: " }),
        `${what} · ${formatDate(touch.at)} (${touch.channel || "email"}, ${dir})`);
    }

    opportunitiesNode(opportunities) {
      if (!opportunities || !opportunities.length) return null;
      return el("ul", { data: { role: "opportunities" } }, opportunities.map((o) =>
        el("li", { text: `${o.company || "?"} — ${o.role || "role not known"} · ${o.stage}${o.at_risk ? " · at risk" : ""}` })));
    }

    // Up to three actions; when none is due today or overdue, say so first and
    // list what comes next (upcoming) below the message.
    nextActionsNodes(actions, handlers, extraButtons, emptyText) {
      const nodes = [];
      if (!hasDue(actions)) nodes.push(el("div", { className: "message", data: { role: "nothing-due" }, text: emptyText }));
      (actions || []).slice(0, 3).forEach((a, i) => nodes.push(this.actionNode(a, handlers, i === 0 ? extraButtons(a) : [])));
      return nodes;
    }

    // "This is Priya Shah — Contoso": a tracked person this profile may be.
    suggestionButton(person, primary, reason, handlers) {
      return el("button", { className: primary ? "btn primary" : "btn", data: { role: "link-suggestion", personId: person.id },
        title: reason || "", text: `This is ${person.name}${person.company ? ` — ${person.company}` : ""}`,
        onClick: withBusy(() => handlers.link(person)) });
    }

    // LinkedIn, a profile linked to no one: the tracked people it may be come
    // first (the first one as the primary action); Track makes a new person.
    // `conflict`: Track was refused because a person of that name is tracked
    // at that company; linking is offered, or tracking as someone else.
    showUnknown(data, key, page, handlers, conflict = null) {
      const suggestions = conflict && conflict.people.length
        ? conflict.people.map((p) => ({ person: p, reason: "same name, same company" }))
        : data.suggestions || [];
      const buttons = suggestions.map((s, i) => this.suggestionButton(s.person, i === 0, s.reason, handlers));
      const message = conflict
        ? conflict.message || "Someone of this name is already tracked at this company."
        : suggestions.length
          ? `Not linked to this profile yet. ${suggestions.length === 1 ? "Is this" : "Is this one of"} the ${suggestions.length === 1 ? "person" : "people"} you already track?`
          : "Not tracked in topofmind yet. Track them to get follow-up reminders for this contact.";
      const track = conflict
        ? el("button", { className: "btn", text: "No, a different person: track", data: { role: "track-distinct" },
          onClick: withBusy(() => handlers.track({ distinct: true })) })
        : el("button", { className: suggestions.length ? "btn" : "btn primary", data: { role: "track" },
          text: suggestions.length ? "Track as someone new" : "Track", onClick: withBusy(() => handlers.track()) });
      this.setContent(conflict ? "same_person" : "unknown", key,
        el("div", { className: "name", data: { role: "name" }, text: page.name }),
        page.company ? el("div", { className: "small muted", data: { role: "page-company" }, text: page.company }) : null,
        el("div", { className: conflict ? "message warn" : "message", data: { role: "message" }, text: message }),
        el("div", { className: "buttons" }, buttons, track));
    }

    // The page is a profile whose name has not appeared yet (an SPA navigation
    // redrawing): the card is there, and fills in when the name does.
    showReading(key) {
      this.setContent("reading", key,
        el("div", { className: "name muted", data: { role: "name" }, text: "This profile" }),
        el("div", { className: "message", data: { role: "message" }, text: "Not linked in topofmind. Reading the name…" }));
    }

    // No source gives the name: the site changed. Say so, and let the user
    // type the name the page shows (then it proceeds as if it had been read).
    showUnreadable(key, siteName, field, handlers) {
      const input = el("input", { data: { role: "manual-name" } });
      input.type = "text";
      input.placeholder = "Name as the page shows it";
      input.setAttribute("aria-label", "Name as the page shows it");
      const find = el("button", { className: "btn primary", text: "Find or track", data: { role: "manual-find" } });
      find.type = "submit";
      const form = el("form", { className: "manual", data: { role: "manual-link" } }, input, find);
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        handlers.manualName(input.value);
      });
      this.setContent("unreadable", key,
        el("div", { className: "message warn", data: { role: "message" },
          text: `${siteName} changed this page; topofmind could not read the ${field} — link this profile by hand.` }),
        form);
    }

    // The same person tracked twice: each other one can be merged into this one.
    duplicatesNode(person, duplicates, handlers) {
      if (!duplicates || !duplicates.length) return null;
      return el("div", { className: "attachable", data: { role: "duplicates" } },
        el("div", { className: "small", text: `Also tracked under the same name${person.company ? ` at ${person.company}` : ""}. The same person?` }),
        duplicates.map((d) => el("div", { className: "buttons", data: { role: "duplicate", personId: d.id } },
          el("span", { className: "small", text: [d.name, d.company, ...(d.emails || []).slice(0, 1)].filter(Boolean).join(" · ") }),
          el("button", { className: "btn tiny", text: "Merge", data: { role: "merge", personId: d.id },
            title: `Merge this ${d.name} (and their follow-ups) into the one linked to this profile`,
            onClick: withBusy(() => handlers.merge(person, d)) }))));
    }

    // A confirmation with an Undo button (a merge).
    toastUndo(text, onUndo) {
      this.toast(text);
      this.toastLine.append(" ", el("button", { className: "btn tiny", text: "Undo", data: { role: "undo" },
        onClick: withBusy(onUndo) }));
    }

    // LinkedIn: a known person.
    showPerson(data, key, handlers) {
      const p = data.person;
      this.setContent(hasDue(data.next_actions) ? "due" : "nothing_due", key,
        el("div", { className: "name", data: { role: "name" }, text: p.name }),
        el("div", { className: "small muted", data: { role: "relationship" },
          text: [p.relationship, TOM.roleAt(p.title, p.company)].filter(Boolean).join(" · ") }),
        this.duplicatesNode(p, data.duplicates, handlers),
        this.opportunitiesNode(data.opportunities),
        this.attachableNode(p, data.attachable, handlers),
        this.lastTouchNode(data.last_touch),
        this.nextActionsNodes(data.next_actions, handlers, (a) => [["Draft", "draft", () => handlers.draft(a), true]],
          `Nothing due for ${p.name} right now. topofmind will flag the next follow-up here when it is due.`));
    }

    // Gmail / Outlook thread.
    showThread(data, key, handlers) {
      if (!data.known) {
        this.setContent("unknown", key,
          el("div", { className: "message", data: { role: "message" },
            text: "topofmind does not know this thread. Job-related threads show up after the next mailbox sync; check the sync status on your topofmind server." }));
        return;
      }
      const o = data.opportunity;
      this.setContent(hasDue(data.next_actions) ? "due" : "nothing_due", key,
        o ? el("div", { className: "name", data: { role: "opportunity" }, text: `${o.company || "?"} — ${o.role || "role not known"}` })
          : el("div", { className: "name", text: (data.thread && data.thread.subject) || "This thread" }),
        o ? el("div", { className: "small muted", data: { role: "stage" }, text: `Stage: ${o.stage}${o.at_risk ? " · at risk" : ""}` }) : null,
        (data.people || []).length ? el("div", { className: "small", data: { role: "people" },
          text: `With: ${data.people.map((p) => p.name).join(", ")}` }) : null,
        (data.detected || []).length ? el("ul", { data: { role: "detected" } },
          data.detected.map((d) => el("li", { text: d.text || d.kind }))) : null,
        this.lastTouchNode(data.last_touch),
        this.nextActionsNodes(data.next_actions, handlers,
          (a) => [["Insert draft", "insert-draft", () => handlers.insertDraft(a), true]],
          "Nothing due in this thread. topofmind will show the next follow-up here when it is due."));
    }
  }

  // One card per page; site scripts call TOM.card(site).
  let instance = null;
  TOM.card = function card(site) {
    if (!instance || !instance.host.isConnected) instance = new Card(site);
    return instance;
  };
  TOM.removeCard = function removeCard() {
    if (instance) instance.host.remove();
    instance = null;
  };
})();
