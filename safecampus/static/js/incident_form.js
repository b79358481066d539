// The initial report form: the type select offers only the types of the chosen category.
// Each type option carries its category (data-category). The options are kept aside once and the select is
// rebuilt from them on every change of category (hiding options does not work in every phone browser).
// Without this script every type stays listed; the server refuses a type of another category.
(function () {
  "use strict";

  function setUp(select) {
    var form = select.form;
    var category = form && form.elements.namedItem(select.dataset.categoryField || "category");
    if (!category || category.tagName !== "SELECT") { return; }
    var prompt = select.querySelector("option[value='']");
    var promptText = prompt ? prompt.textContent : "";
    var promptEmpty = select.dataset.promptEmpty || promptText;
    // Everything the server rendered, in order: [group label or null, option].
    var all = [];
    Array.prototype.forEach.call(select.querySelectorAll("option[data-category]"), function (option) {
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : null;
      all.push([group, option]);
    });

    function show() {
      var chosen = category.value;
      var current = select.value;
      while (select.firstChild) { select.removeChild(select.firstChild); }
      if (prompt) {
        prompt.textContent = chosen ? promptText : promptEmpty;
        select.appendChild(prompt);
      }
      var groups = {};
      var kept = false;
      all.forEach(function (row) {
        var option = row[1];
        if (!chosen || option.dataset.category !== chosen) { return; }
        var parent = select;
        if (row[0] !== null) {
          if (!groups[row[0]]) {
            groups[row[0]] = document.createElement("optgroup");
            groups[row[0]].label = row[0];
            select.appendChild(groups[row[0]]);
          }
          parent = groups[row[0]];
        }
        parent.appendChild(option);
        if (option.value === current) { kept = true; }
      });
      // A type of another category is cleared, never sent by mistake.
      select.value = kept ? current : "";
      if (!kept && prompt) { prompt.selected = true; }
    }

    category.addEventListener("change", show);
    show();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-category-field]"), setUp);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
