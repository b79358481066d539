// Charts of the dashboard, map and review pages. Data comes from <script type="application/json">
// blocks written by the server, so the pages keep a strict Content-Security-Policy (no inline script).
(function () {
  "use strict";

  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function trendChart() {
    const box = document.getElementById("trend-chart");
    const trend = data("trend-data");
    if (!box || !trend || !window.echarts) return;
    const chart = echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { data: [trend.labels.found, trend.labels.closed] },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: trend.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: trend.labels.found, type: "bar", data: trend.found, itemStyle: { color: "#dc3545" } },
        { name: trend.labels.closed, type: "line", data: trend.closed, itemStyle: { color: "#198754" } },
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  }

  const STATE_COLOURS = ["#dc3545", "#fd7e14", "#ffc107", "#198754"];

  function url(template, id) {
    return template.replace(/\/0\//, "/" + id + "/");
  }

  function showCard(box, schoolId) {
    const slot = document.getElementById("card-slot");
    fetch(url(box.dataset.cardUrl, schoolId), { credentials: "same-origin" })
      .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
      .then((html) => { slot.innerHTML = html; slot.scrollIntoView({ block: "nearest" }); })
      .catch(() => { slot.textContent = "—"; });
  }

  function fillRegions(data) {
    const body = document.querySelector("#region-table tbody");
    const head = document.getElementById("region-figure-head");
    if (!body) return;
    head.textContent = data.figure.label;
    const rows = data.regions.slice().sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
    body.replaceChildren(...rows.map((r) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      name.className = "text-nowrap";
      const link = document.createElement("a");
      link.href = url(document.getElementById("map-chart").dataset.mapUrl, r.id);
      link.textContent = r.name;
      name.append(link);
      const value = document.createElement("td");
      value.className = "text-end";
      value.textContent = r.value === null ? "—" : r.value;
      tr.append(name, value);
      return tr;
    }));
    document.querySelectorAll("#map-legend [data-count]").forEach((span) => {
      span.textContent = "(" + (data.states[span.dataset.count] || 0) + ")";
    });
    fillLayer(data.layer);
  }

  function fillLayer(layer) {
    // A layer's schools are listed with links, so each can be opened without finding its point on the map.
    const count = document.getElementById("map-layer-count");
    const list = document.getElementById("layer-schools");
    if (!count || !list || !layer) return;
    count.textContent = layer.label + ": " + layer.count;
    list.closest("[data-layer-list]").classList.remove("d-none");
    list.replaceChildren(...layer.schools.map(([id, name, href]) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = href;
      link.textContent = name;
      link.dataset.school = id;
      item.append(link);
      return item;
    }));
    if (layer.count > layer.schools.length) {
      const more = document.createElement("li");
      more.className = "text-muted";
      more.textContent = "…";
      list.append(more);
    }
  }

  function mapChart() {
    const box = document.getElementById("map-chart");
    if (!box || !window.echarts) return;
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((data) => {
        box.replaceChildren();
        fillRegions(data);
        if (!data.regions.length) {
          // A county has no regions below it: only its schools are drawn.
          document.querySelectorAll("[data-regions-only]").forEach((el) => el.classList.add("d-none"));
        }
        const chart = echarts.init(box);
        const byCode = {};
        data.regions.forEach((r) => { if (r.adcode) byCode[r.adcode] = r; });
        const values = data.regions.map((r) => r.value).filter((v) => v !== null);
        const series = [];
        const option = {
          tooltip: { trigger: "item", renderMode: "richText" },
          series: series,
        };
        if (data.geo) {
          echarts.registerMap("unit-" + data.org.id, data.geo);
          // Regions in blues so the red/orange/yellow/green school points stay visible on top.
          const ramp = ["#f4f7fb", "#c6dbef", "#6baed6", "#2166ac"];
          if (data.regions.length) option.visualMap = {
            type: "continuous",
            seriesIndex: 0,
            min: 0,
            max: Math.max(1, ...values),
            text: [data.figure.label, ""],
            calculable: true,
            inRange: { color: data.good_high ? ramp.slice().reverse() : ramp },
            left: 8,
            bottom: 8,
          };
          option.geo = { map: "unit-" + data.org.id, roam: true, nameProperty: "adcode", silent: true };
          series.push({
            type: "map",
            map: "unit-" + data.org.id,
            geoIndex: 0,
            nameProperty: "adcode",
            data: data.regions.filter((r) => r.adcode).map((r) => ({ name: r.adcode, value: r.value, id: r.id })),
            tooltip: {
              formatter: (p) => {
                const r = byCode[p.name];
                return r ? r.name + "\n" + data.figure.label + ": " + (r.value ?? "—") : p.name;
              },
            },
          });
          option.geo.silent = false;
          option.geo.label = {
            show: true,
            fontSize: 11,
            color: "#212529",
            formatter: (p) => (byCode[p.name] ? byCode[p.name].name : ""),
          };
          option.geo.labelLayout = { hideOverlap: true };
        }
        series.push({
          type: "scatter",
          coordinateSystem: data.geo ? "geo" : "cartesian2d",
          symbolSize: data.schools.length > 3000 ? 3 : 7,
          large: data.schools.length > 3000,
          data: data.schools.map((s) => ({
            value: [s[0], s[1]],
            id: s[2],
            name: s[3],
            itemStyle: { color: STATE_COLOURS[s[4]], borderColor: "#fff", borderWidth: data.schools.length > 3000 ? 0 : 1 },
          })),
          tooltip: { formatter: (p) => p.data.name },
          zlevel: 1,
        });
        if (!data.geo) {
          option.xAxis = { type: "value", scale: true, show: false };
          option.yAxis = { type: "value", scale: true, show: false };
        }
        chart.setOption(option);
        chart.on("click", (p) => {
          if (p.seriesType === "scatter" && p.data) showCard(box, p.data.id);
          else if (p.componentType === "geo" || p.seriesType === "map") {
            const r = byCode[p.name];
            if (r) window.location.href = url(box.dataset.mapUrl, r.id);
          }
        });
        window.addEventListener("resize", () => chart.resize());
        box.dataset.ready = "true";
      })
      .catch(() => {
        box.textContent = "—";
      });
  }

  document.addEventListener("DOMContentLoaded", () => {
    trendChart();
    mapChart();
  });
})();
