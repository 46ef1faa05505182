// A long calculation: once submitted, the button says « Calcul en cours… » and cannot be pressed again.
(function () {
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      const button = form.querySelector("button[type=submit]");
      if (!button) return;
      window.setTimeout(function () {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
        button.textContent = form.dataset.busy;
      }, 0);
      const status = form.querySelector("[data-busy-status]");
      if (status) status.textContent = form.dataset.busy;
    });
  });
})();
