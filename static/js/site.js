// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // A new profile's time zone starts as the browser's own, when the list has it.
  for (const select of document.querySelectorAll("select[data-guess-time-zone]")) {
    const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && [...select.options].some((option) => option.value === guess)) {
      select.value = guess;
    }
  }
});
