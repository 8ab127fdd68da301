/* Administration pages: confirmations, no double submits, copying a new token, printing labels.
   Loaded as a file (the CSP forbids inline scripts); every page works without it too. */
(function () {
  "use strict";

  // A destructive button asks first; a form is sent once even if tapped twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("hx-post")) return; // htmx sends it and disables the button itself
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    if (button) button.setAttribute("aria-disabled", "true");
  });

  // A page restored from the back/forward cache must be usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll("[aria-disabled]").forEach(function (b) { b.removeAttribute("aria-disabled"); });
    });
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-select-on-focus]")) event.target.select();
  });

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy-from]");
    if (copy) {
      var input = document.getElementById(copy.dataset.copyFrom);
      input.select();
      var done = function () { copy.textContent = copy.dataset.copiedText; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {});
      } else if (document.execCommand("copy")) {
        done();
      }
      return;
    }
    if (event.target.closest("[data-print]")) window.print();
  });
})();
