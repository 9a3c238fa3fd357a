// Lever: jobs.lever.co/<company>/<posting uuid> (and its /apply page: the same posting).
(() => {
  const isPosting = () => /^\/[^/]+\/[0-9a-f]{8}-[0-9a-f-]{27,}/i.test(location.pathname);
  globalThis.TOM.jobs.start("lever", isPosting);
})();
