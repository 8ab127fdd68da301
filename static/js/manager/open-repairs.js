/* Open repairs: "End…" shows its repair's ending form in the row under it; a link to #end-ID
   (from the overview) opens that form. */
(function () {
  "use strict";

  function show(row, button, open) {
    row.hidden = !open;
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
    var field = row.querySelector("input[name=comment]");
    if (open && field) field.focus();
    if (window.markScrollable) window.markScrollable();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-end-toggle]");
    if (!button) return;
    var row = document.getElementById(button.getAttribute("aria-controls"));
    if (row) show(row, button, row.hidden);
  });

  function openFromHash() {
    if (!location.hash || location.hash.indexOf("#end-") !== 0) return;
    var id = decodeURIComponent(location.hash.slice(1));
    var row = document.getElementById(id);
    if (row && row.classList.contains("end-row")) {
      show(row, document.querySelector('[data-end-toggle][aria-controls="' + CSS.escape(id) + '"]'), true);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openFromHash);
  else openFromHash();
  window.addEventListener("hashchange", openFromHash);
})();
