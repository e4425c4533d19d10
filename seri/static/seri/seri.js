// Small behaviours that work without a build step; every page also works without them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.requestSubmit();
});

// On a phone the main navigation is one strip that scrolls sideways: show the current page's entry.
document.addEventListener("DOMContentLoaded", () => {
  const nav = document.querySelector(".nav");
  const current = nav && nav.querySelector('[aria-current="page"]');
  if (current && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  }
});

// A form that came back with errors: show the banner at the top and put the focus on the
// first field to fix (or on its error message when the error is about the whole form).
document.addEventListener("DOMContentLoaded", () => {
  const error = document.querySelector("main form .errorlist");
  const banner = document.getElementById("form-errors");
  if (!error || !banner) return;
  banner.hidden = false;
  const form = error.closest("form");
  const field =
    form.querySelector('[aria-invalid="true"]') ||
    error.closest(".field")?.querySelector("input, select, textarea");
  if (field) {
    field.focus();
    field.scrollIntoView({ block: "center" });
  } else {
    banner.focus();
  }
});

// The intake form's "is this someone already known?" panel: "It's someone else" hides the
// record and keeps it out of the next checks (a hidden field the check endpoint reads).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-not-same]");
  if (!button) return;
  const form = button.closest("form");
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = "person-not_same";
  input.value = button.dataset.notSame;
  const fieldset = form.querySelector('fieldset[hx-post]') || form;
  fieldset.appendChild(input);
  button.closest("[data-match]").remove();
});

// A posted case search is kept on the server under a random key: put that key (never the
// query) in the address, so that Back and reload show the same results.
document.addEventListener("DOMContentLoaded", () => {
  const results = document.querySelector("[data-search-url]");
  if (results) history.replaceState(null, "", results.dataset.searchUrl);
});
