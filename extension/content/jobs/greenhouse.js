// Greenhouse job boards: boards.greenhouse.io/<board>/jobs/<id> and job-boards.greenhouse.io (the newer board).
(() => {
  const isPosting = () => /^\/[^/]+\/jobs\/\d+/.test(location.pathname) || new URLSearchParams(location.search).has("gh_jid");
  globalThis.TOM.jobs.start("greenhouse", isPosting);
})();
