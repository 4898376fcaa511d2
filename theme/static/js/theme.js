/* Light or dark: follows the system until the reader picks one with the toggle; the pick
   is remembered in localStorage ("assay-theme"). Loaded in <head> so the page is painted
   in the right scheme at once. */
(function () {
  "use strict";
  var KEY = "assay-theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "dark" || value === "light" ? value : null;
    } catch (e) {
      return null;
    }
  }

  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen;
    return system && system.matches ? "dark" : "light";
  }

  function sync() {
    var button = document.getElementById("theme-toggle");
    if (button) button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }

  var pick = stored();
  if (pick) root.setAttribute("data-theme", pick);

  function wire() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    button.hidden = false;
    sync();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (e) {
        /* storage unavailable: the choice lasts for this page only */
      }
      sync();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
  if (system && system.addEventListener) system.addEventListener("change", sync);
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    var value = stored();
    if (value) root.setAttribute("data-theme", value); else root.removeAttribute("data-theme");
    sync();
  });
})();
