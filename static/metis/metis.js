// Progressive enhancements: autosubmitting selects, commune autocomplete, searchable selects,
// select-all checkboxes, confirmations.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("select[data-autocomplete-url]").forEach((select) => {
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
  document.querySelectorAll("select[data-enhance]").forEach((select) => {
    new TomSelect(select, { plugins: ["remove_button"], maxOptions: 200 });
  });
});
