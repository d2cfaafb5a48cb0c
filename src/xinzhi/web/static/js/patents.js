/* 专利导航 charts drawn with the locally served ECharts from the data-charts JSON.
   Without JavaScript the tables on the page carry the same numbers. */
(function () {
  "use strict";
  var font = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  var charts = [];
  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    option.animation = false;
    option.textStyle = { fontFamily: font };
    chart.setOption(option);
    el.setAttribute("data-drawn", "true");
    charts.push(chart);
  }
  function bars(id, data, color) {
    if (!data || !data.labels.length) { return; }
    make(id, {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.labels, inverse: true },
      series: [{ type: "bar", data: data.values, itemStyle: { color: color } }]
    });
  }
  function graph(id, g) {
    if (!g || !g.nodes.length) { return; }
    make(id, {
      tooltip: {},
      legend: { type: "scroll", bottom: 0, data: g.categories.map(function (c) { return c.name; }) },
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true,
        data: g.nodes, links: g.links, categories: g.categories,
        edgeSymbol: g.directed ? ["none", "arrow"] : ["none", "none"], edgeSymbolSize: 5,
        force: { repulsion: 60, edgeLength: [20, 80], gravity: 0.1 },
        label: { show: false }, lineStyle: { color: "source", opacity: 0.5, curveness: 0.1 },
        emphasis: { focus: "adjacency", label: { show: true } }
      }]
    });
  }
  function draw() {
    var holder = document.getElementById("patents-charts");
    if (!holder || typeof window.echarts === "undefined") { return; }
    var d = JSON.parse(holder.getAttribute("data-charts") || "{}");
    var tr = d.trend;
    make("chart-trend", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: tr.years },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "申请量（申请年）", type: "bar", data: tr.applications, itemStyle: { color: "#15457a" },
          markArea: tr.censored && tr.years.length ? { itemStyle: { color: "rgba(243,227,195,0.6)" },
            data: [[{ xAxis: tr.years[tr.years.length - tr.censored] }, { xAxis: tr.years[tr.years.length - 1] }]] } : undefined },
        { name: "公开量（公开年）", type: "bar", data: tr.publications, itemStyle: { color: "#8a96a3" } }
      ]
    });
    var lc = d.lifecycle;
    if (lc) {
      var series = [];
      Object.keys(lc.curves).forEach(function (m, i) {
        var c = lc.curves[m];
        if (i === 0) {
          series.push({ name: "累计申请量", type: "scatter", data: c.years.map(function (y, k) { return [y, c.cumulative[k]]; }) });
        }
        series.push({ name: m + "（K=" + Math.round(c.K) + "，" + c.stage + "）", type: "line", showSymbol: false,
                      data: c.years.map(function (y, k) { return [y, c.fitted[k]]; }) });
      });
      make("chart-scurve", {
        tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
        xAxis: { type: "value", scale: true, minInterval: 1, axisLabel: { formatter: String } },
        yAxis: { type: "value" }, series: series
      });
      make("chart-lifecycle", {
        title: { text: "专利技术生命周期图 · " + lc.stage, textStyle: { fontSize: 13 } },
        tooltip: { formatter: function (p) { return lc.years[p.dataIndex] + "：" + lc.phase[p.dataIndex]; } },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "value", name: "申请量" }, yAxis: { type: "value", name: "申请人/发明人数" },
        series: [{ type: "line", data: lc.applications.map(function (a, k) { return [a, lc.actors[k]]; }),
                   label: { show: true, formatter: function (p) { return lc.years[p.dataIndex]; }, fontSize: 9 } }]
      });
    }
    bars("chart-applicants", d.applicants, "#15457a");
    bars("chart-provinces", d.provinces, "#2f7d5b");
    bars("chart-ipc", d.ipc, "#b5452b");
    graph("chart-coclass", d.coclass);
    graph("chart-coinventors", d.coinventors);
    graph("chart-citations", d.citations);
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
