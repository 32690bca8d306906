// Draws the dashboard chart from the JSON the page carries (json_script): no inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.querySelector("canvas[data-chart]");
  if (!canvas || typeof Chart === "undefined") return;
  const source = document.getElementById(canvas.dataset.chart);
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const colours = ["#1f4e79", "#2e8540", "#c77c02", "#7b2d8b", "#b52a2a"];
  const names = Object.keys(data.series);
  const datasets = names.map((name, i) => ({
    label: (data.labels_of && data.labels_of[name]) || name,
    data: data.series[name],
    borderColor: colours[i % colours.length],
    backgroundColor: colours[i % colours.length],
    yAxisID: name === "value" ? "euros" : "hours",
    tension: 0.2,
  }));
  const scales = { hours: { type: "linear", position: "left", beginAtZero: true } };
  if (names.includes("value")) {
    scales.euros = { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false } };
  }
  new Chart(canvas, {
    type: data.type || "line",
    data: { labels: data.labels, datasets },
    options: { responsive: true, animation: false, scales, plugins: { legend: { position: "bottom" } } },
  });
});
