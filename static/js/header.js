// The site header: the theme button and, on phones, the menu drawer.
//
// The theme: without a choice the page follows the system
// (prefers-color-scheme). The button switches to the other theme; a
// choice that differs from the system is kept in localStorage
// ("lodestone-theme") and set on <html data-theme> before the page is
// drawn by the small script at the top of every page's <head>
// (templates/partials/header.html), so no page flashes the other theme.
// Choosing the system's own theme forgets the choice.
//
// The drawer: on phones the site's links sit behind the menu button; it
// opens and closes them, Escape or a click elsewhere closes them and
// gives the focus back to the button. Without JavaScript the links show
// in the header, and the theme follows the system.
//
// A classic script: it works over HTTP, from file:// and inline in the
// head of the single-file bundle.
(function () {
  "use strict";
  var KEY = "lodestone-theme";
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function system() { return media && media.matches ? "dark" : "light"; }
  function current() { return root.getAttribute("data-theme") || system(); }
  function store(theme) {
    try {
      if (theme) localStorage.setItem(KEY, theme);
      else localStorage.removeItem(KEY);
    } catch (e) { /* storage blocked: the choice lasts for this page */ }
  }
  function show() {
    var dark = current() === "dark";
    var buttons = document.querySelectorAll(".theme-button");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", dark ? "true" : "false");
  }
  function setTheme(theme) {
    if (theme === system()) {
      root.removeAttribute("data-theme");
      store("");
    } else {
      root.setAttribute("data-theme", theme);
      store(theme);
    }
    show();
    try { window.dispatchEvent(new CustomEvent("lodestone:theme", { detail: current() })); } catch (e) { }
  }

  function init() {
    show();
    if (media && media.addEventListener) media.addEventListener("change", show);
    // Another tab (or page of the single file's folder) chose a theme.
    window.addEventListener("storage", function (e) {
      if (e.key !== KEY) return;
      if (e.newValue === "light" || e.newValue === "dark") root.setAttribute("data-theme", e.newValue);
      else root.removeAttribute("data-theme");
      show();
    });
    var header = document.querySelector(".site-header");
    var menu = header && header.querySelector(".menu-button");
    function setOpen(open, focusButton) {
      if (!menu) return;
      header.classList.toggle("open", open);
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open && focusButton) menu.focus();
    }
    document.addEventListener("click", function (e) {
      var t = e.target;
      if (!t || !t.closest) return;
      if (t.closest(".theme-button")) {
        setTheme(current() === "dark" ? "light" : "dark");
        return;
      }
      if (menu && t.closest(".menu-button") === menu) {
        setOpen(!header.classList.contains("open"), false);
        return;
      }
      // A click outside the open drawer, or on one of its links, closes it.
      if (header && header.classList.contains("open") && (!header.contains(t) || t.closest(".drawer a"))) setOpen(false, false);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && header && header.classList.contains("open")) {
        setOpen(false, true);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
