// SmartRecruiters: jobs.smartrecruiters.com/<Company>/<numeric id>-<title>.
(() => {
  const isPosting = () => /^\/[^/]+\/\d{6,}/.test(location.pathname);
  globalThis.TOM.jobs.start("smartrecruiters", isPosting);
})();
