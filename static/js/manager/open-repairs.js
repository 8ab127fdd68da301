/* Open repairs: a link to #end-ID (from the overview) opens that repair's ending form. */
(function () {
  "use strict";

  function openFromHash() {
    if (!location.hash || location.hash.indexOf("#end-") !== 0) return;
    var details = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (details && details.tagName === "DETAILS") {
      details.open = true;
      var field = details.querySelector("input[name=comment]");
      if (field) field.focus();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openFromHash);
  else openFromHash();
  window.addEventListener("hashchange", openFromHash);
})();
