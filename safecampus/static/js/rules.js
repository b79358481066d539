// The rules page's role picker: only the roles that may verify at the chosen level are shown.
// Loaded as a file because the CSP forbids inline scripts; without it the server still refuses other roles.
(function () {
  "use strict";
  document.querySelectorAll("[data-verifier]").forEach(function (root) {
    var level = root.querySelector("select[name=level]");
    if (!level) { return; }
    function update() {
      root.querySelectorAll("[data-levels]").forEach(function (box) {
        var fits = box.getAttribute("data-levels").split(" ").indexOf(level.value) !== -1;
        box.classList.toggle("d-none", !fits);
        var input = box.querySelector("input");
        if (!fits && input) { input.checked = false; }
      });
    }
    level.addEventListener("change", update);
    update();
  });
})();
