// Progressive enhancements: autosubmitting selects, commune autocomplete, searchable selects,
// select-all checkboxes, confirmations.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // TomSelect moves the label to its own input: the original select keeps an accessible name.
  const keepName = (select) => {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (label && !select.hasAttribute("aria-label")) select.setAttribute("aria-label", label.textContent.trim());
  };
  document.querySelectorAll("select[data-autocomplete-url]").forEach((select) => {
    keepName(select);
    const url = select.dataset.autocompleteUrl;
    new TomSelect(select, {
      valueField: "id", labelField: "text", searchField: ["text"], maxOptions: 20,
      loadThrottle: 200,
      load: (query, callback) => {
        fetch(`${url}?q=${encodeURIComponent(query)}`)
          .then((r) => r.json()).then((data) => callback(data.results)).catch(() => callback());
      },
    });
  });
  // Bulk actions: a header checkbox selects every row's checkbox of the same name in its form.
  document.querySelectorAll("input[data-select-all]").forEach((all) => {
    const boxes = () => all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`);
    all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  });
  // A table wider than the screen scrolls in its box: the box takes the keyboard focus.
  document.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.querySelector("a, button, input, select, textarea")) {
      box.tabIndex = 0;
    }
  });
  document.querySelectorAll("select[data-enhance]").forEach((select) => {
    keepName(select);
    new TomSelect(select, { plugins: ["remove_button"], maxOptions: 200 });
  });
});
