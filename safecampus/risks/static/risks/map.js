// The four-colour map: the school's site plan with each risk point drawn in its colour. Managers place a point by
// choosing it and clicking the plan. Data comes from a <script type="application/json"> block (strict CSP).
(function () {
  "use strict";

  function csrf() {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : field ? field.value : "";
  }

  function start() {
    const box = document.getElementById("risk-map");
    const node = document.getElementById("map-data");
    if (!box || !node || !window.echarts) return;
    const data = JSON.parse(node.textContent);
    // The box keeps the plan's proportions (set here: the page allows no inline styles).
    const fit = () => { box.style.height = Math.round(box.clientWidth * (data.height / Math.max(data.width, 1))) + "px"; };
    fit();
    const chart = echarts.init(box);
    const placed = () => data.points.filter((p) => p.x !== null && p.y !== null);

    function draw() {
      chart.setOption({
        animation: false,
        grid: { left: 0, right: 0, top: 0, bottom: 0 },
        xAxis: { type: "value", min: 0, max: 1, show: false },
        yAxis: { type: "value", min: 0, max: 1, show: false, inverse: true },
        graphic: [{ type: "image", z: -10, left: 0, top: 0, style: { image: data.plan, width: box.clientWidth, height: box.clientHeight } }],
        tooltip: { trigger: "item", renderMode: "richText", formatter: (p) => p.data.name },
        series: [{
          type: "scatter",
          symbolSize: Math.max(28, box.clientWidth / 18),
          data: placed().map((p) => ({ value: [p.x, p.y], name: p.name, id: p.id, url: p.url, itemStyle: { color: p.colour, opacity: 0.72, borderColor: "#fff", borderWidth: 2 } })),
          label: { show: true, position: "bottom", formatter: (p) => p.data.name, color: "#111", backgroundColor: "rgba(255,255,255,.8)", padding: 2 },
        }],
      }, true);
    }

    draw();
    window.addEventListener("resize", () => { fit(); chart.resize(); draw(); });
    const select = document.getElementById("place-select");
    const status = document.getElementById("place-status");
    chart.on("click", (params) => {
      if (params.data && params.data.url && !(select && select.value)) window.location.href = params.data.url;
    });
    if (!data.editable || !select) return;
    chart.getZr().on("click", (event) => {
      const id = select.value;
      if (!id) return;
      const [x, y] = chart.convertFromPixel({ gridIndex: 0 }, [event.offsetX, event.offsetY]);
      const body = new URLSearchParams({ x: x.toFixed(4), y: y.toFixed(4) });
      fetch(data.place_url.replace("/0/", "/" + id + "/"), {
        method: "POST", credentials: "same-origin", body, headers: { "X-CSRFToken": csrf() },
      }).then((r) => r.json().then((json) => ({ ok: r.ok, json }))).then(({ ok, json }) => {
        if (!ok) { status.textContent = Object.values(json.errors || {}).flat().join(" "); return; }
        const point = data.points.find((p) => String(p.id) === String(id));
        if (point) { point.x = json.x; point.y = json.y; }
        status.textContent = "✓ " + (point ? point.name : "");
        select.value = "";
        draw();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
