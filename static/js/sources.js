/* The sources page: a filter over publisher, title, id and the briefs that
   use each source. A classic script: works over http and from file://. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("form.source-filter").forEach(function (form) {
      var page = form.parentNode, input = form.querySelector("input"), count = form.querySelector(".source-count");
      var items = Array.prototype.slice.call(page.querySelectorAll(".source-list > li"));
      var groups = Array.prototype.slice.call(page.querySelectorAll(".source-group"));
      var texts = items.map(function (li) {
        var g = li.closest(".source-group"), h = g && g.querySelector("h2");
        return ((h ? h.textContent + " " : "") + li.textContent).toLowerCase();
      });
      function apply() {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
        items.forEach(function (li, i) {
          var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
          li.hidden = !ok;
          if (ok) shown++;
        });
        groups.forEach(function (g) { g.hidden = !g.querySelector(".source-list > li:not([hidden])"); });
        count.textContent = words.length ? shown + (shown === 1 ? " source" : " sources") : "";
      }
      input.addEventListener("input", apply);
      apply();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
