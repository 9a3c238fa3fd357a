// The toolbar popup: today's and overdue follow-ups, most urgent first, each
// with its one-click actions: open where it happens (the thread, the profile,
// or a mailto), insert or copy its draft, done, snooze. Ten fit without scrolling.
// Data comes from the service worker; the DOM is built with textContent only.

const list = document.getElementById("list");
const countLine = document.getElementById("count");
document.getElementById("options").addEventListener("click", () => chrome.runtime.openOptionsPage());

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = String(props.text);
  if (props.onClick) node.addEventListener("click", props.onClick);
  for (const [k, v] of Object.entries(props.data || {})) node.dataset[k] = String(v);
  for (const c of children.flat()) if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

// Only web pages and mail links are opened: a URL from the server is data, and
// a javascript: or chrome: URL must never become something we navigate to.
function safeUrl(link) {
  if (!link || !link.url || link.type === "none") return null;
  try {
    const u = new URL(link.url);
    return ["https:", "http:", "mailto:"].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

// Web pages open in a new tab the ordinary way (the link's target=_blank,
// rel=noopener: the popup closes when the tab takes the focus); a mailto goes
// to the mail app without leaving an empty tab behind (the current tab hands
// it over and stays where it was).
function open(ev, url) {
  if (!url.startsWith("mailto:")) return;
  ev.preventDefault();
  chrome.tabs.update({ url });
  window.close();
}

function webLink(a, url) {
  a.href = url;
  if (!url.startsWith("mailto:")) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
  }
  return a;
}

// A LinkedIn search from a "find the hiring contact" action: https only, in a new tab.
function searchLink(text, role, url) {
  const href = safeUrl({ type: "profile", url });
  if (!href || !href.startsWith("https:")) return null;
  return webLink(el("a", { className: "search", text, data: { role } }), href);
}

const ROLE_LABEL = { recruiter: "recruiter", hiring_manager: "hiring manager" };

// "Find the hiring contact": the two searches, and the people already tracked
// at the company with an Attach button each.
function findContactNode(action) {
  const fc = action.find_contact;
  if (!fc || !action.opportunity) return null;
  const opp = action.opportunity;
  const links = [
    searchLink("recruiters", "search-recruiters", fc.search_recruiters_url),
    searchLink("hiring managers", "search-managers", fc.search_managers_url),
  ].filter(Boolean);
  const candidates = (fc.candidates || []).map((c) => {
    const attach = el("button", { className: "btn tiny", text: "Attach", data: { role: "attach-candidate", personId: c.id },
      onClick: async () => {
        attach.disabled = true;
        const r = await chrome.runtime.sendMessage({ type: "attachContact", opportunity_id: opp.id, person_id: c.id,
          role: c.suggested_role });
        if (r.state === "ok") render();
        else showProblem(r);
      } });
    attach.title = `Attach ${c.name} as ${ROLE_LABEL[c.suggested_role] || "recruiter"} for ${opp.role || "this role"}`;
    return el("li", { data: { role: "candidate", personId: c.id } },
      el("span", { text: c.name }), c.title ? el("span", { className: "muted", text: ` · ${c.title}` }) : null, attach);
  });
  return el("div", { className: "find-contact small", data: { role: "find-contact" } },
    links.length ? el("div", { className: "row" }, el("span", { className: "muted", text: "Search LinkedIn:" }), links) : null,
    candidates.length ? el("ul", { data: { role: "candidates" } }, candidates) : null);
}

function formatDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

// A LinkedIn message for an action that happens on a profile, an email otherwise.
function draftChannel(action) {
  return action.channel === "linkedin" || (action.link && action.link.type === "profile") ? "message" : "email";
}

const status = document.getElementById("status");
function say(text, bad = false) {
  status.textContent = text;
  status.className = bad ? "status bad" : "status";
}

async function withButton(button, fn) {
  button.disabled = true;
  try {
    await fn();
  } finally {
    button.disabled = false;
  }
}

async function copyDraft(action) {
  const r = await chrome.runtime.sendMessage({ type: "draft", id: action.id, channel: draftChannel(action) });
  if (r.state !== "ok") return say(r.message, true);
  const text = [r.data.subject ? `Subject: ${r.data.subject}` : "", r.data.body || ""].filter(Boolean).join("\n\n");
  try {
    await navigator.clipboard.writeText(text);
    say("Draft copied. Paste it into your reply, read it over, then send it yourself.");
  } catch {
    say("Could not copy the draft; open the thread or profile and use the card's button.", true);
  }
}

// Into the page the popup was opened over (its card's own Insert/Draft): the
// reply of the open thread, or the LinkedIn message box; copied when the page
// has no topofmind card to take it.
async function insertDraft(action) {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  let answer = null;
  try {
    answer = tab ? await chrome.tabs.sendMessage(tab.id, { type: "insertDraftHere", id: action.id }) : null;
  } catch {
    answer = null; // no topofmind card on that page
  }
  const outcome = answer && answer.outcome;
  if (outcome === "inserted") return say("Draft inserted in the page. Read it over, then send it yourself.");
  if (outcome === "copied") return say("Draft copied (the page has no open message box): paste it there.");
  if (outcome === "failed") return say("The page could not take the draft; see the message on its card.", true);
  await copyDraft(action);
}

async function setState(button, message) {
  await withButton(button, async () => {
    const r = await chrome.runtime.sendMessage(message);
    if (r.state === "ok") render();
    else showProblem(r);
  });
}

function itemNode(action) {
  const url = safeUrl(action.link);
  const who = [action.person && action.person.name, action.opportunity && action.opportunity.company].filter(Boolean).join(" · ");
  const title = url ? el("a", { className: "title", text: action.title, data: { role: "open" }, onClick: (ev) => open(ev, url) })
    : el("span", { className: "title", text: action.title });
  if (url) webLink(title, url);
  title.title = action.why || action.title;
  const button = (text, role, hint, fn) => {
    const b = el("button", { className: "btn tiny", text, data: { role } });
    b.title = hint;
    b.addEventListener("click", () => withButton(b, fn));
    return b;
  };
  const done = el("button", { className: "btn tiny", text: "Done", data: { role: "done" } });
  done.addEventListener("click", () => setState(done, { type: "actionDone", id: action.id }));
  const snooze = el("button", { className: "btn tiny", text: "+3d", data: { role: "snooze" } });
  snooze.title = "Snooze for 3 days";
  snooze.addEventListener("click", () => setState(snooze, { type: "actionSnooze", id: action.id, days: 3 }));
  // The group heading says overdue or today; the date is enough here.
  const due = formatDate(action.due);
  return el("div", { className: `item ${action.urgency}`, data: { role: "action", actionId: action.id } },
    title,
    el("div", { className: "line" },
      el("span", { className: "small muted meta", text: who ? `${who} · ${due}` : due }),
      el("span", { className: "row" },
        button("Insert", "insert-draft", "Insert the draft into the open thread or LinkedIn message box of this tab",
          () => insertDraft(action)),
        button("Copy", "copy-draft", "Copy the draft", () => copyDraft(action)),
        done, snooze)),
    findContactNode(action));
}

function showProblem(result) {
  countLine.textContent = "";
  say("");
  const buttons = result.state === "error" ? null
    : el("button", { className: "btn", text: "Open options", onClick: () => chrome.runtime.openOptionsPage() });
  list.replaceChildren(el("p", { className: "message", data: { role: "message", state: result.state }, text: result.message }), buttons || "");
}

async function render() {
  // "overdue" and "today" are asked separately and merged by id, so the list is
  // right whether or not the server's "today" also includes overdue items.
  const [overdue, today] = await Promise.all([
    chrome.runtime.sendMessage({ type: "actions", due: "overdue" }),
    chrome.runtime.sendMessage({ type: "actions", due: "today" }),
  ]);
  const failed = [overdue, today].find((r) => r.state !== "ok");
  if (failed) return showProblem(failed);
  const byId = new Map();
  for (const a of [...overdue.data.actions, ...today.data.actions]) {
    if (a.urgency === "overdue" || a.urgency === "today") byId.set(a.id, a);
  }
  const actions = [...byId.values()].sort((a, b) =>
    (a.urgency === "overdue" ? 0 : 1) - (b.urgency === "overdue" ? 0 : 1) || String(a.due).localeCompare(String(b.due)));
  countLine.textContent = actions.length ? `${actions.length} due` : "";
  chrome.runtime.sendMessage({ type: "refreshBadge" });
  if (!actions.length) {
    list.replaceChildren(el("p", { className: "muted", data: { role: "nothing-due" },
      text: "Nothing due today. topofmind keeps watching your mailbox and will list follow-ups here when they are due." }));
    return;
  }
  const groups = [["overdue", "Overdue"], ["today", "Today"]].map(([u, label]) => {
    const items = actions.filter((a) => a.urgency === u);
    return items.length ? [el("h2", { text: label }), items.map(itemNode)] : [];
  });
  list.replaceChildren(...groups.flat(2));
}

render();
