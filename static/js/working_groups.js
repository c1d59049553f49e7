// Working groups: small enhancements. Every action works without this file.
(() => {
  const showHelpers = (root) => {
    for (const helper of root.querySelectorAll("[data-mention-helper]")) helper.hidden = false;
  };
  document.addEventListener("DOMContentLoaded", () => showHelpers(document));
  document.addEventListener("htmx:load", (event) => showHelpers(event.target));

  // A suggested member goes into the text where the cursor is, as "@Full Name ".
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-mention]");
    if (!button) return;
    const helper = button.closest("[data-mention-helper]");
    const input = document.getElementById(helper.dataset.for);
    if (!input) return;
    const text = `@${button.dataset.mention} `;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    const before = input.value.slice(0, start);
    const spacer = before && !/\s$/.test(before) ? " " : "";
    input.value = before + spacer + text + input.value.slice(end);
    const caret = before.length + spacer.length + text.length;
    input.focus();
    input.setSelectionRange(caret, caret);
    helper.querySelector("input").value = "";
    helper.querySelector(".wg-mention-results").textContent = "";
  });
})();
