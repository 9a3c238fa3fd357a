// Shared by the mail sites (Gmail, Outlook): find the open thread, look it up,
// show the card, and insert drafts into the reply box. Each site script passes
// its own id reader and selectors; the host-specific knowledge stays there and
// in selectors.js.

(() => {
  const TOM = globalThis.TOM;
  const SITE_NAME = { gmail: "Gmail", outlook: "Outlook" };

  // site: "gmail" | "outlook"; readThreadId(): string|null; selectors: {replyButton, replyBox}
  TOM.threadSite = function threadSite({ site, readThreadId, selectors }) {
    let currentId = null;
    let generation = 0;
    let scheduled = false;

    const handlers = {
      async done(action) {
        afterChange(await TOM.ask({ type: "actionDone", id: action.id }), "Marked as done.");
      },
      async snooze(action, days) {
        afterChange(await TOM.ask({ type: "actionSnooze", id: action.id, days }), `Snoozed for ${days} days.`);
      },
      async attach({ opportunityId, personId, role, what }) {
        const r = await TOM.ask({ type: "attachContact", opportunity_id: opportunityId, person_id: personId, role });
        afterChange(r, `Attached ${what}.`);
      },
      async insertDraft(action) {
        const card = TOM.card(site);
        const r = await TOM.ask({ type: "draft", id: action.id, channel: "email" });
        if (r.state !== "ok") {
          card.toast(r.message, true);
          return "failed";
        }
        let box = TOM.findVisible(selectors.replyBox);
        if (!box) {
          const reply = TOM.findVisible(selectors.replyButton);
          if (!reply) {
            TOM.ask({ type: "reportMiss", site, selector: "replyButton" });
            card.toast(`${SITE_NAME[site]} changed this page; topofmind could not find the Reply button. Open the reply box yourself, then press Insert draft again.`, true);
            return "failed";
          }
          TOM.press(reply);
          box = await TOM.waitFor(selectors.replyBox, 3000, TOM.findVisible);
        }
        if (!box) {
          TOM.ask({ type: "reportMiss", site, selector: "replyBox" });
          card.toast("The reply box did not open: open it yourself, then press Insert draft again.", true);
          return "failed";
        }
        TOM.insertIntoEditor(box, r.data.body || "");
        card.toast("Draft inserted in the reply. Read it over, then send it yourself.");
        return "inserted";
      },
    };

    async function afterChange(result, okText) {
      if (result.state !== "ok") return TOM.card(site).toast(result.message, true);
      await update(true);
      TOM.card(site).toast(okText);
    }

    async function update(force = false) {
      const id = readThreadId();
      if (!id) {
        currentId = null;
        TOM.removeCard();
        return;
      }
      if (id === currentId && !force) return;
      currentId = id;
      const mine = ++generation;
      if (document.getElementById("topofmind-card-host") && !force) TOM.card(site).showLoading(id);
      const result = await TOM.ask({ type: "lookupThread", provider: site, id });
      if (mine !== generation) return;
      if (result.state === "disabled") return TOM.removeCard();
      const card = TOM.card(site);
      if (result.state !== "ok") return card.showProblem(result, id, () => update(true));
      card.showThread(result.data, id, handlers);
    }

    // Mail apps render the thread some time after the URL changes, and redraw
    // constantly: re-check on URL changes and (at most once per frame batch)
    // on DOM changes; update() itself returns early when the thread is the same.
    function schedule() {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        update();
      }, 50);
    }
    // The popup's "Insert" on this tab: into this thread's reply, as the card's button does.
    TOM.onPopupInsert((id) => (currentId ? handlers.insertDraft({ id }) : "not-here"));
    TOM.watchUrl(schedule);
    new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true });
    update();
  };
})();
