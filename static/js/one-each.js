// One place per event, one match per item: in a [data-one-each] list, a choice made in one
// select is disabled in the others (pick the placeholder to free it again). Only a help: the
// server rejects a place used twice anyway, and the page works without this script.
(function () {
  "use strict";

  function refresh(list) {
    var selects = Array.prototype.slice.call(list.querySelectorAll("select"));
    selects.forEach(function (select) {
      var taken = selects
        .filter(function (other) { return other !== select; })
        .map(function (other) { return other.value; });
      Array.prototype.forEach.call(select.options, function (option) {
        option.disabled = option.value !== "" && taken.indexOf(option.value) !== -1;
      });
    });
  }

  function refreshAll(root) {
    if (root.matches && root.matches("[data-one-each]")) refresh(root);
    Array.prototype.forEach.call(root.querySelectorAll("[data-one-each]"), refresh);
  }

  document.addEventListener("change", function (event) {
    var list = event.target.closest && event.target.closest("[data-one-each]");
    if (list) refresh(list);
  });
  // The first page, and every question htmx swaps in.
  document.addEventListener("DOMContentLoaded", function () { refreshAll(document); });
  document.addEventListener("htmx:load", function (event) { refreshAll(event.target); });
})();
