/* A brief's table of contents: open beside the text on wide screens
   (closed above it on phones), the section being read marked; and a link
   to each heading, shown on hover and focus. A classic script: works over
   http and from file://, and in the single-file bundle, where each page is
   a section of one document. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 75rem)");
  function init() {
    document.querySelectorAll(".prose h2[id], .prose h3[id], .prose h4[id]").forEach(function (h) {
      if (h.querySelector("a.anchor")) return;
      var a = document.createElement("a");
      a.className = "anchor";
      a.href = "#" + h.id;
      a.setAttribute("aria-label", "Link to this section: " + h.textContent);
      // The "#" comes from the stylesheet, so the heading's text stays its own.
      h.appendChild(a);
    });
    document.querySelectorAll("details.toc").forEach(function (toc) {
      function fit() { toc.open = wide.matches; }
      fit();
      if (wide.addEventListener) wide.addEventListener("change", fit);
      var links = Array.prototype.slice.call(toc.querySelectorAll("li a[href^='#']")).filter(function (a) { return a.hash.length > 1; });
      var targets = links.map(function (a) { return document.getElementById(decodeURIComponent(a.hash.slice(1))); });
      if (!("IntersectionObserver" in window)) return;
      // The current section is the last heading above the top third of
      // the window.
      function mark() {
        var line = window.innerHeight / 3, current = -1;
        targets.forEach(function (t, i) { if (t && t.getBoundingClientRect().top <= line) current = i; });
        links.forEach(function (a, i) {
          if (i === current) a.setAttribute("aria-current", "location");
          else a.removeAttribute("aria-current");
        });
      }
      var io = new IntersectionObserver(mark, { rootMargin: "0px 0px -66% 0px" });
      targets.forEach(function (t) { if (t) io.observe(t); });
      window.addEventListener("scroll", mark, { passive: true });
      mark();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
