/* The dashboards' charts (issue 16), drawn with the vendored ECharts from the data the page gives in
   <script type="application/json" id="dashboard-charts"> (json_script: no inline script, CSP-safe).
   Each chart repeats a table of the page, which stays the truth: without JavaScript nothing is missing.
   aria: ECharts writes a text description for screen readers; decal: patterns that keep series apart in
   black and white. Canvas renderer; charts follow the width of the page (320 px included). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof window.echarts === "undefined") { return; }
  var specs = JSON.parse(source.textContent);
  var locale = document.documentElement.lang === "en" ? "EN" : "FR";
  var french = locale === "FR";
  // ECharts describes a chart from its data, reading hidden cells as « NaN »: the description says what the
  // chart is and sends to the table beside it, which holds every figure and says which ones are hidden.
  function aria(spec) {
    var text = french
      ? "Graphique : " + spec.title + ". Les chiffres, petits effectifs masqués compris, sont dans le tableau « " + spec.title + " » à côté."
      : "Chart: " + spec.title + ". Every figure, small counts hidden included, is in the table « " + spec.title + " » beside it.";
    return { enabled: true, decal: { show: true }, label: { description: text } };
  }
  var grid = { left: 32, right: 16, top: 40, bottom: 8, containLabel: true };
  var small = function () { return window.innerWidth < 600; };

  // « Direction de l'éducation et des collèges » → « éducation et des collèges »: on an axis, the common
  // beginning of every name says nothing (the table keeps the full names).
  var PREFIX = /^(› )?(direction|service|p[ôo]le)\s+(de la |de l['’]|des |du |de |d['’])?/i;
  function truncate(text, length) {
    text = String(text).replace(PREFIX, "$1");
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function bar(spec) {
    var horizontal = spec.horizontal || (small() && spec.categories.length > 3);
    var categoryAxis = { type: "category", data: spec.categories,
      axisLabel: { interval: 0, formatter: function (v) { return truncate(v, small() ? 14 : 24); },
                   rotate: horizontal ? 0 : (spec.categories.length > 4 ? 30 : 0) } };
    var valueAxis = { type: "value" };
    if (spec.max) { valueAxis.max = spec.max; }
    if (horizontal) { categoryAxis.inverse = true; }
    return {
      aria: aria(spec), grid: grid, tooltip: { trigger: "axis" },
      legend: spec.series.length > 1 ? { type: "scroll", top: 0 } : undefined,
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (serie) {
        return { type: spec.type === "line" ? "line" : "bar", name: serie.name, data: serie.data,
                 stack: spec.stacked ? "total" : undefined };
      })
    };
  }

  function heatmap(spec) {
    var max = 0;
    spec.data.forEach(function (cell) { if (cell[2] && cell[2] > max) { max = cell[2]; } });
    return {
      aria: aria(spec), tooltip: { position: "top" },
      grid: { left: 8, right: 16, top: 16, bottom: 56, containLabel: true },
      xAxis: { type: "category", data: spec.x, name: spec.label_x,
               axisLabel: { interval: 0, rotate: 30, formatter: function (v) { return truncate(v, 14); } } },
      yAxis: { type: "category", data: spec.y, name: spec.label_y, inverse: true,
               axisLabel: { formatter: function (v) { return truncate(v, small() ? 12 : 22); } } },
      visualMap: { min: 0, max: Math.max(max, 1), calculable: false, orient: "horizontal", left: "center",
                   bottom: 0, itemHeight: small() ? 80 : 140 },
      // hidden cells (null) and empty ones (0) stay blank: the eye goes to the flows that exist
      series: [{ type: "heatmap", data: spec.data.filter(function (cell) { return cell[2]; }),
                 label: { show: true } }]
    };
  }

  function sankey(spec) {
    return {
      aria: aria(spec), tooltip: { trigger: "item" },
      series: [{ type: "sankey", data: spec.nodes, links: spec.links, nodeGap: 10,
                 emphasis: { focus: "adjacency" },
                 label: { formatter: function (p) { return truncate(p.name, small() ? 12 : 28); } },
                 left: 8, right: small() ? 80 : 160, top: 8, bottom: 8 }]
    };
  }

  var charts = [];
  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = specs[element.getAttribute("data-chart")];
      if (!spec) { return; }
      var option = spec.type === "heatmap" ? heatmap(spec) : spec.type === "sankey" ? sankey(spec) : bar(spec);
      var chart = window.echarts.init(element, null, { renderer: "canvas", locale: locale });
      chart.setOption(option);
      charts.push(chart);
    });
  }
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      charts.forEach(function (chart) { chart.resize(); });
    }, 150);
  });
  draw();
}());
