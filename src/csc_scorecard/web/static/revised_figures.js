/* The month's scorecard: beside each figure that changed since the user last viewed the month,
   the value they saw, "(was 165.5)", taken from the list of changes above the tables (issue 16).
   Without JavaScript the list and the outline of each changed cell say the same. */
(function () {
  "use strict";
  document.querySelectorAll("table.since-viewed-changes tbody tr[data-indicator]").forEach(function (change) {
    var row = document.getElementById("indicator-" + change.dataset.indicator);
    var cell = row ? row.querySelector('td[data-column="' + CSS.escape(change.dataset.column) + '"]') : null;
    if (!cell || !cell.firstChild) { return; }
    var was = document.createElement("span");
    was.className = "was";
    was.textContent = " (was " + change.dataset.seen + ")";
    cell.insertBefore(was, cell.firstChild.nextSibling);
  });
}());
