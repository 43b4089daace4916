/* The month's scorecard: beside each revised figure, the value then, "(was 165.5)", taken from
   the list of revised figures above the tables (issue 16). Without JavaScript the list and the
   outline of each revised cell say the same. */
(function () {
  "use strict";
  document.querySelectorAll("table.revised-changes tbody tr[data-indicator]").forEach(function (change) {
    var row = document.getElementById("indicator-" + change.dataset.indicator);
    var cell = row ? row.querySelector('td[data-column="' + CSS.escape(change.dataset.column) + '"]') : null;
    if (!cell || !cell.firstChild) { return; }
    var was = document.createElement("span");
    was.className = "was";
    was.textContent = " (" + change.dataset.was + ")";
    cell.insertBefore(was, cell.firstChild.nextSibling);
  });
}());
