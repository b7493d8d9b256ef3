// kuzbass-data website: search and filters over the rows of a page, and permalinks.
// Without this script every row stays visible and the (hidden) search form stays hidden.
(function () {
  "use strict";

  // Names in any spelling: `kuzbass-data site` fills this in from kuzbass_data/aliases.csv
  // (kuzbass_data.aliases.search_script_data), so the site finds what `kuzbass-data search` finds.
  var NAMES = /*kd:names*/{"spellings": {}, "transliteration": {}, "apostrophes": "", "hint": "the data are in English"}/*kd:end*/;
  // Word endings that turn a country into its people: 'Japanese' finds 'Japan' (as kuzbass_data.lookup does).
  var DEMONYM_ENDINGS = ["ese", "ian", "an", "n", "ish", "i", "y"];

  // Text as search compares it: case-folded, apostrophes dropped (Prokop'evsk = Prokopevsk), ё as е, _ as a space.
  function fold(text) {
    var out = text.normalize("NFKC").toLowerCase();
    Array.prototype.forEach.call(NAMES.apostrophes, function (a) { out = out.split(a).join(""); });
    return out.replace(/ё/g, "е").replace(/_/g, " ").replace(/\s+/g, " ").trim();
  }

  function words(text) {
    return fold(text).match(/[\p{L}\p{N}\p{M}]+/gu) || [];
  }

  // The query as groups of alternatives: a known spelling (the longest run of words first) stands for every spelling of its name.
  function groups(text) {
    var tokens = words(text);
    var longest = 1;
    Object.keys(NAMES.spellings).forEach(function (k) { longest = Math.max(longest, k.split(" ").length); });
    var found = [];
    var i = 0;
    while (i < tokens.length) {
      var size = Math.min(longest, tokens.length - i);
      for (; size > 0; size -= 1) {
        var phrase = tokens.slice(i, i + size).join(" ");
        if (Object.prototype.hasOwnProperty.call(NAMES.spellings, phrase)) {
          found.push(NAMES.spellings[phrase]);
          break;
        }
      }
      if (size === 0) { found.push([tokens[i]]); size = 1; }
      i += size;
    }
    return found;
  }

  function related(a, b) {
    return [[a, b], [b, a]].some(function (pair) {
      var short = pair[0], long = pair[1];
      if (short.length < 4 || long.length <= short.length) { return false; }
      var stems = "ay".indexOf(short.slice(-1)) !== -1 ? [short, short.slice(0, -1)] : [short];
      return stems.some(function (stem) {
        return DEMONYM_ENDINGS.some(function (ending) { return long === stem + ending; });
      });
    });
  }

  function matches(text, textWords, query) {
    return query.every(function (alternatives) {
      return alternatives.some(function (a) {
        return text.indexOf(a) !== -1 || (a.indexOf(" ") === -1 && textWords.some(function (w) { return related(a, w); }));
      });
    });
  }

  function similarity(a, b) {
    var previous = [];
    for (var j = 0; j <= b.length; j += 1) { previous.push(j); }
    for (var i = 1; i <= a.length; i += 1) {
      var current = [i];
      for (j = 1; j <= b.length; j += 1) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return 1 - previous[b.length] / Math.max(a.length, b.length, 1);
  }

  // A spelling to try for a query that found nothing: each unknown word as the closest word of the page ('' when none is close).
  function suggestion(text, vocabulary) {
    var changed = false;
    var out = [];
    var ok = words(text).every(function (word) {
      if (vocabulary[word]) { out.push(word); return true; }
      var latin = Array.prototype.map.call(word, function (c) {
        return Object.prototype.hasOwnProperty.call(NAMES.transliteration, c) ? NAMES.transliteration[c] : c;
      }).join("");
      var best = "", score = 0.75;
      Object.keys(vocabulary).forEach(function (w) {
        var s = similarity(latin, w);
        if (s >= score) { best = w; score = s; }
      });
      if (!best) { return false; }
      out.push(best);
      changed = true;
      return true;
    });
    return ok && changed ? out.join(" ") : "";
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
      return fold(copy.textContent);
    });
    var textWords = texts.map(function (text) { return words(text); });
    var vocabulary = {};
    textWords.forEach(function (ws) { ws.forEach(function (w) { vocabulary[w] = true; }); });
    var query = document.getElementById("kd_q");
    var status = document.getElementById("kd_status");
    var qualifier = document.getElementById("kd_qualifier");
    var count = document.getElementById("kd_count");

    function apply() {
      var wanted = groups(query.value);
      var s = status ? status.value : "";
      var q = qualifier ? qualifier.value : "";
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = matches(texts[i], textWords[i], wanted) &&
          (!s || row.getAttribute("data-status") === s) &&
          (!q || row.getAttribute("data-qualifier") === q);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (shown === 0 && wanted.length) {
        // Nothing found: say what language the data are in, and offer a close spelling when there is one.
        var close = suggestion(query.value, vocabulary);
        count.textContent = "No row matches \u201c" + query.value + "\u201d: " + NAMES.hint + (close ? "; try \u201c" + close + "\u201d." : "; try an English word or the source's spelling.");
      } else {
        count.textContent = shown === rows.length ? "All " + rows.length + " rows shown." : shown + " of " + rows.length + " rows shown.";
      }
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
