// Accessibility helpers for every page (loaded by base.html; no inline script: the Content-Security-Policy
// forbids them). Each part enhances a page that already works without JavaScript.

// 1. The main menu folds behind a « Menu » button on narrow screens (a disclosure: aria-expanded on the
//    button, aria-controls on the menu). Without JavaScript the button stays hidden and the menu open.
(function () {
  const button = document.querySelector(".nav-toggle");
  const header = document.querySelector(".site-header");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!button || !menu || !header) return;
  header.classList.add("nav-collapsible");
  button.hidden = false;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("nav-open", open);
  };
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();

// 2. A form shown again with errors starts with a summary: « Le formulaire contient N erreurs » and one link
//    per error to its field; focus moves to the summary, so that a screen reader reads it first. The errors
//    themselves are Django's lists (ul.errorlist, id "<field id>_error", which the field's aria-describedby
//    names); the sentences come translated from base.html's <template id="error-summary-text">.
(function () {
  const texts = document.getElementById("error-summary-text");
  if (!texts) return;
  let first = null;
  document.querySelectorAll("form").forEach((form, formIndex) => {
    const lists = Array.from(form.querySelectorAll("ul.errorlist")).filter((list) => list.children.length);
    if (!lists.length) return;
    const summary = document.createElement("div");
    summary.className = "error-summary";
    summary.tabIndex = -1;
    summary.setAttribute("role", "group");
    const title = document.createElement("h2");
    title.className = "error-summary-title";
    title.id = `error-summary-${formIndex}`;
    summary.setAttribute("aria-labelledby", title.id);
    const items = document.createElement("ul");
    let count = 0;
    lists.forEach((list, listIndex) => {
      if (!list.id) list.id = `form-${formIndex}-error-${listIndex}`;
      const fieldId = list.id.endsWith("_error") ? list.id.slice(0, -"_error".length) : null;
      // The field itself, or the first control of a group of choices (id_x_0), or the error list.
      const field = fieldId && (document.getElementById(fieldId) || form.querySelector(`[id^="${fieldId}_"]:not(ul)`));
      const target = field || list;
      // the label without its « * » (required) mark
      const label = field && field.labels && field.labels.length ? field.labels[0].textContent.trim().replace(/\s*\*$/, "") : "";
      list.querySelectorAll(":scope > li").forEach((error) => {
        count += 1;
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `#${target.id}`;
        link.textContent = label ? `${label} : ${error.textContent.trim()}` : error.textContent.trim();
        link.addEventListener("click", (event) => {
          event.preventDefault();
          if (!target.hasAttribute("tabindex") && !field) target.tabIndex = -1;
          target.focus();
          target.scrollIntoView({ block: "center" });
        });
        item.appendChild(link);
        items.appendChild(item);
      });
    });
    const many = texts.dataset.many.replace("%(count)s", String(count));
    title.textContent = count === 1 ? texts.dataset.one : many;
    summary.append(title, items);
    form.prepend(summary);
    if (!first) first = summary;
  });
  if (first) first.focus();
})();
