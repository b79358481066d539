// The inspection walk page: every item is saved on its own, at once. Results waiting to be sent
// are kept in localStorage, so a dropped connection or a closed tab loses nothing; they are sent
// again when the page is back online or reopened. Photos wait in memory until sent.
(function () {
  "use strict";
  var root = document.getElementById("inspection");
  if (!root || root.dataset.editable !== "1") { updateProgress(); return; }
  var key = "safecampus.inspection." + root.dataset.inspection;
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  var syncBadge = document.getElementById("sync-state");
  var photoQueue = {};
  var sending = false;

  function load() { try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; } }
  function store(queue) { localStorage.setItem(key, JSON.stringify(queue)); }

  function showSync() {
    var waiting = Object.keys(load()).length + Object.keys(photoQueue).length;
    if (!navigator.onLine && waiting) { syncBadge.textContent = syncBadge.dataset.offline; syncBadge.className = "badge text-bg-warning"; }
    else if (waiting) { syncBadge.textContent = syncBadge.dataset.waiting + " (" + waiting + ")"; syncBadge.className = "badge text-bg-warning"; }
    else { syncBadge.textContent = syncBadge.dataset.saved; syncBadge.className = "badge text-bg-success"; }
  }

  function card(itemId) { return root.querySelector("form.item-card[data-item='" + itemId + "']"); }

  function mark(form, outcome) {
    form.dataset.outcome = outcome;
    form.querySelector(".fail-details").classList.toggle("d-none", outcome !== "fail");
    form.classList.toggle("border-danger", outcome === "fail");
    form.classList.toggle("border-success", outcome === "pass");
  }

  function queueResult(form) {
    var checked = form.querySelector("input[name=outcome]:checked");
    if (!checked) { return; }
    var queue = load();
    queue[form.dataset.item] = {
      outcome: checked.value,
      note: form.querySelector("textarea[name=note]").value,
      place: form.querySelector("input[name=place]").value
    };
    store(queue);
    var files = form.querySelector("input[type=file]");
    if (files && files.files.length) { photoQueue[form.dataset.item] = Array.prototype.slice.call(files.files); }
    form.querySelector(".item-state").textContent = "…";
    showSync();
    flush();
  }

  function flush() {
    if (sending || !navigator.onLine) { showSync(); return; }
    var queue = load();
    var itemIds = Object.keys(queue).concat(Object.keys(photoQueue).filter(function (id) { return !(id in queue); }));
    if (!itemIds.length) { showSync(); return; }
    var itemId = itemIds[0];
    var form = card(itemId);
    var entry = queue[itemId] || {};
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    body.append("outcome", entry.outcome || (form.querySelector("input[name=outcome]:checked") || {}).value || "");
    body.append("note", entry.note || "");
    body.append("place", entry.place || "");
    (photoQueue[itemId] || []).forEach(function (file) { body.append("photos", file); });
    sending = true;
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (response.redirected || type.indexOf("json") < 0) {
          // The session ended (a login page came back): keep the results and ask to log in again.
          return { status: 401, data: {} };
        }
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      })
      .then(function (reply) {
        sending = false;
        var current = load();
        var error = form.querySelector(".item-error");
        if (reply.status === 200) {
          delete current[itemId]; delete photoQueue[itemId]; store(current);
          error.textContent = "";
          form.querySelector(".item-state").innerHTML = "<i class='bi bi-check2-circle text-success'></i>";
          var fileInput = form.querySelector("input[type=file]"); if (fileInput) { fileInput.value = ""; }
          if (reply.data.photos) {
            var counter = form.querySelector(".photo-count");
            counter.textContent = (root.dataset.photosLabel || "%s").replace("%s", reply.data.photos);
          }
          updateCounts(reply.data.counts);
          flush();
        } else if (reply.status === 400 || reply.status === 409) {
          // The server refused this result: keep the inspector's input on screen, drop it from the queue.
          delete current[itemId]; delete photoQueue[itemId]; store(current);
          var errors = reply.data.errors || {};
          error.textContent = Object.keys(errors).map(function (k) { return errors[k].join(" "); }).join(" ");
          form.querySelector(".item-state").textContent = "⚠";
          flush();
        } else if (reply.status === 401) {
          syncBadge.textContent = syncBadge.dataset.login; syncBadge.className = "badge text-bg-danger";
        } else { showSync(); setTimeout(flush, 5000); }
      })
      .catch(function () { sending = false; showSync(); setTimeout(flush, 5000); });
  }

  function updateCounts(counts) {
    if (!counts) { return; }
    ["pending", "pass", "fail", "na"].forEach(function (name) {
      var el = document.getElementById("count-" + name); if (el) { el.textContent = counts[name]; }
    });
    var bar = document.getElementById("progress-bar");
    bar.dataset.total = counts.total; bar.dataset.done = counts.total - counts.pending;
    updateProgress();
  }

  root.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name !== "outcome") { return; }
    var form = input.closest("form.item-card");
    mark(form, input.value);
    if (input.value !== "fail") { queueResult(form); }
  });
  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("item-card")) { return; }
    event.preventDefault();
    queueResult(form);
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", showSync);

  // Restore what was entered but not yet sent (e.g. the tab closed while offline).
  var pending = load();
  Object.keys(pending).forEach(function (itemId) {
    var form = card(itemId);
    if (!form) { return; }
    var radio = form.querySelector("input[name=outcome][value='" + pending[itemId].outcome + "']");
    if (radio) { radio.checked = true; mark(form, pending[itemId].outcome); }
    form.querySelector("textarea[name=note]").value = pending[itemId].note || "";
    form.querySelector("input[name=place]").value = pending[itemId].place || "";
  });
  root.querySelectorAll("form.item-card").forEach(function (form) { mark(form, form.dataset.outcome); });
  updateProgress();
  flush();

  function updateProgress() {
    var bar = document.getElementById("progress-bar");
    if (!bar) { return; }
    var total = parseInt(bar.dataset.total, 10) || 0;
    var pendingCount = parseInt((document.getElementById("count-pending") || {}).textContent, 10) || 0;
    var done = total - pendingCount;
    bar.style.width = (total ? Math.round(done * 100 / total) : 0) + "%";
  }
})();
