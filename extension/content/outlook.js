// Outlook on the web (outlook.office.com, outlook.office365.com, outlook.live.com,
// outlook.cloud.microsoft): the open conversation is in the URL as
// /mail/<folder>/id/<URL-encoded conversation id> (also /mail/0/…, /mail/id/…),
// the same id Graph returns as conversationId. Reading pane layouts that keep
// the URL on the folder expose it in the DOM instead (selectors.outlook.conversationId).

(() => {
  const TOM = globalThis.TOM;
  const S = TOM.selectors.outlook;

  function readThreadId() {
    const m = location.pathname.match(/\/mail\/(?:.*\/)?id\/([^/?#]+)/);
    const raw = m ? m[1] : null;
    if (raw) {
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
    return TOM.read(S.conversationId).value || null;
  }

  TOM.threadSite({ site: "outlook", readThreadId, selectors: S });
})();
