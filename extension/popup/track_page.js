// "Track the job on this page" (issue 24): reads the open tab's schema.org JobPosting on any
// site through the service worker (activeTab: this tab, this click only); the card then
// appears on the page itself.
(() => {
  const button = document.getElementById("track-page");
  const result = document.getElementById("track-page-result");
  button.addEventListener("click", async () => {
    button.disabled = true;
    const r = await chrome.runtime.sendMessage({ type: "trackThisTab" });
    button.disabled = false;
    if (r.state !== "ok") result.textContent = r.message;
    else if (!r.data.found) result.textContent = "No job posting found on this page (it carries no schema.org JobPosting).";
    else window.close(); // the card is on the page
  });
})();
