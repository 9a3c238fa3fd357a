// LinkedIn Jobs: a job's own page (/jobs/view/<id>) and the search or collections
// side panel (?currentJobId=<id>). A single-page app: TOM.jobs.start follows the URL.
(() => {
  const isPosting = () =>
    /^\/jobs\/view\/(?:[^/]*-)?\d+/.test(location.pathname) ||
    (/^\/jobs\/(search|collections)\//.test(location.pathname) && new URLSearchParams(location.search).has("currentJobId"));
  globalThis.TOM.jobs.start("linkedin", isPosting);
})();
