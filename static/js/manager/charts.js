/* Statistics charts: every element with data-chart="ID" is drawn with uPlot from the JSON in
   <script type="application/json" id="ID"> (non-executable data, allowed by the CSP).
   Data: {kind: "lines"|"bars", labels: [...], x_label: "...", unit: "...", integer: bool,
          series: [{label, values, color}]}.
   The x axis is categorical (days or names); the table beside each chart holds the numbers. */
(function () {
  "use strict";

  var HEIGHT = 280;

  function readSpec(id) {
    var block = document.getElementById(id);
    if (!block) return null;
    try { return JSON.parse(block.textContent); } catch (err) { return null; }
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  // Bars run sideways, one row per category, so long job-type names stay readable.
  function categoryAxis(labels) {
    return {
      side: 3,
      stroke: "#1a1d21",
      grid: { show: false },
      ticks: { show: false },
      incrs: [1],
      space: 12,
      size: 186,
      gap: 6,
      values: function (u, splits) {
        return splits.map(function (i) {
          return Number.isInteger(i) && labels[i] !== undefined ? shorten(labels[i], 22) : "";
        });
      },
    };
  }

  function xAxis(labels) {
    return {
      stroke: "#4f5661",
      grid: { show: false },
      ticks: { show: false },
      // One label per category, fewer when they would collide.
      incrs: [1, 2, 3, 5, 7, 10, 14, 30, 60],
      space: labels.length > 12 ? 44 : 30,
      values: function (u, splits) {
        return splits.map(function (i) {
          return Number.isInteger(i) && labels[i] !== undefined ? labels[i] : "";
        });
      },
      size: 40,
    };
  }

  function yAxis(spec) {
    var axis = { stroke: "#4f5661", label: spec.unit, labelSize: 20, grid: { stroke: "#e4e7eb" }, size: 56 };
    if (spec.kind === "bars") {
      axis.side = 2;
      axis.size = 36;
    }
    if (spec.integer) axis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
    return axis;
  }

  function seriesFor(spec, index, s) {
    var many = spec.series.length > 1;
    var base = { label: s.label, stroke: s.color, width: 2,
      // The words of the table beside the chart (app/manager/stats/report.py writes them); none
      // while no point is pointed at, so the legend never reads "Started: —".
      value: function (u, v, si, idx) {
        if (idx == null) return "";
        if (s.texts && s.texts[idx] != null) return s.texts[idx];
        return v == null ? "—" : v + " " + spec.unit;
      } };
    if (spec.kind === "bars") {
      base.fill = s.color;
      base.width = 0;
      base.paths = uPlot.paths.bars({
        size: [many ? 0.4 : 0.66, 40],
        align: many ? (index === 0 ? -1 : 1) : 0,
      });
      base.points = { show: false };
    } else {
      base.points = { show: true, size: 6, fill: s.color };
    }
    return base;
  }

  // Values (and the colon before them) only while a point is pointed at: uPlot's own stylesheet
  // hides them when the legend is not "live".
  function showLegendValues(u) {
    var legend = u.root.querySelector(".u-legend");
    if (legend) legend.classList.toggle("u-live", u.legend.idx != null);
  }

  function draw(el) {
    var spec = readSpec(el.dataset.chart);
    if (!spec || !window.uPlot) return;
    if (!spec.labels.length) {
      el.classList.add("chart-empty");
      return;
    }
    var xs = spec.labels.map(function (_, i) { return i; });
    var data = [xs].concat(spec.series.map(function (s) { return s.values; }));
    var bars = spec.kind === "bars";
    var height = bars ? Math.max(160, 90 + spec.labels.length * (spec.series.length > 1 ? 34 : 26)) : HEIGHT;
    var opts = {
      width: Math.max(el.clientWidth, 240),
      height: height,
      scales: {
        x: { time: false, ori: bars ? 1 : 0, dir: bars ? -1 : 1,
          range: function () { return [-0.5, spec.labels.length - 0.5]; } },
        y: { ori: bars ? 0 : 1, dir: 1,
          range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } },
      },
      axes: [bars ? categoryAxis(spec.labels) : xAxis(spec.labels), yAxis(spec)],
      series: [{ label: spec.x_label, value: function (u, i) { return i == null ? "" : spec.labels[i]; } }]
        .concat(spec.series.map(function (s, i) { return seriesFor(spec, i, s); })),
      cursor: { points: { show: spec.kind !== "bars" } },
      legend: { live: true },
      hooks: { setLegend: [showLegendValues] },
    };
    var plot = new uPlot(opts, data, el);
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        var width = Math.max(el.clientWidth, 240);
        if (Math.abs(width - plot.width) > 4) plot.setSize({ width: width, height: height });
      }).observe(el);
    }
  }

  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
