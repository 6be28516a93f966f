/* The side navigation (templates/partials/sidenav.html): remembers which
   sections the reader opened or closed, for the next page, and shows the
   page's own entry inside the panel when the panel scrolls. The sections
   on the page's own path always open. A classic script: works over http
   and from file://. */
(function () {
  "use strict";
  var KEY = "lodestone-nav";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage off: nothing to remember */ }
  }
  function init() {
    var nav = document.querySelector("nav.sidenav");
    if (!nav) return;
    var state = load();
    nav.querySelectorAll("details[data-key]").forEach(function (d) {
      var k = d.getAttribute("data-key");
      if (!d.hasAttribute("data-path") && Object.prototype.hasOwnProperty.call(state, k)) d.open = !!state[k];
      d.addEventListener("toggle", function () {
        var s = load();
        s[k] = d.open ? 1 : 0;
        save(s);
      });
    });
    var cur = nav.querySelector("a[aria-current='page']");
    if (cur && nav.scrollHeight > nav.clientHeight) {
      var top = cur.getBoundingClientRect().top - nav.getBoundingClientRect().top + nav.scrollTop;
      nav.scrollTop = Math.max(0, top - nav.clientHeight / 3);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
