// Ashby: jobs.ashbyhq.com/<company>/<posting uuid> (rendered by script: the card waits for it).
(() => {
  const isPosting = () => /^\/[^/]+\/[0-9a-f]{8}-[0-9a-f-]{27,}/i.test(location.pathname);
  globalThis.TOM.jobs.start("ashby", isPosting, { settleMs: 1200 });
})();
