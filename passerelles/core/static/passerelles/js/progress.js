// Progress of a background job: polls the URL in data-progress-url, updates the bar, reloads when done.
(function () {
  const bar = document.querySelector("[data-progress-url]");
  if (!bar) return;
  const meter = bar.querySelector("progress");
  const label = bar.querySelector("[data-progress-label]");
  async function poll() {
    try {
      const response = await fetch(bar.dataset.progressUrl, { headers: { Accept: "application/json" } });
      const state = await response.json();
      meter.value = state.progress;
      label.textContent = state.label + " — " + state.progress + " %";
      if (state.done) { window.location.reload(); return; }
    } catch (error) { /* the next poll will tell */ }
    window.setTimeout(poll, 1500);
  }
  window.setTimeout(poll, 1000);
})();
