/* Lodestone: sortable tables (query tables, and every table of two rows or
   more in a brief), CSV download, and a header row that stays in view.
   A classic script (no modules, no fetch): it works over http and from file://.
   Tables work without it; this only adds sorting, the download and the
   sticky header. */
(function () {
  "use strict";
  function text(cell) { return (cell.textContent || "").trim(); }
  function key(cell) {
    var s = cell.getAttribute("data-sort");
    return s !== null ? s : text(cell);
  }
  // A figure as written in a cell ("~21,000,000", "US$9.6", "48.9%"), or NaN.
  function number(s) {
    var m = /^[~≈<>±]?\s?(?:US\$|A\$|C\$|\$|€|£|¥)?\s?([+\-−]?\d[\d,\u202F ]*(?:\.\d+)?)\s?(?:%|‰|k|m|bn|t|kt|Mt)?$/.exec(s.trim());
    return m ? parseFloat(m[1].replace(/[,\u202F ]/g, "").replace("−", "-")) : NaN;
  }
  function blank(s) { return /^(|-|–|—|n\/a|na|n\.a\.|\?|…)$/i.test(s.trim()); }
  function compare(a, b) {
    var x = number(a), y = number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var ths = table.tHead.rows[0].cells;
    for (var i = 0; i < ths.length; i++) ths[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir);
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = key(r1.cells[col]), b = key(r2.cells[col]);
      if (blank(a) !== blank(b)) return blank(a) ? 1 : -1; // no figure: last, both ways
      var c = compare(a, b);
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function csvCell(s) { return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
  function csv(table) {
    return Array.prototype.map.call(table.rows, function (r) {
      return Array.prototype.map.call(r.cells, function (c) { return csvCell(text(c)); }).join(",");
    }).join("\r\n") + "\r\n";
  }
  function enhance(table, n) {
    var ths = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(ths, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(table, col, th); });
    });
    var a = document.createElement("a");
    a.className = "csv";
    a.textContent = "Download CSV";
    a.download = (document.title.split(" · ")[0] || "table").replace(/[^\w\u00C0-\uFFFF-]+/g, "-") + "-" + (n + 1) + ".csv";
    a.href = "#";
    a.addEventListener("click", function () {
      a.href = "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + csv(table));
    });
    table.parentNode.insertBefore(a, table.nextSibling);
  }
  /* The sticky header row. A table scrolls sideways inside itself, so it is
     the scroll box that position: sticky would stick its header to, and
     that box never scrolls down: the header would go up with the page. So,
     while a table's header row is above the window and its rows are still
     in it, a copy of the row is fixed at the window's top, over the table's
     columns, scrolled sideways with the table. The copy is hidden from
     assistive technology and the tab order (the real header is where it
     was); a click on its sort buttons sorts by the real ones. Print never
     shows it (site.css). */
  function stickyHead(table) {
    var box = document.createElement("div");
    box.className = "sticky-head";
    box.setAttribute("aria-hidden", "true");
    box.hidden = true;
    var copy = document.createElement("table");
    box.appendChild(copy);
    // At the end of the body, not beside the table: selectors for a
    // brief's tables (".prose th") do not find the copy.
    document.body.appendChild(box);
    function fill() {
      if (copy.tHead) copy.removeChild(copy.tHead);
      var head = table.tHead.cloneNode(true);
      head.removeAttribute("id");
      Array.prototype.forEach.call(head.querySelectorAll("[id]"), function (e) { e.removeAttribute("id"); });
      Array.prototype.forEach.call(head.querySelectorAll("button, a, [tabindex]"), function (e) { e.setAttribute("tabindex", "-1"); });
      copy.appendChild(head);
      measured = false;
    }
    var measured = false;
    function measure() {
      // The copy's cells as wide as the table's.
      var from = table.tHead.rows[0].cells, to = copy.tHead.rows[0].cells;
      copy.style.width = table.scrollWidth + "px";
      for (var i = 0; i < from.length && i < to.length; i++) {
        var w = from[i].getBoundingClientRect().width + "px";
        to[i].style.width = to[i].style.minWidth = to[i].style.maxWidth = w;
      }
      measured = true;
    }
    function place() {
      var r = table.getBoundingClientRect(), head = table.tHead.getBoundingClientRect();
      var top = parseFloat(getComputedStyle(box).top) || 0;
      var show = head.top < top && r.bottom > top + head.height * 2 && r.width > 0;
      if (box.hidden !== !show) box.hidden = !show;
      if (!show) return;
      if (!measured) measure();
      box.style.left = r.left + table.clientLeft + "px";
      box.style.width = table.clientWidth + "px";
      // Pushed up by the table's end, as a sticky row would be.
      box.style.transform = "translateY(" + Math.min(0, r.bottom - top - box.offsetHeight) + "px)";
      copy.style.marginLeft = -table.scrollLeft + "px";
    }
    fill();
    box.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("th") : null;
      if (!b) return;
      var real = table.tHead.rows[0].cells[b.cellIndex];
      var button = real && real.querySelector("button.sort");
      if (button) { button.click(); fill(); queue(); }
    });
    table.addEventListener("scroll", queue, { passive: true });
    placers.push({ place: place, resize: function () { measured = false; } });
    queue();
  }
  // One frame's work for every sticky header, however many tables (the
  // single-file bundle has them all).
  var placers = [], queued = false;
  function queue() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      for (var i = 0; i < placers.length; i++) placers[i].place();
    });
  }
  window.addEventListener("scroll", queue, { passive: true });
  window.addEventListener("resize", function () {
    for (var i = 0; i < placers.length; i++) placers[i].resize();
    queue();
  });
  function init() {
    var tables = document.querySelectorAll("table.sortable, .prose table");
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.tHead && t.tBodies[0] && (t.classList.contains("sortable") || t.tBodies[0].rows.length >= 2)) {
        enhance(t, i);
        stickyHead(t);
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
