// The pipeline board: drop a card on a column to move it there. The move is the card's own
// "Move" form submitted with the column's stage, so it goes through the same server route
// as without JavaScript and the next page offers Undo.
(function () {
  "use strict";
  var dragged = null;

  function columnOf(node) {
    while (node && !(node.classList && node.classList.contains("column"))) node = node.parentNode;
    return node;
  }

  document.querySelectorAll(".card[draggable]").forEach(function (card) {
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      card.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.opportunity);
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("dragging");
      document.querySelectorAll(".column.over").forEach(function (c) { c.classList.remove("over"); });
    });
  });

  document.querySelectorAll(".column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("over");
    });
    column.addEventListener("dragleave", function (event) {
      if (columnOf(event.relatedTarget) !== column) column.classList.remove("over");
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("over");
      var card = dragged;
      dragged = null;
      if (!card || card.dataset.stage === column.dataset.stage) return;
      var form = card.querySelector("form.move");
      form.querySelector("select[name=stage]").value = column.dataset.stage;
      column.appendChild(card);
      card.classList.add("moving");
      form.submit();
    });
  });
})();
