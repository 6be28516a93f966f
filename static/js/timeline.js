/* Lodestone: filter the timeline page by text, date range, type, tag and
   jurisdiction; choose a range of years on the overview strip; show or
   fold the notes. The filters are kept in the page address (?text=…&from=…),
   so a filtered timeline can be shared and survives a reload; the
   fragment (#y2010, or the single-file bundle's #p-timeline) is left alone.
   A classic script (no modules, no fetch): it works over http and from
   file://, and in the single-file bundle. Without it, the page shows every
   event, each note one click away. */
(function () {
  "use strict";
  var FIELDS = ["text", "from", "to", "type", "tag", "jurisdiction", "notes"];

  // Each timeline of the page: the single-file bundle holds every part
  // of a timeline in parts, each with its form.
  function init() {
    document.querySelectorAll("form.timeline-filter").forEach(timeline);
  }

  function timeline(form) {
    var page = form.closest(".tl-page") || document;
    var items = Array.prototype.slice.call(page.querySelectorAll(".timeline .events li"));
    var sections = Array.prototype.slice.call(page.querySelectorAll(".timeline section.year"));
    var yearLinks = Array.prototype.slice.call(page.querySelectorAll("nav.years li[data-year]"));
    var strip = page.querySelector(".tl-bars");
    var bars = strip ? Array.prototype.slice.call(strip.children) : [];
    var fold = function (s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
    var rows = items.map(function (li) {
      var t = li.querySelector("time");
      return {
        li: li,
        text: fold(li.textContent + " " + (t ? t.getAttribute("title") : "")),
        types: (li.getAttribute("data-type") || "").split(" "),
        tags: (li.getAttribute("data-tags") || "").split("|"),
        places: (li.getAttribute("data-place") || "").split("|"),
        from: li.getAttribute("data-from") || "",
        to: li.getAttribute("data-to") || "",
        year: +li.closest("section.year").getAttribute("data-year")
      };
    });
    var el = form.elements;
    form.hidden = false;

    // Dates compare as text at the coarser of the two precisions: 2025
    // reaches 2025-07, and 2025-07-10 lies in 2025.
    function cmp(a, b) {
      var n = Math.min(a.length, b.length);
      a = a.slice(0, n); b = b.slice(0, n);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    var dateRe = /^\d{4}(-\d{2}(-\d{2})?)?$/;
    function bound(name) {
      var v = el[name].value.trim();
      return dateRe.test(v) ? v : "";
    }
    function get(name) {
      var f = el[name];
      if (!f) return "";
      return f.type === "checkbox" ? (f.checked ? "1" : "") : f.value.trim();
    }
    function set(name, v) {
      var f = el[name];
      if (!f) return;
      if (f.type === "checkbox") f.checked = v === "1";
      else if (f.tagName === "SELECT") f.value = [].some.call(f.options, function (o) { return o.value === v; }) ? v : "";
      else f.value = v;
    }

    // The state in the address: ?text=…&type=… before the fragment.
    function load() {
      var params = new URLSearchParams(location.search);
      FIELDS.forEach(function (n) { set(n, params.get(n) || ""); });
    }
    function save() {
      var params = new URLSearchParams(location.search);
      FIELDS.forEach(function (n) {
        var v = get(n);
        if (v) params.set(n, v); else params.delete(n);
      });
      var q = params.toString();
      var url = location.pathname + (q ? "?" + q : "") + location.hash;
      if (url === location.pathname + location.search + location.hash) return;
      try { history.replaceState(history.state, "", url); } catch (e) { /* a browser that refuses it for file:// */ }
    }

    var counts = {}, notesShown = false;
    function apply() {
      var words = fold(get("text")).split(/\s+/).filter(Boolean);
      var from = bound("from"), to = bound("to");
      var type = get("type"), tag = get("tag"), place = get("jurisdiction");
      var shown = 0;
      counts = {};
      rows.forEach(function (r) {
        var ok = words.every(function (w) { return r.text.indexOf(w) >= 0; }) &&
          (!from || cmp(r.to, from) >= 0) && (!to || cmp(r.from, to) <= 0) &&
          (!type || r.types.indexOf(type) >= 0) && (!tag || r.tags.indexOf(tag) >= 0) &&
          (!place || r.places.indexOf(place) >= 0);
        r.li.hidden = !ok;
        if (ok) { shown++; counts[r.year] = (counts[r.year] || 0) + 1; }
      });
      sections.forEach(function (s) { s.hidden = !counts[s.getAttribute("data-year")]; });
      yearLinks.forEach(function (li) { li.hidden = !counts[li.getAttribute("data-year")]; });
      // Show notes opens or folds them all; between its changes each
      // note stays as the reader left it.
      var notes = get("notes") === "1";
      if (notes !== notesShown) {
        notesShown = notes;
        page.querySelectorAll(".timeline details").forEach(function (d) { d.open = notes; });
      }
      el.count.value = shown === rows.length ? rows.length + " events" : shown + " of " + rows.length + " events";
      drawStrip(from, to);
      save();
    }

    // The overview strip: bar heights follow the events that pass the
    // filters other than the date range, the range is marked, and a drag
    // (or a click) across it sets the range.
    var most = 0;
    bars.forEach(function (b) {
      var n = rows.filter(function (r) { return r.year === +b.getAttribute("data-year"); }).length;
      most = Math.max(most, n);
    });
    function drawStrip(from, to) {
      if (!strip) return;
      var dateless = {};
      var words = fold(get("text")).split(/\s+/).filter(Boolean);
      var type = get("type"), tag = get("tag"), place = get("jurisdiction");
      rows.forEach(function (r) {
        if (words.every(function (w) { return r.text.indexOf(w) >= 0; }) && (!type || r.types.indexOf(type) >= 0) &&
          (!tag || r.tags.indexOf(tag) >= 0) && (!place || r.places.indexOf(place) >= 0)) {
          dateless[r.year] = (dateless[r.year] || 0) + 1;
        }
      });
      var lo = from ? +from.slice(0, 4) : -Infinity, hi = to ? +to.slice(0, 4) : Infinity;
      strip.classList.toggle("ranged", !!(from || to));
      bars.forEach(function (b) {
        var y = +b.getAttribute("data-year"), n = dateless[y] || 0, bar = b.firstElementChild;
        b.classList.toggle("in-range", !!(from || to) && y >= lo && y <= hi);
        if (bar) {
          bar.style.height = n ? Math.max(4, Math.ceil(n * 100 / most)) + "%" : "0";
          b.title = y + ": " + n + (n === 1 ? " event" : " events");
        }
      });
    }
    if (strip) {
      var start = null;
      var yearAt = function (x) {
        var r = strip.getBoundingClientRect();
        var i = Math.floor((x - r.left) / r.width * bars.length);
        return +bars[Math.max(0, Math.min(bars.length - 1, i))].getAttribute("data-year");
      };
      var choose = function (a, b) {
        set("from", String(Math.min(a, b)));
        set("to", String(Math.max(a, b)));
        apply();
      };
      strip.addEventListener("pointerdown", function (e) {
        if (e.button !== 0) return;
        e.preventDefault();
        start = yearAt(e.clientX);
        try { strip.setPointerCapture(e.pointerId); } catch (err) { /* synthetic events */ }
        choose(start, start);
      });
      strip.addEventListener("pointermove", function (e) {
        if (start !== null) choose(start, yearAt(e.clientX));
      });
      var end = function () { start = null; };
      strip.addEventListener("pointerup", end);
      strip.addEventListener("pointercancel", end);
      // The bars are links to their years without the script; with it, a
      // click chooses the year.
      strip.addEventListener("click", function (e) { e.preventDefault(); });
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    // Printing shows every note.
    window.addEventListener("beforeprint", function () {
      page.querySelectorAll(".timeline details").forEach(function (d) { d.open = true; });
    });
    load();
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
