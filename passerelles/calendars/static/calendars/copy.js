// « Copier le lien »: buttons marked data-copy copy the value of the field they name (no inline handler: the
// Content-Security-Policy forbids them). Without the clipboard API, the field's text is selected instead.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copyStatus);
    field.select();
    const done = () => { if (status) status.textContent = button.dataset.copied; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, () => {});
    } else {
      done();
    }
  });
});
