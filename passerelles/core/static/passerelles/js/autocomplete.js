// Accessible autocomplete for inputs carrying data-autocomplete-url (combobox + listbox pattern, little JS).
// Optional: data-autocomplete-target (id of a hidden input receiving the chosen item's id, emptied as soon as
// the text changes), data-autocomplete-min (minimum length, 2 by default), data-autocomplete-empty (what the
// polite status region says when nothing is found).
(function () {
  document.querySelectorAll("input[data-autocomplete-url]").forEach(function (input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    const target = input.dataset.autocompleteTarget ? document.getElementById(input.dataset.autocompleteTarget) : null;
    const status = document.getElementById(input.id + "-etat");
    const minimum = parseInt(input.dataset.autocompleteMin || "2", 10);
    let timer = null;
    let active = -1;

    function say(text) { if (status) status.textContent = text; }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(option) {
      input.value = option.dataset.value;
      if (target) target.value = option.dataset.id || "";
      say("");
      close();
      input.focus();
    }

    function highlight(index) {
      const options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    async function suggest() {
      const query = input.value.trim();
      if (query.length < minimum) { close(); say(""); return; }
      const separator = input.dataset.autocompleteUrl.indexOf("?") >= 0 ? "&" : "?";
      const url = input.dataset.autocompleteUrl + separator + "q=" + encodeURIComponent(query);
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        const data = await response.json();
        list.innerHTML = "";
        data.suggestions.forEach(function (item, i) {
          const option = document.createElement("li");
          option.id = list.id + "-" + i;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.dataset.value = item.label;
          if (item.id !== undefined) option.dataset.id = item.id;
          const detail = item.detail || item.domain;
          option.textContent = item.label + (detail ? " — " + detail : "");
          option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(option); });
          list.appendChild(option);
        });
        const open = data.suggestions.length > 0;
        list.hidden = !open;
        input.setAttribute("aria-expanded", open ? "true" : "false");
        if (input.dataset.autocompleteEmpty) say(open ? "" : input.dataset.autocompleteEmpty);
      } catch (error) { close(); }
    }

    input.addEventListener("input", function () {
      if (target) target.value = "";  // a changed name is a new search, not the person chosen before
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(list.querySelectorAll("[role=option]")[active]);
      }
    });
  });
})();
