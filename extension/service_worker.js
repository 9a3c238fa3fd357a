// topofmind service worker: the extension's only network client.
//
// Content scripts, the popup and the options page send small messages
// ({type: "lookupProfile" | "lookupThread" | ...}); this worker adds the Bearer
// token from chrome.storage.local, calls the user's own topofmind server and
// answers with {state, data?, message?}. Every failure becomes one of a few
// states the UI knows how to explain:
//   not_configured  no server URL or token saved yet
//   unreachable     the server did not answer (not running, wrong URL)
//   unauthorized    the server rejected the token (401)
//   error           any other error; `message` is the server's explanation
//   disabled        the user switched this site off in the options
// Content scripts never fetch: a page-context fetch to loopback is blocked by
// Chrome's Local Network Access rules, and keeping the token here means no
// host page can ever reach it.

importScripts("background/account_health.js"); // mailboxes that stopped syncing

const DEFAULTS = { serverUrl: "", token: "", sites: { linkedin: true, gmail: true, outlook: true } };
const REQUEST_TIMEOUT_MS = 8000;
const BADGE_ALARM = "refresh-badge";
const BADGE_PERIOD_MINUTES = 15;

async function loadSettings() {
  const stored = await chrome.storage.local.get(["serverUrl", "token", "sites"]);
  return {
    serverUrl: stored.serverUrl || DEFAULTS.serverUrl,
    token: stored.token || DEFAULTS.token,
    sites: { ...DEFAULTS.sites, ...(stored.sites || {}) },
  };
}

// Accepts "http://127.0.0.1:8765", with or without a trailing slash or /api/v1.
function serverBase(serverUrl) {
  return serverUrl.trim().replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

function apiBase(serverUrl) {
  return serverBase(serverUrl) + "/api/v1";
}

function stateMessage(state, serverUrl) {
  switch (state) {
    case "not_configured":
      return "topofmind is not set up yet. Open the extension options and enter your server URL and token.";
    case "unreachable":
      return `Cannot reach your topofmind server at ${serverUrl}. Start it (topofmind serve) or fix the server URL in the options, then retry.`;
    case "unauthorized":
      return "Your topofmind server rejected the token. Create a new token in topofmind's settings page and paste it in the extension options.";
    default:
      return "Something went wrong talking to your topofmind server.";
  }
}

// One HTTP call to the server; never throws.
async function callApi(method, path, { body, settings, query } = {}) {
  const s = settings || (await loadSettings());
  if (!s.serverUrl || !s.token) {
    return { state: "not_configured", message: stateMessage("not_configured") };
  }
  let url;
  try {
    url = new URL(apiBase(s.serverUrl) + path);
  } catch {
    return { state: "not_configured", message: `The server URL "${s.serverUrl}" is not a valid URL. Fix it in the extension options.` };
  }
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
  }
  const init = {
    method,
    headers: { Authorization: `Bearer ${s.token}`, Accept: "application/json" },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    credentials: "omit",
    cache: "no-store",
  };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    return { state: "unreachable", message: stateMessage("unreachable", s.serverUrl) };
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (response.status === 401) {
    return { state: "unauthorized", message: stateMessage("unauthorized") };
  }
  if (!response.ok) {
    const serverSays = payload && typeof payload.message === "string" ? payload.message : "";
    return {
      state: "error",
      status: response.status,
      code: payload && payload.error,
      details: payload,
      message: serverSays || `${stateMessage("error")} (HTTP ${response.status})`,
    };
  }
  return { state: "ok", data: payload };
}

// ---- badge ------------------------------------------------------------------

async function refreshBadge() {
  const result = await callApi("GET", "/me");
  if (result.state === "ok") {
    const count = Number(result.data.due_count) || 0;
    await chrome.action.setBadgeBackgroundColor({ color: "#c2410c" });
    await chrome.action.setBadgeText({ text: count > 0 ? String(count) : "" });
    await chrome.action.setTitle({ title: count > 0 ? `topofmind: ${count} follow-up(s) due` : "topofmind: nothing due" });
  } else {
    // "!" tells the user to open the popup, which explains what to do.
    await chrome.action.setBadgeBackgroundColor({ color: "#6b7280" });
    await chrome.action.setBadgeText({ text: "!" });
    await chrome.action.setTitle({ title: `topofmind: ${result.message}` });
  }
  return result;
}

chrome.runtime.onInstalled.addListener(() => {
  chrome.alarms.create(BADGE_ALARM, { periodInMinutes: BADGE_PERIOD_MINUTES });
  refreshBadge();
});
chrome.runtime.onStartup.addListener(() => refreshBadge());
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === BADGE_ALARM) refreshBadge();
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && (changes.serverUrl || changes.token)) refreshBadge();
});

// ---- desktop notifications (when a follow-up falls due) ------------------------
//
// Every NOTIFY_PERIOD_MINUTES the alarm asks the server for the open actions and shows one
// notification per action whose due time has come (once per action: the ids shown are
// kept in chrome.storage.local). Its button opens the thread or profile the follow-up
// happens in; a click on the notification opens the action on the Today page. The
// options switch (notifyDesktop, on by default) turns it off. The alarm's scheduledTime
// is the clock, so a test drives handleAlarm with the time it wants.

const NOTIFY_ALARM = "due-notifications";
const NOTIFY_PERIOD_MINUTES = 5;
const NOTIFY_AT_ONCE = 5; // more than this in one check: one summary for the rest
const NOTIFICATION_PREFIX = "tom-action:";
const SUMMARY_NOTIFICATION = "tom-summary";

function todayPageUrl(serverUrl, actionId) {
  const base = serverBase(serverUrl);
  return actionId ? `${base}/#action-${encodeURIComponent(actionId)}` : `${base}/`;
}

function linkLabel(link) {
  if (!link || !link.url) return null;
  if (link.type === "thread") return "Open the thread";
  if (link.type === "profile") return "Open the profile";
  if (link.type === "mailto") return "Write the e-mail";
  return null;
}

async function checkDueActions(now) {
  const stored = await chrome.storage.local.get(["notifyDesktop", "notified", "serverUrl"]);
  if (stored.notifyDesktop === false) return { state: "disabled", shown: [] };
  const result = await callApi("GET", "/actions", { query: { due: "all" } });
  if (result.state !== "ok") return { state: result.state, shown: [] };
  const open = result.data.actions || [];
  const notified = stored.notified || {};
  const fresh = open.filter((a) => Date.parse(a.due) <= now && !notified[a.id]);
  const shown = [];
  for (const action of fresh.slice(0, NOTIFY_AT_ONCE)) {
    const who = [action.person && action.person.name,
      action.opportunity && [action.opportunity.role, action.opportunity.company].filter(Boolean).join(" at ")]
      .filter(Boolean).join(" · ");
    const label = linkLabel(action.link);
    await chrome.notifications.create(NOTIFICATION_PREFIX + action.id, {
      type: "basic",
      iconUrl: chrome.runtime.getURL("icons/icon128.png"),
      title: action.title,
      message: action.why || "",
      contextMessage: who,
      buttons: label ? [{ title: label }] : [],
      priority: 1,
    });
    shown.push(action.id);
  }
  if (fresh.length > NOTIFY_AT_ONCE) {
    await chrome.notifications.create(SUMMARY_NOTIFICATION, {
      type: "basic",
      iconUrl: chrome.runtime.getURL("icons/icon128.png"),
      title: `${fresh.length - NOTIFY_AT_ONCE} more follow-ups are due`,
      message: "Open the Today page to see them all.",
    });
  }
  // Remember what was shown (with where its button goes); forget actions no longer open.
  const keep = {};
  const openIds = new Set(open.map((a) => a.id));
  for (const [id, entry] of Object.entries(notified)) if (openIds.has(id)) keep[id] = entry;
  for (const action of fresh) keep[action.id] = { url: (action.link && action.link.url) || null };
  await chrome.storage.local.set({ notified: keep });
  await refreshBadge();
  return { state: "ok", shown, more: Math.max(0, fresh.length - NOTIFY_AT_ONCE) };
}

async function openFromNotification(notificationId, useLink) {
  if (notificationId.startsWith(ACCOUNT_NOTIFICATION_PREFIX)) return openAccountNotice(notificationId, useLink);
  const stored = await chrome.storage.local.get(["notified", "serverUrl"]);
  let url = todayPageUrl(stored.serverUrl || "", null);
  if (notificationId.startsWith(NOTIFICATION_PREFIX)) {
    const id = notificationId.slice(NOTIFICATION_PREFIX.length);
    const entry = (stored.notified || {})[id];
    url = useLink && entry && entry.url ? entry.url : todayPageUrl(stored.serverUrl || "", id);
  }
  await chrome.tabs.create({ url });
  await chrome.notifications.clear(notificationId);
  return url;
}

// The one entry point for every alarm (the badge's and the notifications'). The
// notifications' also checks the mailboxes (background/account_health.js).
async function handleAlarm(alarm) {
  if (alarm.name === BADGE_ALARM) return refreshBadge();
  if (alarm.name === NOTIFY_ALARM) {
    const [due, accounts] = await Promise.all([
      checkDueActions(alarm.scheduledTime || Date.now()), checkStoppedAccounts()]);
    return { ...due, accounts };
  }
  return null;
}

chrome.runtime.onInstalled.addListener(() => {
  chrome.alarms.create(NOTIFY_ALARM, { periodInMinutes: NOTIFY_PERIOD_MINUTES, delayInMinutes: 1 });
});
chrome.runtime.onStartup.addListener(() => {
  chrome.alarms.create(NOTIFY_ALARM, { periodInMinutes: NOTIFY_PERIOD_MINUTES, delayInMinutes: 1 });
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === NOTIFY_ALARM) handleAlarm(alarm);
});
chrome.notifications.onButtonClicked.addListener((id) => {
  openFromNotification(id, true);
});
chrome.notifications.onClicked.addListener((id) => {
  openFromNotification(id, false);
});

// ---- message API --------------------------------------------------------------

async function siteEnabled(site) {
  const s = await loadSettings();
  return s.sites[site] !== false;
}

// After anything that changes what is due, the badge follows.
async function thenRefreshBadge(resultPromise) {
  const result = await resultPromise;
  if (result.state === "ok") refreshBadge();
  return result;
}

const handlers = {
  async lookupProfile({ url, name, company }) {
    if (!(await siteEnabled("linkedin"))) return { state: "disabled" };
    return callApi("GET", "/lookup/profile", { query: { url, name, company } });
  },
  async lookupThread({ provider, id }) {
    if (!(await siteEnabled(provider))) return { state: "disabled" };
    return callApi("GET", "/lookup/thread", { query: { provider, id } });
  },
  actions({ due }) {
    return callApi("GET", "/actions", { query: { due: due || "all" } });
  },
  actionDone({ id }) {
    return thenRefreshBadge(callApi("POST", `/actions/${encodeURIComponent(id)}/done`, { body: {} }));
  },
  actionSnooze({ id, days }) {
    return thenRefreshBadge(
      callApi("POST", `/actions/${encodeURIComponent(id)}/snooze`, { body: { days: Number(days) || 3 } })
    );
  },
  draft({ id, channel }) {
    return callApi("GET", `/actions/${encodeURIComponent(id)}/draft`, { query: { channel } });
  },
  // Track: the server refuses (409 same_person) a second person of the same
  // name at the same company unless `distinct` says the user knows they differ.
  trackPerson({ name, headline, company, linkedin_url, distinct }) {
    const body = { name, linkedin_url };
    if (headline) body.headline = headline;
    if (company) body.company = company;
    if (distinct) body.distinct = true;
    return thenRefreshBadge(callApi("POST", "/people", { body }));
  },
  // A page field no selector source could read (selectors.js; once per page
  // view): counted per site and selector on the user's own server, shown on
  // its Settings page. Nothing else about the page is sent.
  reportMiss({ site, selector }) {
    return callApi("POST", "/extension/misses", { body: { site, selector } });
  },
  // "This is …": the open profile belongs to a person the server already knows.
  linkPerson({ person_id, linkedin_url }) {
    return thenRefreshBadge(
      callApi("PATCH", `/people/${encodeURIComponent(person_id)}`, { body: { linkedin_url } })
    );
  },
  // "Same person? Merge": the other person (and their touches) into this one;
  // the answer names the audit entry whose undo reverses it.
  mergePeople({ person_id, other_id }) {
    return thenRefreshBadge(
      callApi("POST", `/people/${encodeURIComponent(person_id)}/merge`, { body: { other_id: Number(other_id) } })
    );
  },
  undoAudit({ audit_id }) {
    return thenRefreshBadge(callApi("POST", `/audit/${encodeURIComponent(audit_id)}/undo`, { body: {} }));
  },
  // "Attach to <role> at <company>" / a find-contact candidate's "Attach": the
  // person becomes the opportunity's recruiter or hiring manager.
  attachContact({ opportunity_id, person_id, role }) {
    const body = { person_id: Number(person_id) };
    if (role) body.role = role;
    return thenRefreshBadge(
      callApi("POST", `/opportunities/${encodeURIComponent(opportunity_id)}/contacts`, { body })
    );
  },
  // Job postings (content/jobs/): tracked or not, track it, mark a saved one applied.
  async lookupPosting({ url, job_id, company, role }) {
    if (!(await siteEnabled("postings"))) return { state: "disabled" };
    return callApi("GET", "/lookup/posting", { query: { url, job_id, company, role } });
  },
  trackPosting({ body }) {
    return thenRefreshBadge(callApi("POST", "/opportunities", { body }));
  },
  markApplied({ id }) {
    return thenRefreshBadge(
      callApi("PATCH", `/opportunities/${encodeURIComponent(id)}`, { body: { stage: "applied" } })
    );
  },
  // The popup's "Track the job on this page": any site carrying a schema.org JobPosting.
  // activeTab grants this one tab for this one click; nothing is injected anywhere else.
  async trackThisTab({ tabId }) {
    const [tab] = tabId ? [{ id: Number(tabId) }] : await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    if (!tab) return { state: "error", message: "There is no page to read." };
    try {
      const results = await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: [
        "content/selectors.js", "content/dom.js", "content/jobs/posting.js", "content/jobs/any_page.js"] });
      return { state: "ok", data: { found: Boolean(results.length && results[0].result) } };
    } catch {
      return { state: "error", message: "topofmind cannot read this page (a browser page, or a site extensions may not open)." };
    }
  },
  // Options page: try the values typed in the form before (or without) saving them.
  async testConnection({ serverUrl, token }) {
    const s = await loadSettings();
    const settings = { ...s, serverUrl: serverUrl ?? s.serverUrl, token: token ?? s.token };
    return callApi("GET", "/me", { settings });
  },
  refreshBadge() {
    return refreshBadge();
  },
  // Options: "Show a test notification" (checks that the OS lets Chrome notify).
  async testNotification() {
    await chrome.notifications.create("tom-test", {
      type: "basic",
      iconUrl: chrome.runtime.getURL("icons/icon128.png"),
      title: "topofmind",
      message: "Notifications work: you will see one when a follow-up falls due.",
    });
    return { state: "ok" };
  },
  async openOptions() {
    await chrome.runtime.openOptionsPage();
    return { state: "ok" };
  },
};

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own pages and content scripts can reach onMessage; still, refuse
  // anything that is not one of the known requests.
  const handler = message && Object.prototype.hasOwnProperty.call(handlers, message.type) && handlers[message.type];
  if (!handler || sender.id !== chrome.runtime.id) {
    sendResponse({ state: "error", message: "Unknown request." });
    return false;
  }
  Promise.resolve(handler(message))
    .catch((err) => ({ state: "error", message: `topofmind extension error: ${err && err.message}` }))
    .then(sendResponse);
  return true; // the answer is asynchronous
});
