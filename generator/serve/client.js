(function () {
  // Lodestone live preview client: reload on a new good build (keeping the
  // scroll position), show build errors in an overlay.
  var key = "lodestone-scroll:" + location.pathname;
  // Restore the position ourselves, the same way in every browser (some
  // restore it on reload, some only partly, after late layout).
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = +saved;
    window.scrollTo(0, y);
    addEventListener("load", function () { window.scrollTo(0, y); });
  }
  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text != null) e.textContent = text;
    return e;
  }
  function overlay(ev) {
    var old = document.getElementById("lodestone-overlay");
    if (old) old.remove();
    if (!ev || ev.ok) return;
    var box = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:24px");
    box.id = "lodestone-overlay";
    box.setAttribute("role", "alert");
    box.appendChild(el("h2", "margin:0 0 12px;font:600 18px system-ui,sans-serif;color:#ff8a80", "Build failed — showing the last good version underneath"));
    ev.errors.forEach(function (e) {
      var item = el("section", "margin:0 0 18px");
      item.className = "lodestone-error";
      item.appendChild(el("div", "color:#ffd180;font-weight:600", e.where));
      item.appendChild(el("div", "white-space:pre-wrap;margin:2px 0 6px", e.msg));
      if (e.excerpt && e.excerpt.length) {
        var pre = el("pre", "margin:0;padding:8px;background:#000;border-radius:4px;overflow:auto");
        e.excerpt.forEach(function (l) {
          var line = el("div", l.n === e.line ? "background:#5c1f1f" : "", String(l.n).padStart(5) + "  " + l.text);
          pre.appendChild(line);
        });
        item.appendChild(pre);
      }
      box.appendChild(item);
    });
    box.appendChild(el("p", "color:#aaa;font-family:system-ui,sans-serif", "Fix the file and save: this page reloads by itself."));
    (document.body || document.documentElement).appendChild(box);
  }
  // Warnings of a good build (notes published with problems, links that
  // go nowhere): a small panel in a corner, closed until opened.
  function warnings(ev) {
    var old = document.getElementById("lodestone-warnings");
    var open = old && old.open;
    if (old) old.remove();
    if (!ev || !ev.ok || !ev.warned) return;
    var box = el("details", "position:fixed;right:12px;bottom:12px;z-index:2147483646;max-width:min(44rem,calc(100vw - 24px));max-height:60vh;overflow:auto;background:#2b2410;color:#fff3d6;border:1px solid #8a6d1f;border-radius:6px;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:6px 10px");
    box.id = "lodestone-warnings";
    box.open = !!open;
    var n = ev.warned;
    box.appendChild(el("summary", "cursor:pointer;font:600 13px system-ui,sans-serif", n + (n === 1 ? " warning" : " warnings") + " — the site is built; --strict makes these errors"));
    ev.warnings.forEach(function (e) {
      var item = el("section", "margin:8px 0");
      item.className = "lodestone-warning";
      item.appendChild(el("div", "color:#ffd180;font-weight:600", e.where));
      item.appendChild(el("div", "white-space:pre-wrap", e.msg));
      box.appendChild(item);
    });
    if (n > ev.warnings.length) box.appendChild(el("p", "margin:6px 0 0", (n - ev.warnings.length) + " more in the terminal"));
    (document.body || document.documentElement).appendChild(box);
  }
  if (window.__lodestoneError) overlay(window.__lodestoneError);
  if (!window.EventSource) return;
  var es = new EventSource("/_lodestone/events");
  es.onmessage = function (m) {
    var ev = JSON.parse(m.data);
    window.__lodestoneLive = ev.gen; // the latest build this page has heard of
    if (ev.ok && ev.good !== window.__lodestoneGen) {
      sessionStorage.setItem(key, String(window.scrollY));
      es.close();
      location.reload();
      return;
    }
    warnings(ev);
    // A page whose template failed keeps its error until the next build.
    if (ev.ok && window.__lodestoneError) return;
    overlay(ev);
  };
})();
