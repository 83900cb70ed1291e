// The reach report's charts (reports.mustache), drawn with chart.js (chart.umd.js, vendored from
// node_modules at build time). Extra only: the tables hold every figure, and without script the
// charts stay hidden. The data comes from the page's <script type="application/json"
// id="reach-data"> block; no inline script (the console's CSP allows 'self' only).
"use strict";
(() => {
  const source = document.getElementById("reach-data");
  if (!source || typeof window.Chart !== "function") return;
  const data = JSON.parse(source.textContent);
  const brand = "#0b4f8a";
  const palette = ["#0b4f8a", "#2a9d8f", "#e9a23b", "#8c5fbf", "#c4453c", "#5f7a8a"];
  Chart.defaults.font.family = '"Noto Sans", "DejaVu Sans", Arial, sans-serif';
  Chart.defaults.color = "#1b1f24";

  // Long work-unit names are cut on the axis (the table has them whole).
  function shortLabel(value) {
    const label = String(this.getLabelForValue(value));
    return label.length > 34 ? label.slice(0, 33) + "…" : label;
  }

  function options(horizontal, extra = {}) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { display: false } },
      scales: {
        [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 }, ...extra },
        [horizontal ? "y" : "x"]: { ticks: { callback: shortLabel } },
      },
    };
  }

  const kinds = {
    unit: (d) => ({ type: "bar", horizontal: true, rows: d.labels.length }),
    month: () => ({ type: "bar", horizontal: false }),
    status: (d) => ({ type: "bar", horizontal: true, rows: d.labels.length }),
    employment: () => ({ type: "doughnut" }),
    step: () => ({ type: "bar", horizontal: false, percent: true }),
  };

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const name = canvas.dataset.chart;
    const d = data[name];
    if (!d || !kinds[name]) return;
    const kind = kinds[name](d);
    const figure = canvas.closest("figure");
    if (figure) {
      figure.hidden = false;
      if (kind.rows) figure.style.height = Math.max(160, 26 * kind.rows + 50) + "px";
    }
    const label = kind.percent ? data.text.within : data.text.cases;
    let config;
    if (kind.type === "doughnut") {
      config = {
        type: "doughnut",
        data: {
          labels: d.labels,
          datasets: [{ label, data: d.values, backgroundColor: palette, borderWidth: 1 }],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { position: "right" } },
        },
      };
    } else {
      config = {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [{ label, data: d.values, backgroundColor: brand, maxBarThickness: 36 }],
        },
        options: options(kind.horizontal, kind.percent ? { max: 100 } : {}),
      };
    }
    new Chart(canvas, config);
    canvas.dataset.drawn = "1";
  });
})();
