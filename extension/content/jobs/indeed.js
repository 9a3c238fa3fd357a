// Indeed: a job's page (/viewjob?jk=…) and the search results' job panel (?vjk=…).
(() => {
  const isPosting = () => location.pathname.startsWith("/viewjob") || new URLSearchParams(location.search).has("vjk");
  globalThis.TOM.jobs.start("indeed", isPosting);
})();
