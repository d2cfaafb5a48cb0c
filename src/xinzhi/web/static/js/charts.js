/* Progressive enhancement: when the locally served ECharts is present, draw the counts chart
   in place of the plain table. Without JavaScript the table stays. */
(function () {
  "use strict";
  function drawCounts() {
    var el = document.getElementById("count-chart");
    if (!el || typeof window.echarts === "undefined") { return; }
    var labels = JSON.parse(el.getAttribute("data-labels") || "[]");
    var values = JSON.parse(el.getAttribute("data-values") || "[]");
    el.hidden = false;
    var fallback = el.parentNode.querySelector(".chart-fallback");
    if (fallback) { fallback.classList.add("visually-hidden"); }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#e9eef3" } } },
      yAxis: { type: "category", data: labels, inverse: true, axisTick: { show: false } },
      series: [{ type: "bar", data: values, barMaxWidth: 22, itemStyle: { color: "#15457a", borderRadius: [0, 3, 3, 0] },
                 label: { show: true, position: "right", color: "#52606d" } }],
      textStyle: { fontFamily: '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' }
    });
    // Drill down: a bar opens the list of the records it counts.
    var urls = JSON.parse(el.getAttribute("data-urls") || "[]");
    chart.on("click", function (p) { if (urls[p.dataIndex]) { window.location.href = urls[p.dataIndex]; } });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCounts);
  } else {
    drawCounts();
  }
})();
