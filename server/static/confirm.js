// Forms that ask before they act: <form data-confirm="Remove this account?">. A file, not an
// inline handler, so the pages' Content-Security-Policy can forbid inline script.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
