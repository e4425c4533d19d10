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
  const hint = document.getElementById("matches-hint");
  if (hint && !form.querySelector("[data-match]")) hint.replaceChildren();
});

// A posted case search is kept on the server under a random key: put that key (never the
// query) in the address, so that Back and reload show the same results.
document.addEventListener("DOMContentLoaded", () => {
  const results = document.querySelector("[data-search-url]");
  if (results) history.replaceState(null, "", results.dataset.searchUrl);
});

// On a phone: the menu button opens and closes the navigation.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-toggle");
  const nav = document.getElementById("main-nav");
  if (!button || !nav) return;
  document.documentElement.classList.add("has-menu");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = nav.classList.toggle("open");
    button.setAttribute("aria-expanded", String(open));
  });
});

// On a phone, a long page's cards fold to their headings (all but the first two), and a tap on
// a heading opens or folds its card. A card with a form that came back with errors stays open.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 640px)").matches) return;
  const cards = [...document.querySelectorAll("main section.card")].filter((card) =>
    card.querySelector(":scope > h2"),
  );
  const long = document.body.scrollHeight > 2.5 * window.innerHeight;
  cards.forEach((card, index) => {
    const heading = card.querySelector(":scope > h2");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "card-toggle";
    button.append(...heading.childNodes);
    heading.append(button);
    const fold = (folded) => {
      card.classList.toggle("folded", folded);
      button.setAttribute("aria-expanded", String(!folded));
    };
    fold(long && index >= 2 && !card.querySelector(".errorlist"));
    button.addEventListener("click", () => fold(!card.classList.contains("folded")));
  });
});
