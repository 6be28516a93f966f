/* Lodestone: the graph page draws the briefs of a type or a tag (or, with
   no choice, the most linked briefs of the site) and the links between
   them, from window.LodestoneGraph (graph-data.js, written at build time:
   no fetch, so it works from file:// and in the single-file bundle, where
   the data is inline). At most LIMIT briefs are drawn, the most linked
   first, laid out by a force simulation that starts from the same places
   every time, so the same choice gives the same picture. The choice is
   kept in the address (?type=…&tag=…). The wheel or the buttons zoom, a
   drag pans; the briefs drawn are listed under the drawing, for the
   keyboard and screen readers. Without this script the page shows the
   overview by type, folder or tag, and every brief's page its own graph. */
(function () {
  "use strict";
  var LIMIT = 150, LABELS = 30, FIELDS = ["type", "tag"];
  var SVG = "http://www.w3.org/2000/svg";

  function init() {
    var form = document.querySelector("form.graph-filter");
    var data = window.LodestoneGraph;
    if (!form || !data) return;
    var page = form.closest(".graph-page") || document;
    var view = page.querySelector(".graph-view");
    var note = page.querySelector(".graph-nojs");
    var single = !!form.closest(".bundle-page");
    var home = (form.getAttribute("data-home") || "").replace(/index\.html$/, "");
    var explicit = form.getAttribute("data-explicit") === "1";
    var el = form.elements;
    var N = data.nodes.length;
    var adj = [];
    var i;
    for (i = 0; i < N; i++) adj.push([]);
    data.links.forEach(function (ts, a) {
      ts.forEach(function (b) { adj[a].push(b); adj[b].push(a); });
    });
    var rel = {};
    data.rels.forEach(function (r) { rel[r[0] + "," + r[1]] = r[2]; rel[r[1] + "," + r[0]] = r[2]; });

    function href(url) {
      if (single) return "#p-" + (url ? url.replace(/\/$/, "").replace(/\//g, "--") : "home");
      return home + url + (explicit ? "index.html" : "");
    }
    function get(name) { return el[name] ? el[name].value : ""; }
    function set(name, v) {
      var f = el[name];
      if (!f) return;
      f.value = [].some.call(f.options, function (o) { return o.value === v; }) ? v : "";
    }
    function load() {
      var params = new URLSearchParams(location.search);
      FIELDS.forEach(function (n) { set(n, params.get(n) || ""); });
    }
    function save() {
      var params = new URLSearchParams(location.search);
      FIELDS.forEach(function (n) { params.delete(n); });
      FIELDS.forEach(function (n) { if (get(n)) params.append(n, get(n)); });
      var q = params.toString();
      var url = location.pathname + (q ? "?" + q : "") + location.hash;
      if (url === location.pathname + location.search + location.hash) return;
      try { history.replaceState(history.state, "", url); } catch (e) { /* file:// in some browsers */ }
    }

    // The briefs chosen, and of those the LIMIT most linked among
    // themselves (then by place in the data: the same every time).
    function choose() {
      var ty = get("type"), tg = get("tag");
      var ti = data.types.indexOf(ty), gi = data.tags.indexOf(tg);
      var inSel = new Uint8Array(N), sel = [];
      for (var i = 0; i < N; i++) {
        var n = data.nodes[i];
        if (ty && n[2] !== ti) continue;
        if (tg && n[3].indexOf(gi) < 0) continue;
        inSel[i] = 1;
        sel.push(i);
      }
      var deg = new Float64Array(N);
      sel.forEach(function (i) {
        var a = adj[i];
        for (var k = 0; k < a.length; k++) if (inSel[a[k]]) deg[i]++;
      });
      sel.sort(function (a, b) { return deg[b] - deg[a] || a - b; });
      return { all: sel.length, nodes: sel.slice(0, LIMIT), deg: deg, filtered: !!(ty || tg) };
    }

    // A force layout (Fruchterman–Reingold) from a sunflower spiral, the
    // most linked in the middle: deterministic, no random numbers.
    function layout(n, edges) {
      var x = new Float64Array(n), y = new Float64Array(n), fx = new Float64Array(n), fy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var r = Math.sqrt((i + 0.5) / n), a = i * 2.399963229728653;
        x[i] = r * Math.cos(a); y[i] = r * Math.sin(a);
      }
      var k = Math.sqrt(3 / Math.max(n, 1)), t = 0.1;
      for (var it = 0; it < 300; it++) {
        fx.fill(0); fy.fill(0);
        for (i = 0; i < n; i++) {
          for (var j = i + 1; j < n; j++) {
            var dx = x[i] - x[j], dy = y[i] - y[j], d2 = dx * dx + dy * dy + 1e-9, f = k * k / d2;
            fx[i] += dx * f; fy[i] += dy * f; fx[j] -= dx * f; fy[j] -= dy * f;
          }
        }
        for (var e = 0; e < edges.length; e++) {
          var s = edges[e][0], u = edges[e][1];
          var ex = x[s] - x[u], ey = y[s] - y[u], d = Math.sqrt(ex * ex + ey * ey) + 1e-9, g = d / k;
          fx[s] -= ex * g; fy[s] -= ey * g; fx[u] += ex * g; fy[u] += ey * g;
        }
        for (i = 0; i < n; i++) {
          fx[i] -= x[i] * 0.5; fy[i] -= y[i] * 0.5; // keep the unlinked near
          var len = Math.sqrt(fx[i] * fx[i] + fy[i] * fy[i]);
          if (len > 0) { var m = Math.min(len, t) / len; x[i] += fx[i] * m; y[i] += fy[i] * m; }
        }
        t = Math.max(t * 0.985, 0.002);
      }
      return [x, y];
    }

    function make(tag, attrs, parent) {
      var e = document.createElementNS(SVG, tag);
      for (var a in attrs) e.setAttribute(a, attrs[a]);
      if (parent) parent.appendChild(e);
      return e;
    }

    var zoom = null; // the current view box, [x, y, w, h]
    function draw() {
      var c = choose();
      var nodes = c.nodes, n = nodes.length, at = {};
      nodes.forEach(function (v, k) { at[v] = k; });
      var edges = [], seen = {}, links = 0;
      nodes.forEach(function (v, k) {
        data.links[v].forEach(function (w) {
          var j = at[w];
          if (j === undefined || j === k) return;
          links++;
          var key = Math.min(j, k) + "," + Math.max(j, k);
          if (seen[key]) return;
          seen[key] = 1;
          edges.push([k, j]);
        });
      });
      var out = el.count;
      var total = c.all.toLocaleString("en");
      out.value = n === 0 ? "No briefs" :
        (n < c.all ? "The " + n + " most linked of " + total + " briefs" : total + (c.all === 1 ? " brief" : " briefs")) +
        ", " + links.toLocaleString("en") + (links === 1 ? " link" : " links");

      view.textContent = "";
      view.hidden = false;
      if (n === 0) return;
      var W = Math.max(300, Math.min(view.clientWidth || 700, 1100));
      var H = Math.round(Math.max(320, Math.min(W * 0.75, 720)));
      var pos = layout(n, edges);
      var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, k;
      for (k = 0; k < n; k++) {
        minX = Math.min(minX, pos[0][k]); maxX = Math.max(maxX, pos[0][k]);
        minY = Math.min(minY, pos[1][k]); maxY = Math.max(maxY, pos[1][k]);
      }
      var pad = 24, sx = (W - 2 * pad) / Math.max(maxX - minX, 1e-6), sy = (H - 2 * pad) / Math.max(maxY - minY, 1e-6);
      var sc = Math.min(sx, sy);
      var ox = (W - sc * (maxX - minX)) / 2, oy = (H - sc * (maxY - minY)) / 2;
      var px = [], py = [];
      for (k = 0; k < n; k++) {
        px.push(Math.round((ox + (pos[0][k] - minX) * sc) * 10) / 10);
        py.push(Math.round((oy + (pos[1][k] - minY) * sc) * 10) / 10);
      }

      var bar = document.createElement("div");
      bar.className = "graph-zoom";
      [["+", "Zoom in"], ["\u2212", "Zoom out"], ["Reset", "Reset the zoom"]].forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b[0];
        btn.setAttribute("aria-label", b[1]);
        btn.setAttribute("data-zoom", b[0] === "+" ? "in" : b[0] === "Reset" ? "reset" : "out");
        bar.appendChild(btn);
      });
      view.appendChild(bar);

      var svg = make("svg", { "class": "graph-sub", viewBox: "0 0 " + W + " " + H, "font-size": "12", role: "group",
        "aria-label": out.value + ". The briefs drawn are listed below the drawing." });
      var lines = make("g", { "class": "lines" }, svg);
      edges.forEach(function (e) {
        var a = nodes[e[0]], b = nodes[e[1]];
        make("line", { x1: px[e[0]], y1: py[e[0]], x2: px[e[1]], y2: py[e[1]], "data-a": e[0], "data-b": e[1],
          "class": rel[a + "," + b] ? "rel" : "" }, lines);
      });
      var dots = make("g", { "class": "dots" }, svg);
      // Labels for the most linked, where they do not cover one another.
      var radius = nodes.map(function (v) { return 3.5 + Math.min(5, Math.sqrt(c.deg[v])); });
      var boxes = nodes.map(function (v, k) { var r = radius[k]; return [px[k] - r, py[k] - r, px[k] + r, py[k] + r]; });
      function free(b) {
        return b[0] >= 2 && b[2] <= W - 2 && boxes.every(function (o) { return b[2] < o[0] || b[0] > o[2] || b[3] < o[1] || b[1] > o[3]; });
      }
      // A long title is cut after a whole word: what the label shows
      // stays words of the link's name, as a screen reader gives it.
      function shorten(title) {
        if (title.length <= 28) return title;
        var cut = title.slice(0, 29), sp = cut.lastIndexOf(" ");
        if (sp <= 0) return title; // one long word: shown whole
        return cut.slice(0, sp).replace(/[\s,.;:\u2013\u2014-]+$/, "") + "\u2026";
      }
      nodes.forEach(function (v, k) {
        var d = data.nodes[v];
        // Out of the tab order: the list under the drawing is the way
        // through for the keyboard.
        var tip = d[0] + (d[2] >= 0 ? " (" + data.types[d[2]] + ")" : "") + " \u2014 " + c.deg[v] + (c.deg[v] === 1 ? " link" : " links");
        var a = make("a", { href: href(d[1]), tabindex: "-1", "data-n": k, "aria-label": tip }, dots);
        var r = radius[k];
        make("circle", { cx: px[k], cy: py[k], r: Math.round(r * 10) / 10, "class": d[2] >= 0 ? "g" + (d[2] % 6) : "g-none" }, a);
        make("title", {}, a).textContent = tip;
        if (k >= LABELS && n > 40) return;
        var text = shorten(d[0]);
        var w = text.length * 6.6 + 4;
        var right = [px[k] + r + 2, py[k] - 8, px[k] + r + 2 + w, py[k] + 6];
        var left = [px[k] - r - 2 - w, py[k] - 8, px[k] - r - 2, py[k] + 6];
        var b = free(right) ? right : free(left) ? left : null;
        if (!b) return;
        boxes.push(b);
        var t = make("text", b === right ? { x: px[k] + r + 3, y: py[k] + 4 } : { x: px[k] - r - 3, y: py[k] + 4, "text-anchor": "end" }, a);
        t.textContent = text;
      });
      view.appendChild(svg);

      // Hover: a brief's lines stand out, the others fade.
      function light(k) {
        svg.classList.toggle("dim", k !== null);
        [].forEach.call(lines.childNodes, function (l) {
          l.classList.toggle("hl", k !== null && (l.getAttribute("data-a") === k || l.getAttribute("data-b") === k));
        });
      }
      dots.addEventListener("mouseover", function (ev) {
        var a = ev.target.closest("a");
        light(a ? a.getAttribute("data-n") : null);
      });
      dots.addEventListener("mouseleave", function () { light(null); });

      // Zoom and pan through the view box.
      zoom = [0, 0, W, H];
      function apply() { svg.setAttribute("viewBox", zoom.map(function (v) { return Math.round(v * 10) / 10; }).join(" ")); }
      function scale(f, cx, cy) {
        var w = Math.min(Math.max(zoom[2] * f, W / 8), W), h = w * H / W;
        zoom = [cx - (cx - zoom[0]) * w / zoom[2], cy - (cy - zoom[1]) * h / zoom[3], w, h];
        apply();
      }
      svg.addEventListener("wheel", function (ev) {
        ev.preventDefault();
        var b = svg.getBoundingClientRect();
        scale(ev.deltaY > 0 ? 1.2 : 1 / 1.2, zoom[0] + (ev.clientX - b.left) / b.width * zoom[2], zoom[1] + (ev.clientY - b.top) / b.height * zoom[3]);
      }, { passive: false });
      var drag = null;
      svg.addEventListener("pointerdown", function (ev) {
        if (ev.target.closest("a")) return;
        drag = [ev.clientX, ev.clientY, zoom[0], zoom[1]];
        svg.setPointerCapture(ev.pointerId);
      });
      svg.addEventListener("pointermove", function (ev) {
        if (!drag) return;
        var b = svg.getBoundingClientRect();
        zoom[0] = drag[2] - (ev.clientX - drag[0]) / b.width * zoom[2];
        zoom[1] = drag[3] - (ev.clientY - drag[1]) / b.height * zoom[3];
        apply();
      });
      svg.addEventListener("pointerup", function () { drag = null; });
      bar.addEventListener("click", function (ev) {
        var z = ev.target.getAttribute("data-zoom");
        if (z === "reset") { zoom = [0, 0, W, H]; apply(); }
        else if (z) scale(z === "in" ? 1 / 1.5 : 1.5, zoom[0] + zoom[2] / 2, zoom[1] + zoom[3] / 2);
      });

      // The legend: the types drawn, and typed relations if any.
      var types = {};
      nodes.forEach(function (v) { types[data.nodes[v][2]] = 1; });
      var legend = document.createElement("ul");
      legend.className = "graph-legend";
      Object.keys(types).map(Number).sort(function (a, b) { return a - b; }).forEach(function (t) {
        var li = document.createElement("li");
        var s = make("svg", { viewBox: "-8 -8 16 16", width: "14", height: "14", "aria-hidden": "true" }, li);
        make("circle", { r: "5.5", "class": t >= 0 ? "g" + (t % 6) : "g-none" }, s);
        li.appendChild(document.createTextNode(t >= 0 ? data.types[t] : "no type"));
        legend.appendChild(li);
      });
      view.appendChild(legend);

      // The briefs drawn, most linked first.
      var det = document.createElement("details");
      det.className = "graph-list";
      var sum = document.createElement("summary");
      sum.textContent = (n === 1 ? "The brief drawn" : "The " + n + " briefs drawn, most linked first");
      det.appendChild(sum);
      var ol = document.createElement("ol");
      nodes.forEach(function (v) {
        var d = data.nodes[v], li = document.createElement("li"), a = document.createElement("a");
        a.href = href(d[1]);
        a.textContent = d[0];
        li.appendChild(a);
        var s = document.createElement("span");
        s.className = "count";
        s.textContent = " " + c.deg[v] + (c.deg[v] === 1 ? " link" : " links");
        li.appendChild(s);
        ol.appendChild(li);
      });
      det.appendChild(ol);
      view.appendChild(det);
      view.setAttribute("data-drawn", String(n));
    }

    form.hidden = false;
    if (note) note.hidden = true;
    load();
    form.addEventListener("change", function () { save(); draw(); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { save(); draw(); }, 0); });
    draw();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
