// The evaluation form shows only the factors of the chosen method (LEC: L, E, C; matrix: L, S; direct: why).
// Without scripts every field shows, and the service names the ones a method needs.
(function () {
  "use strict";

  const FIELDS = { lec: ["l", "e", "c"], matrix: ["ml", "ms"], direct: ["direct_reason"] };

  function start() {
    document.querySelectorAll("select[name$='-method']").forEach((method) => {
      const prefix = method.name.slice(0, -"method".length);
      const form = method.form;
      const wrap = (name) => {
        const field = form.querySelector(`[name='${prefix}${name}']`);
        return field ? field.closest(".mb-3") : null;
      };
      const show = () => {
        Object.entries(FIELDS).forEach(([kind, names]) => {
          names.forEach((name) => {
            const box = wrap(name);
            if (box) box.hidden = kind !== method.value;
          });
        });
      };
      method.addEventListener("change", show);
      show();
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
