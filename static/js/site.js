// Small progressive enhancements; every page works without this file.
// No inline script or event handler anywhere: the Content-Security-Policy refuses them, so
// behaviour lives here and templates ask for it with data- attributes.

// htmx adds its indicator styles as an inline <style>, which the policy refuses; no page uses
// .htmx-indicator, so they are not needed. Set before htmx starts (both scripts are deferred,
// htmx first, and htmx reads its config on DOMContentLoaded).
if (window.htmx) htmx.config.includeIndicatorStyles = false;

// <form data-confirm="Delete this response?">: ask before submitting; Cancel submits nothing.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

document.addEventListener("DOMContentLoaded", () => {
  // A new profile's time zone starts as the browser's own, when the list has it.
  for (const select of document.querySelectorAll("select[data-guess-time-zone]")) {
    const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && [...select.options].some((option) => option.value === guess)) {
      select.value = guess;
    }
  }
});

// After an htmx swap the focus is kept, or moved to the new content: never dropped to <body>,
// where a keyboard or screen-reader user would have to find their place again. htmx itself
// gives the focus back to an element with the focused one's id (the reaction buttons keep
// theirs) and moves it to an [autofocus] element of the new content (a reply just sent).
// Otherwise, when the focused element left with the swap (a form replaced by its answer, a
// "Load more" link by the posts), the focus goes to the new content's first field marked
// invalid, or to the new content itself.
let focusedBeforeSwap = null;
document.addEventListener("htmx:beforeSwap", () => {
  focusedBeforeSwap = document.activeElement;
});
document.addEventListener("htmx:afterSettle", (event) => {
  const before = focusedBeforeSwap;
  const lost = before && before !== document.body && !before.isConnected;
  const kept = document.activeElement && document.activeElement !== document.body;
  const root = event.target;  // htmx settles each new element in turn: the first takes it
  if (!lost || kept || !(root instanceof HTMLElement) || !root.isConnected) return;
  const target = root.querySelector('[aria-invalid="true"]') || root;
  if (target === root && !root.matches("a[href], button, input, select, textarea, [tabindex]")) {
    root.tabIndex = -1;
  }
  target.focus();
});
