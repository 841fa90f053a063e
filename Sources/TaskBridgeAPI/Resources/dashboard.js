// The dashboard's only script, served from /ui/assets (the Content-Security-Policy allows no inline script).
// Everything works without it; it only hides, and disables, the fields the chosen type of task does not take.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var type = document.getElementById("type");
  if (!type) { return; }
  function show() {
    document.querySelectorAll(".field[data-for]").forEach(function (field) {
      var applies = type.value === "" || field.dataset.for.split(" ").indexOf(type.value) >= 0;
      field.hidden = !applies;
      field.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !applies; });
    });
  }
  type.addEventListener("change", show);
  show();
});
