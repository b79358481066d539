// Early warning pages (loaded as a file: strict CSP). The console refreshes its list every few seconds, shows the
// count of unacknowledged alarms in the title and sounds when a new alarm arrives; the camera page plays HLS
// (hls.js, vendored) and keeps its view log alive; the alarm page draws the device's recent readings.
(function () {
  "use strict";
  const csrf = () => (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  function beep() {
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      const ctx = beep.ctx || (beep.ctx = new Ctx());
      [0, 0.35].forEach((at) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = 880;
        gain.gain.value = 0.2;
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + at);
        osc.stop(ctx.currentTime + at + 0.2);
      });
    } catch (e) { /* no audio on this device */ }
  }

  function consolePage(list) {
    const toggle = document.getElementById("sound-toggle");
    let soundOn = localStorage.getItem("safecampus.alarm-sound") === "on";
    const label = () => {
      if (!toggle) return;
      toggle.querySelector("span").textContent = soundOn ? toggle.dataset.on : toggle.dataset.off;
      toggle.classList.toggle("btn-warning", soundOn);
    };
    label();
    if (toggle) toggle.addEventListener("click", () => {
      soundOn = !soundOn;
      localStorage.setItem("safecampus.alarm-sound", soundOn ? "on" : "off");
      label();
      if (soundOn) beep();
    });
    const title = list.dataset.title;
    let newest = Number((list.querySelector("[data-newest]") || {dataset: {}}).dataset.newest || 0);
    const showCount = (n) => { document.title = (n > 0 ? "(" + n + ") " : "") + title; };
    showCount(Number(list.dataset.unacked || 0));
    async function refresh() {
      try {
        const response = await fetch(list.dataset.feed, {headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"});
        if (!response.ok) return;
        list.innerHTML = await response.text();
        const unacked = Number(response.headers.get("X-Unacknowledged") || 0);
        const top = Number(response.headers.get("X-Newest") || 0);
        showCount(unacked);
        const figure = document.querySelector("[data-figure=unacked]");
        if (figure) figure.textContent = unacked;
        const open = document.querySelector("[data-figure=open]");
        if (open) open.textContent = response.headers.get("X-Open") || open.textContent;
        if (top > newest) {
          if (soundOn) beep();
          list.querySelectorAll("[data-alarm]").forEach((row) => {
            if (Number(row.dataset.alarm) > newest) row.classList.add("alarm-new");
          });
        }
        newest = Math.max(newest, top);
      } catch (e) { /* offline for a moment: the next refresh tries again */ }
    }
    setInterval(refresh, 5000);
  }

  function player(video) {
    const state = document.getElementById("player-state");
    const say = (text) => { if (state) state.textContent = text; };
    const source = video.dataset.stream;
    if (window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls({enableWorker: false, lowLatencyMode: true});
      hls.on(window.Hls.Events.ERROR, (event, data) => { if (data.fatal) say(video.dataset.error); });
      hls.loadSource(source);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = source;  // Safari and phones play HLS themselves
    } else {
      say(video.dataset.error);
    }
    video.addEventListener("playing", () => { say(state.dataset.playing); video.dataset.played = "yes"; });
    const beat = video.dataset.beat;
    if (beat) {
      const every = Number(video.dataset.beatSeconds || 15) * 1000;
      setInterval(() => {
        if (document.hidden) return;
        const body = new FormData();
        body.append("csrfmiddlewaretoken", csrf());
        fetch(beat, {method: "POST", body: body, credentials: "same-origin"}).catch(() => {});
      }, every);
    }
    const snap = document.getElementById("take-snapshot");
    const input = document.querySelector("#look-form input[type=file]");
    if (snap && input) snap.addEventListener("click", () => {
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth || 640;
      canvas.height = video.videoHeight || 360;
      canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => {
        if (!blob) return;
        const files = new DataTransfer();
        files.items.add(new File([blob], "snapshot.png", {type: "image/png"}));
        input.files = files.files;
        const preview = document.getElementById("snapshot-preview");
        preview.src = URL.createObjectURL(blob);
        preview.classList.remove("d-none");
      }, "image/png");
    });
  }

  async function chart(box) {
    const response = await fetch(box.dataset.url, {credentials: "same-origin"});
    if (!response.ok || !window.echarts) return;
    const data = await response.json();
    const names = Object.keys(data.series);
    if (!names.length) { box.textContent = box.dataset.empty; box.classList.add("text-muted", "small"); return; }
    const graph = window.echarts.init(box);
    graph.setOption({
      tooltip: {trigger: "axis"},
      legend: {data: names},
      xAxis: {type: "time"},
      yAxis: {type: "value", scale: true},
      series: names.map((name) => ({name: name, type: "line", showSymbol: false, data: data.series[name]})),
    });
    window.addEventListener("resize", () => graph.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    const list = document.getElementById("alarm-list");
    if (list) consolePage(list);
    const video = document.getElementById("live-video");
    if (video) player(video);
    const box = document.getElementById("readings-chart");
    if (box) chart(box);
  });
})();
