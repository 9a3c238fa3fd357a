// Small DOM helpers shared by the site scripts: waiting for host elements,
// inserting a draft so the host app registers it, copying, and noticing SPA
// navigation. No network here (that is the service worker's job).

(() => {
  const TOM = (globalThis.TOM = globalThis.TOM || {});

  // Ask the service worker; never rejects (a reloaded extension leaves orphaned
  // content scripts whose sendMessage throws).
  TOM.ask = async function ask(message) {
    try {
      const answer = await chrome.runtime.sendMessage(message);
      return answer || { state: "error", message: "No answer from the topofmind extension." };
    } catch (err) {
      return { state: "error", message: "The topofmind extension was updated or reloaded: reload this page." };
    }
  };

  // The popup's "Insert" for the tab it was opened over: `insert(actionId)`
  // puts the draft where the card's own button would and resolves with what it
  // did ("inserted", "copied", "failed", "not-here").
  TOM.onPopupInsert = function onPopupInsert(insert) {
    chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
      if (!message || message.type !== "insertDraftHere" || sender.id !== chrome.runtime.id) return false;
      Promise.resolve(insert(String(message.id)))
        .then((outcome) => sendResponse({ state: "ok", outcome: outcome || "failed" }))
        .catch(() => sendResponse({ state: "ok", outcome: "failed" }));
      return true;
    });
  };

  // Resolves with the first element matching the selector list, or null after timeoutMs.
  TOM.waitFor = function waitFor(list, timeoutMs = 3000, finder = TOM.find) {
    const now = finder(list);
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const el = finder(list);
        if (el) {
          observer.disconnect();
          clearTimeout(timer);
          resolve(el);
        }
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        resolve(finder(list));
      }, timeoutMs);
      observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
    });
  };

  function normalized(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  // Put `text` at the start of a contenteditable the way a user's typing would:
  // execCommand('insertText') goes through the browser's editing pipeline, so
  // the host (Gmail, Outlook, LinkedIn) gets a trusted `input` event and its
  // own model sees the text. The fallback builds text nodes and <br>s (never
  // HTML) and dispatches an InputEvent itself. Nothing is ever sent.
  TOM.insertIntoEditor = function insertIntoEditor(box, text) {
    box.focus();
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(box);
    range.collapse(true);
    selection.removeAllRanges();
    selection.addRange(range);

    const firstLine = normalized(text.split("\n").find((l) => l.trim()) || text);
    let inserted = false;
    try {
      inserted = document.execCommand("insertText", false, text);
    } catch {
      inserted = false;
    }
    if (inserted && normalized(box.innerText).includes(firstLine)) return "execCommand";

    const fragment = document.createDocumentFragment();
    text.split("\n").forEach((line, i) => {
      if (i > 0) fragment.appendChild(document.createElement("br"));
      fragment.appendChild(document.createTextNode(line));
    });
    box.insertBefore(fragment, box.firstChild);
    box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: text }));
    return "fallback";
  };

  // Copy from a click handler (user activation). The Clipboard API first; the
  // textarea + execCommand('copy') path (allowed by clipboardWrite) if it fails.
  TOM.copyText = async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.documentElement.appendChild(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } finally {
        area.remove();
      }
      return ok;
    }
  };

  // Host apps (Gmail notably) act on mousedown/mouseup rather than click alone.
  TOM.press = function press(el) {
    const opts = { bubbles: true, cancelable: true, view: window };
    el.dispatchEvent(new MouseEvent("mousedown", opts));
    el.dispatchEvent(new MouseEvent("mouseup", opts));
    el.click();
  };

  // Calls onChange() whenever the page's URL changes, however it changed:
  // the Navigation API sees the page's own pushState/replaceState and hash
  // changes; popstate covers back/forward; a slow URL poll is the fallback for
  // browsers without the Navigation API (Firefox < 136) and any router that
  // slips past both.
  TOM.watchUrl = function watchUrl(onChange, pollMs = 1000) {
    let last = location.href;
    const check = () => {
      if (location.href !== last) {
        last = location.href;
        onChange();
      }
    };
    if (globalThis.navigation && typeof navigation.addEventListener === "function") {
      navigation.addEventListener("navigatesuccess", check);
    }
    window.addEventListener("popstate", check);
    window.addEventListener("hashchange", check);
    setInterval(check, pollMs);
  };
})();
