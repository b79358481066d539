// SafeCampus page behaviours. Loaded as a file because the CSP forbids inline scripts.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    // After a refused form, bring the first wrong field into view (on phones it may be screens below).
    var invalid = document.querySelector(".is-invalid, .alert-danger");
    if (invalid && invalid.scrollIntoView) { invalid.scrollIntoView({ block: "center" }); }
    // The language switch submits as soon as a language is chosen.
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () {
        // A choice left empty that says so is not sent (the address stays the one without it).
        select.form.querySelectorAll("select[data-omit-empty]").forEach(function (other) {
          if (!other.value) { other.disabled = true; }
        });
        select.form.submit();
      });
    });
  });
  // Ask before destructive or irreversible actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
})();
