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

  // Typo tolerance: a query word of 4 letters or more may be one edit away
  // from a word of the index, of 8 or more two (an edit: a letter added,
  // removed, changed, or two neighbours swapped), when the word itself is
  // not in the index. The candidates begin with the word's first or second
  // letter (typos in the first letter are rare, and this keeps the search
  // to a slice of the sorted word list); words with digits have no typos.
  function budget(t) {
    if (/\d/.test(t) || CJK.test(t)) return 0;
    var n = Array.from(t).length;
    return n >= 8 ? 2 : n >= 4 ? 1 : 0;
  }
  // near returns the words of the sorted list words within t's budget of
  // edits (optimal string alignment distance, counted in UTF-16 units):
  // {word: edits}, at most 20, closest first. It walks the sorted words as
  // a trie: a word reuses the rows of the edit table it shares with the
  // word before (their common prefix), and once every cell of a row is over
  // the budget, the words that begin with that prefix are skipped.
  function near(words, t) {
    var k = budget(t), n = t.length, found = [];
    if (!k) return {};
    var rows = [], row0 = new Int32Array(n + 1);
    for (var j = 0; j <= n; j++) row0[j] = j;
    rows.push(row0);
    var firsts = t[0] === t[1] ? [t[0]] : [t[0], t[1]];
    firsts.forEach(function (c) {
      var lo = 0, hi = words.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (words[mid] < c) lo = mid + 1; else hi = mid; }
      var prev = "", valid = 0, dead = -1;
      for (var x = lo; x < words.length && words[x][0] === c; x++) {
        var w = words[x], l = 0;
        while (l < valid && l < w.length && w[l] === prev[l]) l++;
        if (dead >= 0 && l >= dead) continue;
        dead = -1;
        for (var i = l + 1; i <= w.length; i++) {
          var cur = rows[i] || (rows[i] = new Int32Array(n + 1)), up = rows[i - 1], up2 = rows[i - 2], best;
          cur[0] = best = i;
          for (j = 1; j <= n; j++) {
            var v = Math.min(up[j] + 1, cur[j - 1] + 1, up[j - 1] + (w[i - 1] === t[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && w[i - 1] === t[j - 2] && w[i - 2] === t[j - 1]) v = Math.min(v, up2[j - 2] + 1);
            cur[j] = v;
            if (v < best) best = v;
          }
          if (best > k) { dead = i; break; }
        }
        prev = w;
        valid = dead >= 0 ? dead : w.length;
        if (dead < 0 && w !== t && rows[w.length][n] <= k && !/\d/.test(w) && !CJK.test(w) && Array.from(w).length >= 3) found.push([w, rows[w.length][n]]);
      }
    });
    found.sort(function (a, b) { return a[1] - b[1] || (a[0] < b[0] ? -1 : 1); });
    var out = {};
    found.slice(0, 20).forEach(function (f) { out[f[0]] = f[1]; });
    return out;
  }

  // Slots: one per query term, saying which words of a text it accepts
  // (the term, words it begins when it is the last, still being typed,
  // and the words a typo stood for).
  function slots(q) {
    var terms = tokens(q, false), prefixLast = !/\s$/.test(q);
    return terms.map(function (t, i) {
      return { t: t, prefix: prefixLast && i === terms.length - 1 && !CJK.test(t), alt: {} };
    });
  }
  function accepts(s, w) {
    return w === s.t || s.alt[w] !== undefined || (s.prefix && w.lastIndexOf(s.t, 0) === 0);
  }
  // ranges returns the [start, end) ranges of text that the slots accept:
  // whole words, and the CJK bigrams (or characters) of the query.
  function ranges(text, ss) {
    var out = [], re = /[\p{L}\p{Nd}\p{Mn}]+/gu, m;
    var cjk = ss.filter(function (s) { return CJK.test(s.t); });
    var words = ss.filter(function (s) { return !CJK.test(s.t); });
    while ((m = re.exec(text))) {
      // A run of letters may hold CJK and other letters: split it.
      var run = m[0], at = m.index, parts = run.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/u);
      parts.forEach(function (p) {
        if (p && CJK.test(p)) {
          cjk.forEach(function (s) {
            for (var i = p.indexOf(s.t); i >= 0; i = p.indexOf(s.t, i + 1)) out.push([at + i, at + i + s.t.length]);
          });
        } else if (p) {
          var tk = tokens(p, false);
          if (tk.length === 1 && words.some(function (s) { return accepts(s, tk[0]); })) out.push([at, at + p.length]);
        }
        at += p.length;
      });
    }
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }
  // highlight wraps what the slots accept in the text of root in
  // <mark class="search-hit">, outside scripts, styles, SVG and form
  // fields, and returns the number of marks.
  function highlight(root, ss) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("script, style, svg, textarea, mark, .katex, .mermaid") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], n, count = 0;
    while ((n = walker.nextNode())) nodes.push(n);
    nodes.forEach(function (node) {
      var rs = ranges(node.data, ss);
      for (var i = rs.length - 1; i >= 0; i--) {
        var hit = node.splitText(rs[i][0]);
        hit.splitText(rs[i][1] - rs[i][0]);
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        hit.parentNode.replaceChild(mark, hit);
        mark.appendChild(hit);
        count++;
      }
    });
    return count;
  }
  function unhighlight(root) {
    root.querySelectorAll("mark.search-hit").forEach(function (m) {
      m.replaceWith(document.createTextNode(m.textContent));
    });
    root.normalize();
  }
  // highlightQuery marks q in the page (or section) root opened from a
  // result. A word of the query that the page does not have stands for a
  // misspelt one (within the typo budget) or, last in the query, for the
  // words it begins (of three letters or more).
  function highlightQuery(root, q) {
    var ss = slots(q);
    if (!ss.length) return 0;
    var have = {};
    tokens(root.textContent, false).forEach(function (t) { have[t] = true; });
    var words = Object.keys(have).sort();
    ss.forEach(function (s) {
      if (have[s.t]) { s.prefix = false; return; }
      if (s.prefix && Array.from(s.t).length < 3) s.prefix = false;
      s.alt = near(words, s.t);
    });
    return highlight(root, ss);
  }

  window.LodestoneSearch = { tokens: tokens, highlightQuery: highlightQuery };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  function init() {
  // A brief opened from a result (?q=) marks the query in its text.
  var opened = new URLSearchParams(location.search).get("q");
  if (opened && !document.querySelector("form.search-page")) {
    document.querySelectorAll("main .prose").forEach(function (p) { highlightQuery(p, opened); });
  }
  // Loading the index and its shards with <script> tags.
  var form = document.querySelector("form.search");
  if (!form) return;
  var indexURL = form.getAttribute("data-index");
  var base = indexURL ? indexURL.slice(0, -"search-index.js".length) : "";
  var explicit = form.getAttribute("data-explicit") === "1";
  var single = form.getAttribute("data-single") === "1";
  var shards = { t: {}, x: {}, w: {} }, waiting = {};
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
  function wordList(ix) {
    if (!ix.ts) return Promise.resolve(ix.t);
    if (shards.w[0]) return Promise.resolve(shards.w[0]);
    return load(base + "search/words.js").then(function () { return shards.w[0]; });
  }
  // addPostings adds to out the postings of term i of shard sh, times f.
  function addPostings(sh, i, f, out) {
    var p = sh.p[i], doc = 0;
    for (var j = 0; j < p.length; j += 2) {
      doc += p[j];
      out[doc] = Math.max(out[doc] || 0, p[j + 1] * f);
    }
  }
  // lookup fills slot s with its postings: the documents of its term (and
  // of the terms it begins, when s.prefix) or, when there are none, of the
  // words within its typo budget (s.alt), worth less the more edits.
  function lookup(ix, s) {
    var t = s.t;
    s.post = {};
    return termShard(ix, ix.ts ? shardOf(ix, t) : 0).then(function (sh) {
      var terms = sh.t, lo = 0, hi = terms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < t) lo = mid + 1; else hi = mid; }
      for (var i = lo, n = 0; i < terms.length && n < 200; i++, n++) {
        var exact = terms[i] === t;
        if (!exact && !(s.prefix && terms[i].lastIndexOf(t, 0) === 0)) break;
        addPostings(sh, i, exact ? 1 : 0.8, s.post);
      }
      if (i > lo || !budget(t)) return s;
      return wordList(ix).then(function (words) {
        s.alt = near(words, t);
        var alts = Object.keys(s.alt);
        return Promise.all(alts.map(function (w) {
          return termShard(ix, ix.ts ? shardOf(ix, w) : 0).then(function (sh) {
            var lo = 0, hi = sh.t.length;
            while (lo < hi) { var mid = (lo + hi) >> 1; if (sh.t[mid] < w) lo = mid + 1; else hi = mid; }
            if (sh.t[lo] === w) addPostings(sh, lo, s.alt[w] === 1 ? 0.75 : 0.5, s.post);
          });
        })).then(function () { return s; });
      });
    });
  }
  // names are the tokens of each document's title and aliases, made once.
  var names = {};
  function namesOf(ix, d) {
    if (!names[d]) {
      var doc = ix.docs[d];
      names[d] = [doc[1]].concat(doc[3] ? doc[3].split(" · ") : []).map(function (n) { return tokens(n, false); });
    }
    return names[d];
  }
  // nameBoost: a query that is a brief's title or one of its aliases puts
  // it first (exactBoost); one that a title or alias begins with comes
  // next (startBoost). Each query word matches a name's word as in the
  // text: the same word, the word it begins (last, still typed), or the
  // word a typo stood for.
  var exactBoost = 1000, startBoost = 200;
  function nameBoost(ix, d, ss) {
    var best = 0;
    namesOf(ix, d).forEach(function (nt) {
      if (nt.length < ss.length) return;
      for (var i = 0; i < ss.length; i++) if (!accepts(ss[i], nt[i])) return;
      best = Math.max(best, nt.length === ss.length ? exactBoost : startBoost);
    });
    return best;
  }
  // search returns the documents matching every term of q, best first,
  // with the slots that say which words to mark.
  function search(q) {
    return index().then(function (ix) {
      var ss = slots(q);
      if (!ss.length) return { ix: ix, hits: [], slots: ss };
      return Promise.all(ss.map(function (s) { return lookup(ix, s); })).then(function () {
        var scores = ss[0].post;
        for (var i = 1; i < ss.length; i++) {
          var next = {};
          for (var d in scores) if (ss[i].post[d]) next[d] = scores[d] + ss[i].post[d];
          scores = next;
        }
        var hits = Object.keys(scores).map(Number);
        hits.forEach(function (d) { scores[d] += nameBoost(ix, d, ss); });
        hits.sort(function (a, b) { return scores[b] - scores[a] || ix.docs[a][1].length - ix.docs[b][1].length || ix.docs[a][1].localeCompare(ix.docs[b][1]); });
        return { ix: ix, hits: hits, slots: ss };
      });
    });
  }

  // marked returns text[from:to] as a fragment with rs (sorted ranges)
  // in <mark>.
  function marked(text, rs, from, to) {
    var frag = document.createDocumentFragment(), pos = from;
    rs.forEach(function (r) {
      if (r[0] < pos || r[1] > to) return;
      frag.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var m = document.createElement("mark"); m.textContent = text.slice(r[0], r[1]); frag.appendChild(m);
      pos = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos, to)));
    return frag;
  }
  // snippet is about 180 characters of text around the first match, cut
  // at word boundaries (CJK text, without spaces, between characters).
  var SPLIT = /[\p{L}\p{Nd}\p{Mn}]/u;
  function inWord(text, i) {
    var a = text[i - 1], b = text[i];
    return a !== undefined && b !== undefined && SPLIT.test(a) && SPLIT.test(b) && !CJK.test(a) && !CJK.test(b);
  }
  function snippet(text, ss) {
    var rs = ranges(text, ss);
    var first = rs.length ? rs[0][0] : 0;
    var from = Math.max(0, first - 60), to = Math.min(text.length, from + 180);
    // Forward to the next word's start (never past the match), back to
    // the end of the last whole word.
    while (from > 0 && from < first && inWord(text, from)) from++;
    while (/\s/.test(text[from] || "") && from < first) from++;
    if (to < text.length) {
      var k = to;
      while (k > from + 60 && inWord(text, k)) k--;
      if (!inWord(text, k)) to = k;
    }
    while (to > from && /\s/.test(text[to - 1])) to--;
    var frag = document.createDocumentFragment();
    if (from > 0) frag.appendChild(document.createTextNode("…"));
    frag.appendChild(marked(text, rs, from, to));
    if (to < text.length) frag.appendChild(document.createTextNode("…"));
    return frag;
  }
  // href links to a result, carrying the query (?q=) so the brief opened
  // marks it; in the single file, a result is a section of the same page,
  // marked when its link is followed (see follow).
  function href(url, q) {
    if (single) return "#p-" + (url ? url.replace(/\/$/, "").replace(/\//g, "--") : "home");
    return base + url + (explicit ? "index.html" : "") + "?q=" + encodeURIComponent(q.trim());
  }
  function whole(text, ss) {
    return marked(text, ranges(text, ss), 0, text.length);
  }
  function noMatch(q) {
    return "No briefs match \u201c" + q.trim() + "\u201d. Check the spelling, or try fewer or other words.";
  }
  function render(list, res, q, max) {
    list.textContent = "";
    var hits = res.hits.slice(0, max), ss = res.slots;
    if (!hits.length) {
      // Not a result: on the search page, the count says it instead.
      if (list.tagName === "UL") {
        var none = document.createElement("li"); none.className = "none"; none.textContent = noMatch(q);
        list.appendChild(none);
      }
      return Promise.resolve();
    }
    return Promise.all(hits.map(function (d) { return textOf(res.ix, d); })).then(function (texts) {
      hits.forEach(function (d, i) {
        var doc = res.ix.docs[d], li = document.createElement("li"), a = document.createElement("a");
        // Options of the header's list box; on the search page, plain
        // items of a list of links.
        if (list.getAttribute("role") === "listbox") li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        a.href = href(doc[0], q);
        a.className = "hit";
        var title = document.createElement("span"); title.className = "title"; title.appendChild(whole(doc[1], ss));
        a.appendChild(title);
        if (doc[2]) { var type = document.createElement("span"); type.className = "type"; type.textContent = doc[2]; a.appendChild(type); }
        // A match in another name of the brief: show that name.
        var aka = (doc[3] ? doc[3].split(" · ") : []).filter(function (n) { return ranges(n, ss).length; })[0];
        if (aka && !title.querySelector("mark")) {
          var s = document.createElement("span"); s.className = "aka"; s.appendChild(document.createTextNode("also ")); s.appendChild(whole(aka, ss)); a.appendChild(s);
        }
        var snip = document.createElement("span"); snip.className = "snippet"; snip.appendChild(snippet(texts[i] || "", ss));
        a.appendChild(snip);
        if (single) a.addEventListener("click", function () { follow(a.getAttribute("href").slice(1), q); });
        li.appendChild(a);
        list.appendChild(li);
      });
    });
  }
  // follow marks q in the single file's section id, after unmarking the
  // last one.
  function follow(id, q) {
    document.querySelectorAll(".bundle-page").forEach(function (p) { if (p.querySelector("mark.search-hit")) unhighlight(p); });
    var sec = document.getElementById(id);
    var prose = sec && sec.querySelector(".prose");
    if (prose) highlightQuery(prose, q);
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
      var count = document.querySelector(".search-count");
      if (!q.trim()) { page.textContent = ""; count.textContent = ""; return; }
      search(q).then(function (res) {
        if (my !== seq) return;
        return render(page, res, q, 50).then(function () {
          var n = res.hits.length;
          count.textContent = !n ? noMatch(q) : n === 1 ? "1 brief" : n > 50 ? "The first 50 of " + n + " briefs" : n + " briefs";
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
  window.LodestoneSearch = { tokens: tokens, search: search, highlightQuery: highlightQuery };
  }
})();
