// The question editor: the "Right answer" list follows the "Options" box as it is typed, so a
// new option can be chosen before saving. Only a help: without this script the list shows the
// saved options, and the server checks the right answer is among the options anyway.
(function () {
  "use strict";

  function lines(text) {
    var seen = {};
    return text.split("\n").map(function (line) { return line.trim(); }).filter(function (line) {
      if (!line || seen[line]) return false;
      seen[line] = true;
      return true;
    });
  }

  function follow(box, select) {
    var chosen = select.value;
    var options = lines(box.value);
    while (select.options.length > 1) select.remove(1);  // keep the empty "---------"
    options.forEach(function (text) {
      select.add(new Option(text, text, false, text === chosen));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("id_choices");
    var select = document.getElementById("id_right_choice");
    if (!box || !select) return;
    box.addEventListener("input", function () { follow(box, select); });
  });
})();
