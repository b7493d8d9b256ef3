// kuzbass-data website: search and filters over the rows of a page, and permalinks.
// Without this script every row stays visible and the (hidden) search form stays hidden.
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  // Bring the row named by the URL fragment into view, clearing filters that hide it.
  function showTarget(form, apply) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var row = document.getElementById(id);
    if (!row) { return; }
    if (row.hidden && form) {
      form.reset();
      apply();
    }
    row.scrollIntoView({ block: "center" });
  }

  function setUp() {
    var home = document.getElementById("kd_home_search");
    if (home) { home.hidden = false; }

    var form = document.getElementById("kd_search");
    var table = document.getElementById("kd_rows");
    if (!form || !table) {
      showTarget(null, function () {});
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    // What a row is searched by: its text, except the citation (it names the source, common to all rows).
    var texts = rows.map(function (row) {
      var copy = row.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("details.cite"), function (d) { d.remove(); });
      return copy.textContent.toLowerCase();
    });
    var query = document.getElementById("kd_q");
    var status = document.getElementById("kd_status");
    var qualifier = document.getElementById("kd_qualifier");
    var count = document.getElementById("kd_count");

    function apply() {
      var wanted = words(query.value);
      var s = status ? status.value : "";
      var q = qualifier ? qualifier.value : "";
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = wanted.every(function (w) { return texts[i].indexOf(w) !== -1; }) &&
          (!s || row.getAttribute("data-status") === s) &&
          (!q || row.getAttribute("data-qualifier") === q);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = shown === rows.length ? "All " + rows.length + " rows shown." : shown + " of " + rows.length + " rows shown.";
    }

    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { query.value = params.get("q"); }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
    showTarget(form, apply);
    window.addEventListener("hashchange", function () { showTarget(form, apply); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
