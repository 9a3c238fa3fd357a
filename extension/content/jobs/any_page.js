// Any other page (a company's own careers site): injected only when the user asks, from the
// toolbar popup ("Track the job on this page", activeTab), never on its own. The card shows
// when the page carries a schema.org JobPosting. The last line is the injection's result.
(() => {
  const TOM = globalThis.TOM;
  if (!TOM.jobs.started) TOM.jobs.start("any", () => Boolean(TOM.readJsonLd()), { settleMs: 0 });
})();
Boolean(globalThis.TOM.readJsonLd());
