/* Lodestone: sortable tables (query tables, and every table of two rows or
   more in a brief) and CSV download.
   A classic script (no modules, no fetch): it works over http and from file://.
   Tables work without it; this only adds sorting and the download. */
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
  function init() {
    var tables = document.querySelectorAll("table.sortable, .prose table");
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.tHead && t.tBodies[0] && (t.classList.contains("sortable") || t.tBodies[0].rows.length >= 2)) enhance(t, i);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
