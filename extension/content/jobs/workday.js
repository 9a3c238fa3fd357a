// Workday: <tenant>.wd<N>.myworkdayjobs.com/<site>/job/<location>/<title>_<requisition id>.
(() => {
  const isPosting = () => /\/job\/[^/]+\/[^/]+/.test(location.pathname);
  globalThis.TOM.jobs.start("workday", isPosting, { settleMs: 1200 });
})();
