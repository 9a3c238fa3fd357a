// The Accounts page's mbox / Takeout upload: the file goes as the raw request body (streamed to
// disk by the server), with a bar for the upload itself; then the import's progress is polled
// from the server, which keeps it, so a reloaded page picks the bars up again.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = document.getElementById("u-file");
  var bar = document.getElementById("u-sent");
  var status = document.getElementById("u-status");

  function say(text) { status.textContent = text; }

  function renderImports(list) {
    var section = document.getElementById("imports");
    if (!section) {
      section = document.createElement("section");
      section.className = "panel";
      section.id = "imports";
      var h = document.createElement("h2");
      h.textContent = "Imports in progress";
      section.appendChild(h);
      form.closest("div.two").before(section);
    }
    list.forEach(function (item) {
      var row = section.querySelector('p.import[data-account="' + item.account_id + '"]');
      if (!row) {
        row = document.createElement("p");
        row.className = "import";
        row.dataset.account = item.account_id;
        var label = document.createElement("label");
        label.textContent = item.name + " ";
        var progress = document.createElement("progress");
        progress.max = 100;
        var pct = document.createElement("span");
        pct.className = "pct";
        row.append(label, progress, " ", pct);
        section.appendChild(row);
      }
      row.querySelector("progress").value = item.percent;
      row.querySelector(".pct").textContent = item.error ? item.error : item.percent + "%";
    });
  }

  function poll() {
    fetch(form.dataset.progress, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { imports: [] }; })
      .then(function (body) {
        renderImports(body.imports);
        if (body.imports.some(function (i) { return i.running; })) { setTimeout(poll, 1500); }
        else if (body.imports.length === 0 && document.getElementById("imports")) { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files[0];
    if (!file) { say("Choose a file first."); return; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("X-CSRF-Token", form.dataset.csrf);
    xhr.setRequestHeader("X-Filename", encodeURIComponent(file.name));
    bar.hidden = false;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); say("Uploading… " + bar.value + "%"); }
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = { message: "The server answered " + xhr.status }; }
      bar.hidden = true;
      say(body.message || "");
      if (xhr.status === 202) { poll(); }
    };
    xhr.onerror = function () { bar.hidden = true; say("The upload was interrupted; choose the file and try again."); };
    xhr.send(file);
  });

  if (document.querySelector("#imports p.import")) { poll(); }
}());
