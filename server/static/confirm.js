// Forms with data-confirm ask before they submit (a static file: the CSP allows no inline handlers).
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
