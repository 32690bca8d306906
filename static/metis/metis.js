// Progressive enhancements: autosubmitting selects, commune autocomplete, searchable selects.
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
  document.querySelectorAll("select[data-enhance]").forEach((select) => {
    new TomSelect(select, { plugins: ["remove_button"], maxOptions: 200 });
  });
});
