/* Shared behaviour for every page. No inline scripts anywhere: the CSP forbids them. */
(function () {
  "use strict";

  // The on-screen keypad types into the field named by data-keypad-for.
  document.addEventListener("click", function (event) {
    var key = event.target.closest("[data-key]");
    if (!key) return;
    var pad = key.closest("[data-keypad-for]");
    var input = pad && document.getElementById(pad.dataset.keypadFor);
    if (!input) return;
    var value = input.value;
    if (key.dataset.key === "clear") value = "";
    else if (key.dataset.key === "back") value = value.slice(0, -1);
    else if (value.length < (input.maxLength > 0 ? input.maxLength : 8)) value += key.dataset.key;
    input.value = value;
    input.focus();
  });

  // A table frame that scrolls must be reachable from the keyboard (arrow keys scroll it):
  // it gets a tab stop and the name of its table, and loses them when all of it fits.
  function markScrollable() {
    document.querySelectorAll(".table-wrap, .table-scroll").forEach(function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1;
      if (scrolls && !frame.hasAttribute("tabindex")) {
        var caption = frame.querySelector("caption");
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        if (caption) frame.setAttribute("aria-label", caption.textContent.trim());
      } else if (!scrolls && frame.getAttribute("tabindex") === "0") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markScrollable);
  else markScrollable();
  window.addEventListener("resize", markScrollable);
  document.addEventListener("htmx:afterSettle", markScrollable);
  document.addEventListener("toggle", markScrollable, true);
  window.markScrollable = markScrollable;

  // A request that never reached the server: say so, keep everything typed, allow a retry.
  function showNetError(show) {
    var banner = document.getElementById("net-error");
    if (banner) banner.hidden = !show;
  }
  document.addEventListener("htmx:sendError", function () { showNetError(true); });
  document.addEventListener("htmx:timeout", function () { showNetError(true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful || (event.detail.xhr && event.detail.xhr.status > 0)) {
      showNetError(false);
    }
  });
  // Error answers (409, 422...) carry a fragment meant for the page: swap them in too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status >= 400 && status < 500 && event.detail.xhr.getResponseHeader("HX-Error-Fragment")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
