// Typesets the math of a page with the vendored KaTeX (vendor/katex/).
// Lodestone writes each formula's TeX, HTML-escaped and without its
// delimiters, into <span class="math math-inline">, <span class="math
// math-display"> or <div class="math math-display">
// (generator/markdown/math.go); this script replaces each one's text with
// KaTeX's rendering. Only pages with math load it. KaTeX runs with its
// safe defaults: no \href to javascript:, no \htmlClass or \includegraphics
// (trust: false), and a formula it cannot read is shown in red, as TeX.
// A classic script: it works over HTTP, from file:// and inline in the
// single-file bundle.
(function () {
  "use strict";
  function init() {
    if (!window.katex) return;
    var els = document.querySelectorAll(".math");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.querySelector(".katex")) continue;
      try {
        window.katex.render(el.textContent, el, {
          displayMode: el.classList.contains("math-display"),
          throwOnError: false,
          trust: false,
          strict: "ignore",
          output: "htmlAndMathml"
        });
      } catch (e) {
        // Left as TeX.
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
