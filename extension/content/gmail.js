// Gmail: the open thread is the visible h2[data-legacy-thread-id]; its value is
// the Gmail API threadId the server stored during sync. (The URL hash is not
// usable: newer Gmail puts an opaque view token there, not the thread id.)

(() => {
  const TOM = globalThis.TOM;
  const S = TOM.selectors.gmail;

  function readThreadId() {
    const heading = TOM.findVisible(S.threadHeading);
    const legacy = heading && heading.getAttribute("data-legacy-thread-id");
    if (legacy && /^[0-9a-f]{6,}$/i.test(legacy)) return legacy.toLowerCase();
    // Fallback: data-thread-perm-id="thread-f:<decimal>" is the same id in decimal.
    const perm = TOM.findVisible(S.threadPermId);
    const m = perm && (perm.getAttribute("data-thread-perm-id") || "").match(/^thread-[af]:(\d+)$/);
    return m ? BigInt(m[1]).toString(16) : null;
  }

  TOM.threadSite({ site: "gmail", readThreadId, selectors: S });
})();
