/* Lodestone citations: hovering a citation (after a short delay) or
   focusing it from the keyboard shows the full reference in a small card;
   Escape, moving the pointer away or leaving the citation closes it.

   A classic script with no fetch and no data of its own: a citation links
   to its entry in the page's reference list (#ref-1, or in the single-file
   bundle #p-…__ref-1), and the card shows that entry's text. So it works
   over http, from file:// and in the single file. The reference is read as
   text (textContent) and shown as text, never as markup. */
(function () {
  "use strict";
  var SHOW_DELAY = 250, HIDE_DELAY = 200, FOCUS_DELAY = 100, MARGIN = 8;
  var box = null, current = null, described = null, showTimer = 0, hideTimer = 0;

  // citeOf is the citation link an event happened in, or null.
  function citeOf(t) {
    var a = t && t.closest ? t.closest('a[role="doc-biblioref"]') : null;
    return a && (a.getAttribute("href") || "").charAt(0) === "#" ? a : null;
  }
  // textOf is the text of the reference a citation links to, or "".
  function textOf(a) {
    var id;
    try { id = decodeURIComponent(a.getAttribute("href").slice(1)); } catch (e) { return ""; }
    var li = document.getElementById(id);
    var t = li && (li.querySelector(".ref-text") || li);
    return t ? t.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function card() {
    if (!box) {
      box = document.createElement("div");
      box.className = "cite-card";
      box.id = "cite-card";
      box.setAttribute("role", "tooltip");
      box.hidden = true;
      box.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      box.addEventListener("pointerleave", function (ev) { if (ev.pointerType !== "touch") hideSoon(); });
      document.body.appendChild(box);
    }
    return box;
  }
  // place puts the card under the citation (above it when there is more
  // room there), inside the window.
  function place(b, a) {
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    b.style.maxWidth = Math.max(0, vw - 2 * MARGIN) + "px";
    b.style.left = "0px";
    b.style.top = "0px";
    b.hidden = false;
    var r = a.getClientRects()[0] || a.getBoundingClientRect();
    var w = b.offsetWidth, h = b.offsetHeight;
    var left = Math.max(MARGIN, Math.min(r.left, vw - w - MARGIN));
    var below = vh - r.bottom - 6 - MARGIN, above = r.top - 6 - MARGIN;
    var top = h <= below || below >= above ? r.bottom + 6 : r.top - 6 - h;
    top = Math.max(MARGIN, Math.min(top, vh - h - MARGIN));
    b.style.left = left + window.scrollX + "px";
    b.style.top = top + window.scrollY + "px";
  }
  function show(a) {
    var text = textOf(a);
    if (!text || !a.isConnected) return;
    unmark();
    var b = card();
    b.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    b.appendChild(p);
    place(b, a);
    current = a;
    described = a.getAttribute("aria-describedby");
    a.setAttribute("aria-describedby", (described ? described + " " : "") + "cite-card");
  }
  function unmark() {
    if (!current) return;
    if (described) current.setAttribute("aria-describedby", described);
    else current.removeAttribute("aria-describedby");
    current = described = null;
  }
  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (box) box.hidden = true;
    unmark();
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }
  function soon(a, delay) {
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(a); }, delay);
  }

  document.addEventListener("pointerover", function (ev) {
    if (ev.pointerType === "touch") return;
    var a = citeOf(ev.target);
    if (!a) return;
    if (a === current) { clearTimeout(hideTimer); return; }
    soon(a, SHOW_DELAY);
  });
  document.addEventListener("pointerout", function (ev) {
    if (ev.pointerType === "touch") return;
    var a = citeOf(ev.target), to = ev.relatedTarget;
    if (!a || to && (a.contains(to) || box && box.contains(to))) return;
    clearTimeout(showTimer);
    if (a === current) hideSoon();
  });
  document.addEventListener("focusin", function (ev) {
    var a = citeOf(ev.target);
    if (!a || a === current) return;
    if (current) hide();
    if (!a.matches(":focus-visible")) return; // not the focus a click gives
    soon(a, FOCUS_DELAY);
  });
  document.addEventListener("focusout", function (ev) {
    if (citeOf(ev.target)) hide();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hide();
  });
  document.addEventListener("pointerdown", function (ev) {
    if (current && !(box && box.contains(ev.target)) && citeOf(ev.target) !== current) hide();
  });
  window.addEventListener("resize", hide);
  window.addEventListener("pagehide", hide);
})();
