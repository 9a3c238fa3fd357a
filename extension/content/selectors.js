// The one registry of host-page selectors, per site.
//
// Host apps change their markup without notice, so every entry is a list tried
// in order: the most specific selector first, looser fallbacks after. Each
// entry names the fixture in tests/extension/fixtures/ that must keep matching
// it; when a site changes, update the fixture and this file together.
// Loaded first by every content script; everything hangs off one global so the
// site scripts (same isolated world) can share it.

(() => {
  const TOM = (globalThis.TOM = globalThis.TOM || {});

  TOM.selectors = {
    linkedin: {
      // fixture: linkedin_profile.html  <h1 class="text-heading-xlarge">
      name: ["main h1.text-heading-xlarge", ".pv-text-details__left-panel h1", "main section h1", "main h1"],
      // fixture: linkedin_profile.html  <div class="text-body-medium break-words">
      headline: [
        "main .pv-text-details__left-panel .text-body-medium",
        "main div.text-body-medium.break-words",
        "main section [data-generated-suggestion-target]",
      ],
      // fixture: linkedin_profile.html  <button aria-label="Current company: …">
      // (the aria-label carries the company; the list item text is the fallback)
      currentCompanyButton: ['main button[aria-label^="Current company:"]', 'main [aria-label^="Current company"]'],
      currentCompanyText: [
        "main ul.pv-text-details__right-panel li:first-child span",
        "main .pv-text-details__right-panel .inline-show-more-text",
      ],
      // fixture: linkedin_profile.html  the message overlay's
      // <div class="msg-form__contenteditable" contenteditable="true" role="textbox">
      messageBox: [
        'div.msg-form__contenteditable[contenteditable="true"]',
        '.msg-overlay-conversation-bubble [contenteditable="true"][role="textbox"]',
        'aside [role="textbox"][contenteditable="true"]',
      ],
    },

    gmail: {
      // fixture: gmail_thread.html  <h2 class="hP" data-legacy-thread-id="18c…">
      // (the 16-hex-digit id is the Gmail API's threadId)
      threadHeading: ["h2.hP[data-legacy-thread-id]", "h2[data-legacy-thread-id]", "[data-legacy-thread-id]"],
      // fixture: gmail_thread.html  data-thread-perm-id="thread-f:<decimal>" (same id, in decimal)
      threadPermId: ["[data-thread-perm-id]"],
      // fixture: gmail_thread.html  <span class="ams bkH" role="link">Reply</span>
      replyButton: ['span.ams.bkH[role="link"]', 'div[role="button"][aria-label="Reply"]', '[data-tooltip="Reply"]'],
      // fixture: gmail_thread.html  appears only after Reply is clicked:
      // <div class="Am Al editable" contenteditable="true" role="textbox" g_editable="true">
      replyBox: [
        'div[contenteditable="true"][role="textbox"][g_editable="true"]',
        'div.Am.Al.editable[contenteditable="true"]',
        'div[aria-label="Message Body"][contenteditable="true"]',
      ],
    },

    outlook: {
      // fixture: outlook_thread.html  (URL /mail/<folder>/id/<AAQk…>; the DOM carries it too)
      conversationId: ["[data-convid]", '[role="main"] [data-conversation-id]'],
      // fixture: outlook_thread.html  <button aria-label="Reply">
      replyButton: ['button[aria-label="Reply"]', 'button[name="Reply"]', '[role="menuitem"][aria-label="Reply"]'],
      // fixture: outlook_thread.html  appears only after Reply is clicked:
      // <div role="textbox" contenteditable="true" aria-label="Message body, press Alt+F10 to exit">
      replyBox: [
        'div[role="textbox"][contenteditable="true"][aria-label^="Message body"]',
        '#editorParent_1 [contenteditable="true"]',
        'div[contenteditable="true"][role="textbox"]',
      ],
    },
  };

  // First element matching any selector of the list, in list order.
  TOM.find = function find(list, root = document) {
    for (const selector of list) {
      const el = root.querySelector(selector);
      if (el) return el;
    }
    return null;
  };

  // Same, but only elements the user can see (Gmail keeps hidden threads in the DOM).
  TOM.findVisible = function findVisible(list, root = document) {
    for (const selector of list) {
      for (const el of root.querySelectorAll(selector)) {
        if (el.getClientRects().length > 0) return el;
      }
    }
    return null;
  };
})();
