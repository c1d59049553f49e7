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
