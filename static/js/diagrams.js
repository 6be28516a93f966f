// Draws the mermaid diagrams of a page with the vendored mermaid
// (vendor/mermaid/mermaid.min.js). Lodestone writes each ```mermaid block
// as <pre class="mermaid"> with its text HTML-escaped
// (generator/markdown/code.go); mermaid replaces it with an SVG. Only pages
// with a diagram load it. securityLevel "strict" encodes HTML in labels and
// turns off click callbacks and links, and a diagram's own %%{init}%%
// cannot change it; labels are SVG text, not HTML. The colours follow the
// reader's theme (js/header.js's choice, else the system's): when it
// changes, the diagrams are drawn again from their text, kept aside. A
// classic script: it works over HTTP, from file:// and inline in the
// single-file bundle.
(function () {
  "use strict";
  var root = document.documentElement;
  var sources = []; // [element, its mermaid text]
  var drawn = ""; // the theme the diagrams are drawn in
  var system = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  function theme() {
    var chosen = root.getAttribute("data-theme");
    return (chosen ? chosen === "dark" : system && system.matches) ? "dark" : "default";
  }
  function draw() {
    var mermaid = window.mermaid, t = theme();
    if (!mermaid || t === drawn) return;
    drawn = t;
    sources.forEach(function (s) {
      s[0].removeAttribute("data-processed");
      s[0].textContent = s[1];
    });
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      htmlLabels: false,
      flowchart: { htmlLabels: false },
      theme: t
    });
    mermaid.run({ nodes: sources.map(function (s) { return s[0]; }), suppressErrors: true });
  }
  function init() {
    document.querySelectorAll("pre.mermaid").forEach(function (pre) { sources.push([pre, pre.textContent]); });
    if (!sources.length) return;
    draw();
    if ("MutationObserver" in window) new MutationObserver(draw).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
    if (system && system.addEventListener) system.addEventListener("change", draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
