// Draws the mermaid diagrams of a page with the vendored mermaid
// (vendor/mermaid/mermaid.min.js). Lodestone writes each ```mermaid block
// as <pre class="mermaid"> with its text HTML-escaped
// (generator/markdown/code.go); mermaid replaces it with an SVG. Only pages
// with a diagram load it. securityLevel "strict" encodes HTML in labels and
// turns off click callbacks and links, and a diagram's own %%{init}%%
// cannot change it; labels are SVG text, not HTML. Dark mode follows the
// reader's choice or system (as the page loads). A classic script: it works over HTTP, from file:// and
// inline in the single-file bundle.
(function () {
  "use strict";
  function init() {
    var mermaid = window.mermaid;
    if (!mermaid || !document.querySelector("pre.mermaid")) return;
    // The reader's chosen theme (js/header.js), else the system's.
    var chosen = document.documentElement.getAttribute("data-theme");
    var dark = chosen ? chosen === "dark" : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      htmlLabels: false,
      flowchart: { htmlLabels: false },
      theme: dark ? "dark" : "default"
    });
    mermaid.run({ querySelector: "pre.mermaid", suppressErrors: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
