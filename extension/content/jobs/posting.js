// Job postings (issue 24): read the posting on the page, show "Track this
// application" or, for a posting already tracked, where it stands.
//
// Reading: the schema.org JobPosting JSON-LD first (arrays, @graph, nested
// mainEntity; HTML entities decoded), then the site's entries in the selector
// registry (TOM.selectors.jobs_<site>) fill what JSON-LD lacks. The site
// scripts (one per site family, content/jobs/<site>.js) only say which pages
// are postings and call TOM.jobs.start(site, isPosting).
// The card lives in its own shadow root (#topofmind-posting-host), apart from
// the profile/thread card, and is built with textContent only. Network: only
// through the service worker (TOM.ask).

(() => {
  const TOM = (globalThis.TOM = globalThis.TOM || {});
  if (TOM.jobs) return; // injected twice (two manifest entries on one page): once is enough
  const HOST_ID = "topofmind-posting-host";

  // --- reading -----------------------------------------------------------------

  function clean(text) {
    return String(text ?? "").replace(/\s+/g, " ").trim();
  }

  // "Data &amp; ML Engineer" -> "Data & ML Engineer"; tags dropped. DOMParser
  // documents run no script and load nothing.
  function decode(text) {
    const raw = clean(text);
    if (!/[&<]/.test(raw)) return raw;
    return clean(new DOMParser().parseFromString(raw, "text/html").documentElement.textContent);
  }

  function isJobPosting(node) {
    const types = [].concat(node && node["@type"] ? node["@type"] : []);
    return types.some((t) => /(^|[/:])JobPosting$/.test(String(t)));
  }

  // Every object of a JSON-LD value, depth first: arrays, @graph, mainEntity…
  function* walk(value, depth = 0) {
    if (!value || typeof value !== "object" || depth > 6) return;
    if (Array.isArray(value)) {
      for (const item of value) yield* walk(item, depth + 1);
      return;
    }
    yield value;
    for (const key of ["@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "item"]) {
      if (value[key]) yield* walk(value[key], depth + 1);
    }
  }

  function parseJson(text) {
    const body = String(text || "")
      .replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, "")
      .replace(/(-->|\/\/\s*\]\]>|\]\]>)\s*$/, "");
    try {
      return JSON.parse(body);
    } catch {
      // Raw line breaks and tabs inside strings are common and invalid JSON.
      try {
        return JSON.parse(body.replace(/[\u0000-\u001f]+/g, " "));
      } catch {
        return null;
      }
    }
  }

  function nameOf(value) {
    if (!value) return "";
    if (typeof value === "string") return decode(value);
    if (Array.isArray(value)) return nameOf(value[0]);
    return decode(value.name || value.legalName || "");
  }

  function identifierOf(value) {
    if (!value) return "";
    if (typeof value === "string" || typeof value === "number") return clean(value);
    if (Array.isArray(value)) return identifierOf(value[0]);
    return clean(value.value ?? value["@value"] ?? value.identifier ?? value.name ?? "");
  }

  function placeOf(posting) {
    const places = [].concat(posting.jobLocation || []);
    const names = places.map((p) => {
      const a = (p && p.address) || p || {};
      if (typeof a === "string") return decode(a);
      const country = typeof a.addressCountry === "object" ? a.addressCountry.name : a.addressCountry;
      return [a.addressLocality, a.addressRegion, country].filter(Boolean).map(decode).join(", ");
    }).filter(Boolean);
    if (posting.jobLocationType === "TELECOMMUTE") names.unshift("Remote");
    return [...new Set(names)].join(" · ");
  }

  // The first JobPosting in the page's JSON-LD, as the fields topofmind keeps.
  TOM.readJsonLd = function readJsonLd(root = document) {
    for (const script of root.querySelectorAll('script[type="application/ld+json"]')) {
      const data = parseJson(script.textContent);
      for (const node of walk(data)) {
        if (!isJobPosting(node)) continue;
        return {
          title: decode(node.title || node.name || ""),
          company: nameOf(node.hiringOrganization),
          jobId: identifierOf(node.identifier),
          location: placeOf(node),
          datePosted: clean(node.datePosted || ""),
          validThrough: clean(node.validThrough || ""),
          url: clean(node.url || ""),
          source: "json-ld",
        };
      }
    }
    return null;
  };

  // The first non-empty value of a registry list (selectors.js's sources).
  function registryValue(list) {
    return TOM.read(list || []).value;
  }

  function fromRegistry(entries) {
    if (!entries) return {};
    return { title: registryValue(entries.title), company: registryValue(entries.company).replace(/^(at|by)\s+/i, ""),
      location: registryValue(entries.location), jobId: registryValue(entries.jobId) };
  }

  // JSON-LD first, the registry for what it lacks. `site` names the entries.
  TOM.readPosting = function readPosting(site) {
    const ld = TOM.readJsonLd() || {};
    const dom = fromRegistry((TOM.selectors || {})[`jobs_${site}`]);
    const pick = (k) => ld[k] || dom[k] || "";
    const posting = {
      title: pick("title"), company: pick("company"), jobId: pick("jobId"), location: pick("location"),
      datePosted: ld.datePosted || "", validThrough: ld.validThrough || "",
      url: httpUrl(ld.url) || location.href, source: ld.title ? "json-ld" : "page",
    };
    return posting.title || posting.company ? posting : null;
  };

  function httpUrl(value) {
    try {
      const u = new URL(value, location.href);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : "";
    } catch {
      return "";
    }
  }

  // --- the card ------------------------------------------------------------------

  const STYLE = `
    :host { all: initial; }
    .card { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; width: 300px; box-sizing: border-box;
      background: #fff; color: #1f2937; border: 1px solid #d1d5db; border-radius: 10px;
      box-shadow: 0 6px 24px rgba(0,0,0,.18); font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    header { display: flex; gap: 6px; padding: 8px 10px; background: #0f766e; color: #fff;
      border-radius: 10px 10px 0 0; font-weight: 600; }
    header span { flex: 1; }
    header button { all: unset; cursor: pointer; padding: 0 4px; }
    .body { padding: 10px; display: grid; gap: 8px; }
    .collapsed .body { display: none; }
    .role { font-size: 14px; font-weight: 600; }
    .muted { color: #6b7280; font-size: 12px; }
    .status { padding: 6px 8px; border-radius: 6px; background: #f0fdfa; }
    .problem { padding: 6px 8px; border-radius: 6px; background: #fee2e2; }
    label { display: grid; gap: 2px; font-size: 12px; color: #374151; }
    input, textarea { font: inherit; padding: 3px 6px; border: 1px solid #d1d5db; border-radius: 6px; }
    textarea { min-height: 40px; resize: vertical; }
    .buttons { display: flex; gap: 6px; flex-wrap: wrap; }
    button.btn { font: inherit; cursor: pointer; padding: 3px 10px; border-radius: 6px; border: 1px solid #0f766e;
      background: #fff; color: #0f766e; }
    button.btn.primary { background: #0f766e; color: #fff; }
    button.btn:disabled { opacity: .5; cursor: default; }
    .toast { font-size: 12px; color: #065f46; }
    .toast.bad { color: #991b1b; }
  `;

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    if (props.className) node.className = props.className;
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    for (const [k, v] of Object.entries(props.attrs || {})) node.setAttribute(k, String(v));
    for (const [k, v] of Object.entries(props.data || {})) node.dataset[k] = String(v);
    if (props.onClick) node.addEventListener("click", props.onClick);
    if (tag === "button") node.type = "button";
    for (const child of children.flat()) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function localToday() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function shell(state, posting) {
    let host = document.getElementById(HOST_ID);
    if (!host) {
      host = document.createElement("div");
      host.id = HOST_ID;
      host.attachShadow({ mode: "open" });
      document.documentElement.appendChild(host);
    }
    host.dataset.state = state;
    for (const [key, value] of Object.entries({ title: posting.title, company: posting.company,
      jobId: posting.jobId, location: posting.location, source: posting.source })) {
      host.dataset[key] = value || "";
    }
    const root = host.shadowRoot;
    root.replaceChildren();
    const body = el("div", { className: "body" });
    const card = el("div", { className: "card" },
      el("header", {}, el("span", { text: "topofmind" }),
        el("button", { text: "–", attrs: { "aria-label": "Collapse" }, onClick: () => card.classList.toggle("collapsed") })),
      body);
    root.append(el("style", { text: STYLE }), card);
    body.append(el("div", { className: "role", text: posting.title || "This job" }),
      el("div", { className: "muted", text: [posting.company, posting.location].filter(Boolean).join(" · ") }));
    return body;
  }

  function toast(body, text, bad = false) {
    let line = body.querySelector(".toast");
    if (!line) body.append((line = el("div", { className: "toast" })));
    line.className = bad ? "toast bad" : "toast";
    line.textContent = text;
  }

  function showProblem(posting, result) {
    const body = shell("problem", posting);
    body.append(el("div", { className: "problem", text: result.message || "Something went wrong." }));
    if (result.state === "not_configured" || result.state === "unauthorized") {
      body.append(el("div", { className: "buttons" },
        el("button", { className: "btn", text: "Open options", onClick: () => TOM.ask({ type: "openOptions" }) })));
    }
  }

  function showTracked(posting, data, refresh) {
    const body = shell(data.opportunity.stage === "lead" ? "saved" : "tracked", posting);
    document.getElementById(HOST_ID).dataset.opportunityId = data.opportunity.id;
    body.append(el("div", { className: "status", data: { role: "status" }, text: data.status }));
    if (data.opportunity.stage === "lead") {
      body.append(el("div", { className: "buttons" }, el("button", {
        className: "btn primary", text: "I applied today", data: { role: "mark-applied" },
        onClick: async (ev) => {
          ev.currentTarget.disabled = true;
          const r = await TOM.ask({ type: "markApplied", id: data.opportunity.id });
          if (r.state !== "ok") return toast(body, r.message, true);
          await refresh();
        } })));
    }
  }

  function showNew(posting, refresh) {
    const body = shell("new", posting);
    const date = el("input", { attrs: { type: "date", value: localToday(), max: localToday(), name: "applied_at" } });
    const note = el("textarea", { attrs: { name: "note", maxlength: "5000", placeholder: "Optional note" } });
    const contact = el("input", { attrs: { type: "email", name: "contact", placeholder: "recruiter@company.com" } });
    const send = async (stage, ev) => {
      const button = ev.currentTarget;
      button.disabled = true;
      const body_ = {
        company: posting.company || "", role: posting.title || null, url: httpUrl(posting.url) || location.href,
        stage, source: "posting",
      };
      if (posting.jobId) body_.job_id = posting.jobId.slice(0, 100);
      if (posting.location) body_.location = posting.location.slice(0, 200);
      // Today means now, by the server's clock; another day is sent as that day.
      if (stage === "applied" && date.value && date.value !== localToday()) body_.applied_at = date.value;
      if (note.value.trim()) body_.notes = note.value.trim();
      if (contact.value.trim()) body_.contacts = [{ email: contact.value.trim(), role: "recruiter" }];
      const r = await TOM.ask({ type: "trackPosting", body: body_ });
      button.disabled = false;
      if (r.state !== "ok") return toast(body, r.message, true);
      await refresh();
    };
    body.append(
      el("label", {}, "Applied on", date),
      el("label", {}, "Note", note),
      el("label", {}, "Contact (optional)", contact),
      el("div", { className: "buttons" },
        el("button", { className: "btn primary", text: "Track this application", data: { role: "track" },
          onClick: (ev) => send("applied", ev) }),
        el("button", { className: "btn", text: "Save for later", data: { role: "save" },
          onClick: (ev) => send("lead", ev) })));
  }

  TOM.removePostingCard = () => {
    const host = document.getElementById(HOST_ID);
    if (host) host.remove();
  };

  // Shows the card while `isPosting()` says this page is a posting; follows SPA navigation.
  TOM.jobs = {
    started: false,
    start(site, isPosting, { settleMs = 400 } = {}) {
      TOM.jobs.started = true;
      let generation = 0;
      let lastKey = null;
      async function update(force = false) {
        const mine = ++generation;
        if (!isPosting()) {
          lastKey = null;
          return TOM.removePostingCard();
        }
        await new Promise((r) => setTimeout(r, force ? 0 : settleMs)); // SPA panels render after the URL
        if (mine !== generation) return;
        const posting = TOM.readPosting(site);
        if (!posting) return TOM.removePostingCard();
        const key = `${posting.url}|${posting.jobId}|${posting.title}`;
        if (key === lastKey && !force) return;
        lastKey = key;
        const result = await TOM.ask({ type: "lookupPosting", url: posting.url, job_id: posting.jobId,
          company: posting.company, role: posting.title });
        if (mine !== generation) return;
        if (result.state === "disabled") return TOM.removePostingCard();
        if (result.state !== "ok") return showProblem(posting, result);
        const refresh = () => update(true);
        if (result.data.known) showTracked(posting, result.data, refresh);
        else showNew(posting, refresh);
      }
      TOM.watchUrl(() => update());
      update();
      return update;
    },
  };
})();
