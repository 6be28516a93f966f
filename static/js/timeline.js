/* Lodestone: filter the timeline page by type and tag.
   A classic script (no modules, no fetch): it works over http and from file://.
   Without it, the page shows every event. */
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form.timeline-filter");
    if (!form) return;
    form.hidden = false;
    var items = document.querySelectorAll(".timeline .events li");
    function apply() {
      var type = form.elements.type.value, tag = form.elements.tag.value, shown = 0;
      Array.prototype.forEach.call(items, function (li) {
        var tags = (li.getAttribute("data-tags") || "").split("|");
        var ok = (!type || li.getAttribute("data-type") === type) && (!tag || tags.indexOf(tag) >= 0);
        li.hidden = !ok;
        if (ok) shown++;
      });
      Array.prototype.forEach.call(document.querySelectorAll(".timeline section.year"), function (sec) {
        sec.hidden = !sec.querySelector(".events li:not([hidden])");
      });
      form.elements.count.value = shown + " of " + items.length + " events";
    }
    form.addEventListener("change", apply);
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
