// Draws the Insights charts with Apache ECharts (vendored) from the figures the page
// carries as JSON; the tables under each chart hold the same figures without JavaScript.
(function () {
  "use strict";
  var source = document.getElementById("insights-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var ink = "#1d2433", muted = "#5b6577", accent = "#2456c7";
  var palette = ["#2456c7", "#3f7be0", "#6b9cf0", "#146c43", "#8a5a00", "#b42318", "#5b6577"];
  var charts = [];

  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) return;
    node.hidden = false;
    var chart = window.echarts.init(node, null, { renderer: "svg" });
    chart.setOption(Object.assign({ color: palette, textStyle: { color: ink, fontFamily: "system-ui, sans-serif" },
                                    animation: false }, option));
    charts.push(chart);
  }

  draw("chart-funnel", {
    tooltip: { trigger: "item", formatter: function (p) { return p.name + ": " + p.value; } },
    series: [{
      type: "funnel", left: "10%", width: "80%", top: 10, bottom: 10, sort: "none", minSize: "45%", gap: 2,
      label: { position: "inside", color: "#fff", fontWeight: 600,
               formatter: function (p) { return p.name + " · " + p.value; } },
      data: data.funnel.map(function (row, i) {
        return { name: row.label, value: row.count, itemStyle: { color: palette[i] } };
      })
    }]
  });

  var names = {};
  data.flows.forEach(function (f) { names[f.source] = true; names[f.target] = true; });
  draw("chart-flows", {
    tooltip: { trigger: "item" },
    series: [{
      type: "sankey", left: 8, right: 120, top: 10, bottom: 10, nodeGap: 14, draggable: false,
      label: { color: ink }, lineStyle: { color: "gradient", opacity: 0.35 },
      data: Object.keys(names).map(function (n) { return { name: n }; }),
      links: data.flows
    }]
  });

  ["by_source", "by_week"].forEach(function (key) {
    var rows = data[key];
    draw("chart-" + key, {
      grid: { left: 48, right: 16, top: 24, bottom: 48 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: rows.map(function (r) { return r.name; }),
               axisLabel: { color: muted, interval: 0, rotate: rows.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", name: "days", nameTextStyle: { color: muted }, axisLabel: { color: muted } },
      series: [{ type: "bar", itemStyle: { color: accent },
                 data: rows.map(function (r) { return r.median_days; }),
                 label: { show: true, position: "top", color: ink } }]
    });
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
