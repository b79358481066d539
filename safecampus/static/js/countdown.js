// Live countdowns for reporting deadlines: <span data-countdown="ISO time">. Loaded as a file (strict CSP).
(function () {
  "use strict";
  const lang = document.documentElement.lang || "zh-hans";
  const zh = lang.startsWith("zh");
  function text(ms) {
    const late = ms < 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60);
    const span = (d ? d + (zh ? "天" : "d ") : "") + (h ? h + (zh ? "小时" : "h ") : "") + m + (zh ? "分" : "m");
    if (late) return zh ? "已超时 " + span : span + " overdue";
    return zh ? "剩余 " + span : span + " left";
  }
  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach((el) => {
      const ms = Date.parse(el.dataset.countdown) - now;
      el.textContent = text(ms);
      el.classList.toggle("text-bg-danger", ms < 0);
      el.classList.toggle("text-bg-warning", ms >= 0);
    });
  }
  document.addEventListener("DOMContentLoaded", () => { tick(); setInterval(tick, 1000); });
})();
