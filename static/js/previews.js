/* Lodestone link previews: hovering a link to another brief (after a short
   delay), focusing it from the keyboard, or pressing it for half a second
   on a touch screen shows a small card with the brief's title, type,
   summary, key figures and first paragraph. Escape, moving the pointer
   away, leaving the link or tapping elsewhere closes it; a tap still
   follows the link.

   A classic script with no fetch: the data (written at build time, see
   generator/preview) is a script too, preview-index.js beside the site's
   root (named by this script's data-index), loaded the first time a link
   is pointed at, with shards under preview/ on a large site; the
   single-file bundle carries it inline and its links are #p-… anchors. So
   it works over http, under a path prefix, from file:// and in the single
   file. Everything shown is put in the page as text (textContent), never
   as markup. */
(function () {
  "use strict";
  var me = document.currentScript;
  var indexAttr = me && me.getAttribute("data-index");
  var single = !indexAttr; // inline in the single file
  var index = indexAttr ? new URL(indexAttr, location.href) : null;
  var base = index ? index.href.slice(0, index.href.lastIndexOf("/") + 1) : "";
  var rootPath = index ? index.pathname.slice(0, index.pathname.lastIndexOf("/") + 1) : "";
  var SHOW_DELAY = 300, HIDE_DELAY = 200, FOCUS_DELAY = 150, PRESS = 500, MARGIN = 8;

  // pageOf is the site URL of a path below the site's root ("" for the
  // home page, "mines/mountain-pass/"), or null.
  function pageOf(path) {
    if (path.lastIndexOf(rootPath, 0) !== 0) return null;
    var rel = path.slice(rootPath.length).replace(/(^|\/)index\.html$/, "$1");
    try { return decodeURIComponent(rel); } catch (e) { return null; }
  }
  var here = single ? null : pageOf(location.pathname);

  // keyOf is the key of the page a link leads to in the data, or null for
  // links that show no preview: outside the page's main content, in its
  // navigation (breadcrumbs, table of contents), external, or to the page
  // itself.
  function keyOf(a) {
    if (!a.hasAttribute("href") || !a.closest("main") || a.closest("nav")) return null;
    var href = a.getAttribute("href");
    if (single) {
      var m = /^#(p-[^_]+)(?:__|$)/.exec(href); // a page's anchor, or one of its ids
      if (!m) return null;
      var section = a.closest("section.bundle-page");
      return section && section.id === m[1] ? null : m[1];
    }
    var u;
    try { u = new URL(href, location.href); } catch (e) { return null; }
    if (u.protocol !== index.protocol || u.host !== index.host) return null;
    var k = pageOf(u.pathname);
    return k === null || k === here ? null : k;
  }

  // The data: loaded with <script> tags, once.
  var waiting = {}, shards = {};
  window.LODESTONE_PREVIEW_SHARD = function (k, data) { shards[k] = data; };
  function load(src) {
    if (!waiting[src]) {
      waiting[src] = new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = ok;
        s.onerror = function () { fail(new Error("could not load " + src)); };
        document.head.appendChild(s);
      });
    }
    return waiting[src];
  }
  function data() {
    if (window.LODESTONE_PREVIEWS || single) return Promise.resolve(window.LODESTONE_PREVIEWS);
    return load(index.href).then(function () { return window.LODESTONE_PREVIEWS; });
  }
  // shardOf mirrors generator/preview.Shard: FNV-1a over code points.
  function shardOf(key, n) {
    var h = 2166136261;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h % n;
  }
  function own(map, key) { return map && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : null; }
  // entry resolves to the preview of key: [title, type, summary, text,
  // [label, value, …]], or null.
  function entry(key) {
    return data().then(function (d) {
      if (!d) return null;
      if (d.p) return own(d.p, key);
      var k = shardOf(key, d.n);
      return (shards[k] ? Promise.resolve() : load(base + "preview/" + k + ".js")).then(function () { return own(shards[k], key); });
    });
  }

  // The card: one for the page, made when first shown.
  var box = null, current = null, described = null, token = 0;
  var showTimer = 0, hideTimer = 0, pending = null, point = null;
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text) x.textContent = text;
    return x;
  }
  function card() {
    if (!box) {
      box = el("div", "link-preview");
      box.id = "link-preview";
      box.setAttribute("role", "tooltip");
      box.hidden = true;
      box.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      box.addEventListener("pointerleave", function (ev) { if (ev.pointerType !== "touch") hideSoon(); });
      document.body.appendChild(box);
    }
    return box;
  }
  function fill(e) {
    var b = card();
    b.textContent = "";
    var head = el("p", "lp-head");
    head.appendChild(el("strong", "lp-title", e[0]));
    if (e[1]) head.appendChild(el("span", "lp-type", e[1]));
    b.appendChild(head);
    if (e[2]) b.appendChild(el("p", "lp-summary", e[2]));
    var f = e[4] || [];
    if (f.length > 1) {
      var dl = el("dl", "lp-facts");
      for (var i = 0; i + 1 < f.length; i += 2) {
        dl.appendChild(el("dt", "", f[i]));
        dl.appendChild(el("dd", "", f[i + 1]));
      }
      b.appendChild(dl);
    }
    if (e[3]) b.appendChild(el("p", "lp-text", e[3]));
  }
  // place puts the card under the link (above it when there is more room
  // there and it does not fit below), inside the window.
  function place(a) {
    var b = card(), vw = document.documentElement.clientWidth, vh = window.innerHeight;
    b.style.maxWidth = Math.max(0, vw - 2 * MARGIN) + "px";
    b.style.left = "0px";
    b.style.top = "0px";
    b.hidden = false;
    var rects = a.getClientRects(), r = rects[0] || a.getBoundingClientRect();
    for (var i = 0; point && i < rects.length; i++) {
      if (point.y >= rects[i].top && point.y <= rects[i].bottom) { r = rects[i]; break; }
    }
    var w = b.offsetWidth, h = b.offsetHeight;
    var left = Math.max(MARGIN, Math.min(r.left, vw - w - MARGIN));
    var below = vh - r.bottom - 6 - MARGIN, above = r.top - 6 - MARGIN;
    var top = h <= below || below >= above ? r.bottom + 6 : r.top - 6 - h;
    top = Math.max(MARGIN, Math.min(top, vh - h - MARGIN)); // too tall for either side: inside the window all the same
    b.style.left = left + window.scrollX + "px";
    b.style.top = top + window.scrollY + "px";
  }
  function show(a) {
    var key = keyOf(a);
    if (key === null) return;
    var mine = ++token;
    entry(key).then(function (e) {
      if (mine !== token || !e || !a.isConnected) return;
      unmark();
      fill(e);
      place(a);
      current = a;
      described = a.getAttribute("aria-describedby");
      a.setAttribute("aria-describedby", (described ? described + " " : "") + "link-preview");
    }, function () {}); // no data file: no preview
  }
  function unmark() {
    if (!current) return;
    if (described) current.setAttribute("aria-describedby", described);
    else current.removeAttribute("aria-describedby");
    current = described = null;
  }
  function hide() {
    token++;
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (box) box.hidden = true;
    unmark();
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }
  function linkOf(ev) {
    return ev.target && ev.target.closest ? ev.target.closest("a[href]") : null;
  }
  function soon(a, delay) {
    clearTimeout(showTimer);
    pending = a;
    data().catch(function () {}); // start loading now: it is there when the delay is over
    showTimer = setTimeout(function () { show(a); }, delay);
  }

  // Mouse and pen: hover.
  document.addEventListener("pointerover", function (ev) {
    if (ev.pointerType === "touch") return;
    var a = linkOf(ev);
    if (!a) return;
    point = { y: ev.clientY };
    if (a === current) { clearTimeout(hideTimer); return; }
    if (keyOf(a) !== null) soon(a, SHOW_DELAY);
  });
  document.addEventListener("pointerout", function (ev) {
    if (ev.pointerType === "touch") return;
    var a = linkOf(ev), to = ev.relatedTarget;
    if (!a || to && (a.contains(to) || box && box.contains(to))) return;
    clearTimeout(showTimer);
    if (a === current) hideSoon();
  });

  // Keyboard: focus (not the focus a click or tap gives).
  document.addEventListener("focusin", function (ev) {
    var a = linkOf(ev);
    if (!a || a === current) return;
    if (current) hide();
    if (!a.matches(":focus-visible") || keyOf(a) === null) return;
    point = null; // under the link's first line
    soon(a, FOCUS_DELAY);
  });
  document.addEventListener("focusout", function (ev) {
    if (ev.target === current) hide();
    else if (ev.target === pending) clearTimeout(showTimer);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hide();
  });

  // Touch: a long press shows the card and does not follow the link. The
  // browser's own long press (a context menu) shows it at once; iOS's
  // callout is turned off for the links that have a card.
  var press = null, swallow = null;
  function endPress() {
    if (press) clearTimeout(press.timer);
    press = null;
  }
  function pressed(a, y) {
    endPress();
    swallow = a;
    point = { y: y };
    show(a);
  }
  document.addEventListener("pointerdown", function (ev) {
    swallow = null;
    var a = linkOf(ev);
    if (current && a !== current && !(box && box.contains(ev.target))) hide();
    if (ev.pointerType !== "touch" || !a || keyOf(a) === null) return;
    endPress();
    data().catch(function () {});
    a.style.setProperty("-webkit-touch-callout", "none");
    press = { a: a, x: ev.clientX, y: ev.clientY, timer: setTimeout(function () { pressed(a, ev.clientY); }, PRESS) };
  });
  document.addEventListener("pointermove", function (ev) {
    if (press && Math.abs(ev.clientX - press.x) + Math.abs(ev.clientY - press.y) > 10) endPress();
  });
  document.addEventListener("pointerup", endPress);
  document.addEventListener("pointercancel", endPress);
  document.addEventListener("click", function (ev) {
    if (swallow && linkOf(ev) === swallow) ev.preventDefault();
    swallow = null;
  }, true);
  document.addEventListener("contextmenu", function (ev) {
    var a = linkOf(ev);
    if (press && a === press.a) pressed(a, press.y);
    if (swallow && a === swallow) ev.preventDefault();
  });

  window.LodestonePreviews = { shard: shardOf }; // for tests
  window.addEventListener("resize", hide);
  window.addEventListener("pagehide", hide);
})();
