/* Lodestone search. A classic script: no modules, no fetch, no workers, so
   it works over http, under a path prefix and from file://. The index is a
   script (search-index.js, and shards under search/ for large sites) that is
   loaded the first time the search box is used.
   tokens() mirrors generator/search/tokens.go; a browser test checks both agree. */
(function () {
  "use strict";
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  var WORD = /[\p{L}\p{Nd}]/u;
  var MARK = /\p{Mn}/gu;

  function fold(s) {
    var out = "";
    for (var ch of s.normalize("NFC")) {
      if (ch < "\u0080" || CJK.test(ch)) out += ch.toLowerCase();
      else out += ch.normalize("NFD").replace(MARK, "").toLowerCase();
    }
    return out;
  }
  function ends(w, s) { return w.slice(-s.length) === s; }
  function stem(w) {
    var n = Array.from(w).length;
    if (n < 4) return w;
    if (ends(w, "ies") && n > 4) return w.slice(0, -3) + "y";
    if (ends(w, "sses")) return w.slice(0, -2);
    if (ends(w, "ss") || ends(w, "us") || ends(w, "is")) return w;
    if (ends(w, "s")) return w.slice(0, -1);
    return w;
  }
  function tokens(text, unigrams) {
    var out = [], word = "", cjk = [];
    function flushWord() { if (word) { out.push(stem(word)); word = ""; } }
    function flushCJK() {
      if (cjk.length === 1) out.push(cjk[0]);
      else for (var i = 0; i < cjk.length; i++) {
        if (unigrams) out.push(cjk[i]);
        if (i + 1 < cjk.length) out.push(cjk[i] + cjk[i + 1]);
      }
      cjk = [];
    }
    for (var ch of fold(text)) {
      if (CJK.test(ch)) { flushWord(); cjk.push(ch); }
      else if (WORD.test(ch)) { flushCJK(); word += ch; }
      else { flushWord(); flushCJK(); }
    }
    flushWord(); flushCJK();
    return out;
  }

  window.LodestoneSearch = { tokens: tokens };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  function init() {
  // Loading the index and its shards with <script> tags.
  var form = document.querySelector("form.search");
  if (!form) return;
  var indexURL = form.getAttribute("data-index");
  var base = indexURL ? indexURL.slice(0, -"search-index.js".length) : "";
  var explicit = form.getAttribute("data-explicit") === "1";
  var single = form.getAttribute("data-single") === "1";
  var shards = { t: {}, x: {} }, waiting = {};
  window.LODESTONE_SEARCH_SHARD = function (kind, k, data) { shards[kind][k] = data; };
  function load(src) {
    if (waiting[src]) return waiting[src];
    waiting[src] = new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = ok;
      s.onerror = function () { fail(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
    return waiting[src];
  }
  function index() {
    if (window.LODESTONE_SEARCH) return Promise.resolve(window.LODESTONE_SEARCH);
    return load(indexURL).then(function () { return window.LODESTONE_SEARCH; });
  }
  function termShard(ix, k) {
    if (!ix.ts) return Promise.resolve(ix);
    if (shards.t[k]) return Promise.resolve(shards.t[k]);
    return load(base + "search/terms-" + k + ".js").then(function () { return shards.t[k]; });
  }
  function shardOf(ix, t) {
    var lo = 0, hi = ix.ts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ix.ts[mid] <= t) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function textOf(ix, d) {
    if (ix.x) return Promise.resolve(ix.x[d]);
    var k = Math.floor(d / ix.xs);
    var got = shards.x[k] ? Promise.resolve() : load(base + "search/text-" + k + ".js");
    return got.then(function () { return shards.x[k][d - k * ix.xs]; });
  }
  // Postings of term t (and of terms starting with it, when prefix).
  function postings(ix, t, prefix) {
    var k = ix.ts ? shardOf(ix, t) : 0;
    return termShard(ix, k).then(function (sh) {
      var terms = sh.t, posts = sh.p, out = {};
      var lo = 0, hi = terms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < t) lo = mid + 1; else hi = mid; }
      for (var i = lo, n = 0; i < terms.length && n < 200; i++, n++) {
        var exact = terms[i] === t;
        if (!exact && !(prefix && terms[i].lastIndexOf(t, 0) === 0)) break;
        var p = posts[i], doc = 0, f = exact ? 1 : 0.8;
        for (var j = 0; j < p.length; j += 2) {
          doc += p[j];
          out[doc] = Math.max(out[doc] || 0, p[j + 1] * f);
        }
      }
      return out;
    });
  }
  // search returns the documents matching every term of q, best first.
  function search(q) {
    return index().then(function (ix) {
      var terms = tokens(q, false), prefixLast = !/\s$/.test(q);
      if (!terms.length) return { ix: ix, hits: [] };
      return Promise.all(terms.map(function (t, i) {
        return postings(ix, t, prefixLast && i === terms.length - 1 && !CJK.test(t));
      })).then(function (lists) {
        var scores = lists[0];
        for (var i = 1; i < lists.length; i++) {
          var next = {};
          for (var d in scores) if (lists[i][d]) next[d] = scores[d] + lists[i][d];
          scores = next;
        }
        var hits = Object.keys(scores).map(Number);
        hits.sort(function (a, b) { return scores[b] - scores[a] || ix.docs[a][1].localeCompare(ix.docs[b][1]); });
        return { ix: ix, hits: hits };
      });
    });
  }

  // Snippets with the query's words marked.
  function words(q) {
    var out = [];
    fold(q).split(/[^\p{L}\p{Nd}]+/u).forEach(function (w) { if (w) out.push(w); });
    return out;
  }
  function snippet(text, q) {
    var f = "", map = [];
    for (var i = 0; i < text.length; i++) { var c = fold(text[i]); for (var j = 0; j < c.length; j++) { f += c[j]; map.push(i); } }
    map.push(text.length);
    var ranges = [];
    words(q).forEach(function (w) {
      for (var at = f.indexOf(w); at >= 0 && ranges.length < 50; at = f.indexOf(w, at + w.length)) ranges.push([map[at], map[at + w.length]]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var first = ranges.length ? ranges[0][0] : 0;
    var from = Math.max(0, first - 60), to = Math.min(text.length, from + 180);
    var frag = document.createDocumentFragment(), pos = from;
    if (from > 0) frag.appendChild(document.createTextNode("…"));
    ranges.forEach(function (r) {
      if (r[0] < pos || r[1] > to) return;
      frag.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var m = document.createElement("mark"); m.textContent = text.slice(r[0], r[1]); frag.appendChild(m);
      pos = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos, to) + (to < text.length ? "…" : "")));
    return frag;
  }
  function href(url) {
    if (single) return "#p-" + (url ? url.replace(/\/$/, "").replace(/\//g, "--") : "home");
    return base + url + (explicit ? "index.html" : "");
  }
  function render(list, res, q, max) {
    list.textContent = "";
    var hits = res.hits.slice(0, max);
    if (!hits.length) {
      var none = document.createElement("li"); none.className = "none"; none.textContent = q.trim() ? "No briefs match." : "";
      list.appendChild(none);
      return Promise.resolve();
    }
    return Promise.all(hits.map(function (d) { return textOf(res.ix, d); })).then(function (texts) {
      hits.forEach(function (d, i) {
        var doc = res.ix.docs[d], li = document.createElement("li"), a = document.createElement("a");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        a.href = href(doc[0]);
        a.className = "hit";
        var title = document.createElement("span"); title.className = "title"; title.appendChild(snippet(doc[1], q));
        a.appendChild(title);
        if (doc[2]) { var type = document.createElement("span"); type.className = "type"; type.textContent = doc[2]; a.appendChild(type); }
        // A match in another name of the brief: show that name.
        var aka = doc[3] ? snippet(doc[3], q) : null;
        if (aka && aka.querySelector("mark") && !title.querySelector("mark")) {
          var s = document.createElement("span"); s.className = "aka"; s.appendChild(document.createTextNode("also ")); s.appendChild(aka); a.appendChild(s);
        }
        var snip = document.createElement("span"); snip.className = "snippet"; snip.appendChild(snippet(texts[i] || "", q));
        a.appendChild(snip);
        li.appendChild(a);
        list.appendChild(li);
      });
    });
  }

  var input = form.querySelector("input[name=q]");
  var list = document.createElement("ul");
  list.className = "search-results";
  list.id = "search-results";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  var active = -1, seq = 0;
  function setActive(i) {
    var items = list.querySelectorAll("li[role=option]");
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach(function (li, j) { li.classList.toggle("active", j === active); li.setAttribute("aria-selected", j === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
  }
  function update() {
    var q = input.value, my = ++seq;
    if (!q.trim()) { list.hidden = true; input.setAttribute("aria-expanded", "false"); return; }
    search(q).then(function (res) {
      if (my !== seq) return;
      return render(list, res, q, 10).then(function () {
        if (my !== seq) return;
        active = -1;
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      });
    }).catch(function (e) { list.hidden = false; list.textContent = String(e.message || e); });
  }
  input.addEventListener("focus", function () { index(); });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Escape") { list.hidden = true; input.blur(); }
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      var a = list.querySelectorAll("li[role=option] a")[active];
      if (a) a.click();
    }
  });
  // Enter on a chosen result opens it rather than the search page.
  form.addEventListener("submit", function (e) {
    var a = active >= 0 && !list.hidden ? list.querySelectorAll("li[role=option] a")[active] : null;
    if (a) { e.preventDefault(); a.click(); }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !(t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName)))) {
      e.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) list.hidden = true; });

  // The search page: the query comes from ?q= and results fill the page.
  var page = document.querySelector("ol.search-page-results");
  if (page) {
    var pageInput = document.querySelector("form.search-page input[name=q]");
    var show = function () {
      var q = pageInput.value, my = ++seq;
      if (!q.trim()) { page.textContent = ""; return; }
      search(q).then(function (res) {
        if (my !== seq) return;
        return render(page, res, q, 50).then(function () {
          var count = document.querySelector(".search-count");
          if (count) count.textContent = res.hits.length + (res.hits.length === 1 ? " brief" : " briefs");
        });
      });
    };
    var params = new URLSearchParams(location.search);
    pageInput.value = params.get("q") || "";
    pageInput.addEventListener("input", show);
    // Its own page takes the typing at once; in the single-file bundle the
    // search section is one of many, and the reader starts at the front.
    if (!single) pageInput.focus();
    show();
  }
  window.LodestoneSearch = { tokens: tokens, search: search };
  }
})();
