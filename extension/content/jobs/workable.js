// Workable: apply.workable.com/<company>/j/<shortcode>/ (a single-page app).
(() => {
  const isPosting = () => /\/j\/[0-9A-Za-z]{6,}/.test(location.pathname);
  globalThis.TOM.jobs.start("workable", isPosting, { settleMs: 800 });
})();
