// The public report form (seri/intake/public_views.py). Everything works without this file;
// with it, leaving is quicker and leaves fewer traces in the browser's history.
(function () {
  "use strict";

  function quickExit(url) {
    // Hide the page at once, empty the form, then replace this history entry with the
    // neutral site, so that Back does not come here. Earlier entries of this site cannot be
    // removed by a page; the language links below replace rather than add entries.
    document.documentElement.classList.add("exiting");
    document.querySelectorAll("form").forEach(function (form) { form.reset(); });
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var exit = event.target.closest("[data-quick-exit]");
    if (exit) {
      event.preventDefault();
      quickExit(exit.getAttribute("data-exit-url") || exit.href);
      return;
    }
    var link = event.target.closest("a[data-replace]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      window.location.replace(link.href);
    }
  });

  // Shift pressed three times within a second and a half also leaves (as on GOV.UK).
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) {
      var exit = document.querySelector("[data-quick-exit]");
      if (exit) quickExit(exit.getAttribute("data-exit-url") || exit.href);
    }
  });

  // A form that came back with errors: its banner is at the top; put the focus on the first
  // field to fix, or on the banner when the error is about the whole form.
  document.addEventListener("DOMContentLoaded", function () {
    var banner = document.getElementById("form-errors");
    if (!banner) return;
    var field = document.querySelector('main form [aria-invalid="true"]');
    if (field) {
      field.focus();
      field.scrollIntoView({ block: "center" });
    } else {
      banner.focus();
    }
  });

  // One click sends once: a second click would send the report twice.
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-submit-once]");
    if (button) {
      if (button.dataset.sent) { event.preventDefault(); return; }
      button.dataset.sent = "1";
      button.setAttribute("aria-disabled", "true");
    }
  });
})();
