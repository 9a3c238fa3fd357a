// Mailboxes that stopped syncing (a revoked or expired sign-in, a changed password, an
// error that persists): one desktop notification per stop, checked by the same
// "due-notifications" alarm as the follow-ups. The server says which accounts stopped
// (GET /account-health?state=stopped, the digest's rule) and when each last worked
// (`since`); that is remembered per account in chrome.storage.local (accountNotices), so a
// stop is told once. An account that recovers is forgotten and its notification cleared;
// a later stop (a new `since`) is told again. The button opens the account's one-click
// reconnect link (the server's reconnect_url: straight to the provider's consent page, or
// the IMAP form filled in), a click on the notification the Accounts page. Off with the options switch
// notifyAccounts. Loaded by service_worker.js (importScripts): callApi is the worker's.

const ACCOUNT_NOTIFICATION_PREFIX = "tom-account:";

function accountsPageUrl(serverUrl) {
  return `${serverBase(serverUrl)}/accounts`;
}

function isWebUrl(url) {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

async function checkStoppedAccounts() {
  const stored = await chrome.storage.local.get(["notifyAccounts", "accountNotices"]);
  if (stored.notifyAccounts === false) return { state: "disabled", shown: [] };
  const result = await callApi("GET", "/account-health", { query: { state: "stopped" } });
  if (result.state !== "ok") return { state: result.state, shown: [] };
  const told = stored.accountNotices || {};
  const keep = {};
  const shown = [];
  for (const account of result.data.accounts || []) {
    const key = String(account.id);
    keep[key] = { since: account.since, url: isWebUrl(account.reconnect_url) ? account.reconnect_url : null };
    if (told[key] && told[key].since === account.since) continue; // this stop was told already
    await chrome.notifications.create(ACCOUNT_NOTIFICATION_PREFIX + key, {
      type: "basic",
      iconUrl: chrome.runtime.getURL("icons/icon128.png"),
      title: `${account.address} stopped syncing`,
      message: [account.what_happened, account.what_to_do].filter(Boolean).join(" "),
      contextMessage: `topofmind · ${account.provider}`,
      buttons: [{ title: "Reconnect" }],
      priority: 2,
      requireInteraction: true, // new follow-ups stay unseen until it is reconnected
    });
    shown.push(account.id);
  }
  for (const key of Object.keys(told)) {
    if (!keep[key]) await chrome.notifications.clear(ACCOUNT_NOTIFICATION_PREFIX + key); // recovered or removed
  }
  await chrome.storage.local.set({ accountNotices: keep });
  return { state: "ok", shown };
}

// The button (reconnect) opens the account's reconnect link; the notification itself the Accounts page.
async function openAccountNotice(notificationId, reconnect) {
  const stored = await chrome.storage.local.get(["accountNotices", "serverUrl"]);
  const entry = (stored.accountNotices || {})[notificationId.slice(ACCOUNT_NOTIFICATION_PREFIX.length)];
  const url = reconnect && entry && entry.url ? entry.url : accountsPageUrl(stored.serverUrl || "");
  await chrome.tabs.create({ url });
  await chrome.notifications.clear(notificationId);
  return url;
}
