/* Charts of an evaluation run, drawn with the locally served ECharts from the data-charts JSON.
   Without JavaScript the tables below carry the same numbers. */
(function () {
  "use strict";
  var font = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    option.animation = false;
    option.textStyle = { fontFamily: font };
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function draw() {
    var holder = document.getElementById("indices-charts");
    if (!holder || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(holder.getAttribute("data-charts") || "{}");
    var r = data.ranking;
    make("chart-ranking", {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: r.labels, inverse: true },
      series: [{ type: "bar", data: r.values, itemStyle: { color: "#15457a" } }]
    });
    var years = Object.keys(data.density);
    make("chart-density", {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "value", scale: true },
      yAxis: { type: "value" },
      series: years.map(function (y) {
        var d = data.density[y];
        return { name: y, type: "line", showSymbol: false, data: d.x.map(function (x, i) { return [x, d.y[i]]; }) };
      })
    });
    var names = Object.keys(data.obstacles);
    make("chart-obstacles", {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: "%" },
      yAxis: { type: "category", data: names, inverse: true },
      series: [{ type: "bar", data: names.map(function (n) { return data.obstacles[n]; }), itemStyle: { color: "#b5452b" } }]
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
