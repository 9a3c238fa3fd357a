// Options: server URL + token (stored in chrome.storage.local, read only by the
// service worker), "Test connection" with the values as typed, and per-site switches.

const SITES = ["linkedin", "gmail", "outlook"];
const form = document.getElementById("form");
const serverUrl = document.getElementById("serverUrl");
const token = document.getElementById("token");
const statusLine = document.getElementById("status");

function say(text, ok) {
  statusLine.textContent = text;
  statusLine.className = ok ? "ok" : "bad";
  statusLine.dataset.state = ok ? "ok" : "bad";
}

function isLoopback(url) {
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

// Loopback is granted at install; any other server (a home server on the LAN)
// needs the user's explicit permission for that origin. Must run in the click.
async function ensurePermission(url) {
  if (isLoopback(url)) return true;
  try {
    const origin = new URL(url).origin + "/*";
    return await chrome.permissions.request({ origins: [origin] });
  } catch {
    return false;
  }
}

async function load() {
  const s = await chrome.storage.local.get(["serverUrl", "token", "sites"]);
  serverUrl.value = s.serverUrl || "http://127.0.0.1:8765";
  token.value = s.token || "";
  for (const site of SITES) document.getElementById(`site-${site}`).checked = !(s.sites && s.sites[site] === false);
  const n = await chrome.storage.local.get(Object.keys(SWITCHES));
  for (const name of Object.keys(SWITCHES)) document.getElementById(name).checked = n[name] !== false;
}

// Reminders: each notification switch saves at once (it needs no server check). A stopped
// mailbox has its own switch: rare and important, it stays on for whoever turns the
// follow-up notifications off.
const SWITCHES = { notifyDesktop: "Desktop notifications", notifyAccounts: "Notices of a mailbox that stops syncing" };
for (const [name, label] of Object.entries(SWITCHES)) {
  document.getElementById(name).addEventListener("change", async (ev) => {
    await chrome.storage.local.set({ [name]: ev.target.checked });
    say(`${label} ${ev.target.checked ? "on" : "off"}.`, true);
  });
}

document.getElementById("testNotification").addEventListener("click", async () => {
  const r = await chrome.runtime.sendMessage({ type: "testNotification" });
  say(r.state === "ok" ? "Test notification sent. No banner? Allow Chrome's notifications in your system settings." : r.message, r.state === "ok");
});

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!(await ensurePermission(serverUrl.value))) {
    return say("Chrome did not grant access to that server, so the extension cannot reach it. Save again and allow it.", false);
  }
  const sites = Object.fromEntries(SITES.map((s) => [s, document.getElementById(`site-${s}`).checked]));
  await chrome.storage.local.set({ serverUrl: serverUrl.value.trim(), token: token.value.trim(), sites });
  say("Saved.", true);
});

document.getElementById("test").addEventListener("click", async () => {
  say("Testing…", true);
  if (!(await ensurePermission(serverUrl.value))) {
    return say("Chrome did not grant access to that server, so the extension cannot reach it.", false);
  }
  const r = await chrome.runtime.sendMessage({ type: "testConnection", serverUrl: serverUrl.value.trim(), token: token.value.trim() });
  if (r.state === "ok") {
    const u = r.data.user || {};
    const due = Number(r.data.due_count) || 0;
    say(`Connected as ${u.email || u.name || "you"}. ${due} follow-up(s) due. Press Save to keep these settings.`, true);
  } else {
    say(r.message, false);
  }
});

load();
