// The hand-off page's copy buttons (a convenience: without script the fields are read-only
// inputs to select and copy by hand). No inline script: the console's CSP allows 'self' only.
"use strict";
document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  button.hidden = false;
  const label = button.firstChild.textContent;
  button.addEventListener("click", async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(input.value);
      ok = true;
    } catch (e) {
      input.select();
      ok = document.execCommand("copy");
    }
    button.firstChild.textContent = ok ? (document.documentElement.lang === "en" ? "Copied ✓" : "Tersalin ✓") : label;
    button.classList.toggle("done", ok);
    setTimeout(() => { button.firstChild.textContent = label; button.classList.remove("done"); }, 2000);
  });
});
