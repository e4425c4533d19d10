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
