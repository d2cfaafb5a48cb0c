/* 对接 pages, progressive enhancement: payment milestone rows added and removed in place, and
   the workbench charts drawn with the locally served ECharts (the tables stay without it). */
(function () {
  "use strict";

  function milestoneRows() {
    var add = document.getElementById("ms-add");
    var table = document.querySelector(".ms-table tbody");
    if (!add || !table) { return; }
    function clear(row) {
      row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      row.querySelectorAll("select").forEach(function (s) { s.selectedIndex = 0; });
      row.querySelectorAll(".field-error").forEach(function (p) { p.remove(); });
    }
    add.addEventListener("click", function () {
      var rows = table.querySelectorAll(".ms-row");
      var row = rows[rows.length - 1].cloneNode(true);
      clear(row);
      table.appendChild(row);
      row.querySelector("input").focus();
    });
    table.addEventListener("click", function (event) {
      var button = event.target.closest(".ms-remove");
      if (!button) { return; }
      var row = button.closest(".ms-row");
      if (table.querySelectorAll(".ms-row").length > 1) { row.remove(); } else { clear(row); }
    });
  }

  function charts() {
    if (typeof window.echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var labels = JSON.parse(el.getAttribute("data-labels") || "[]");
      var values = JSON.parse(el.getAttribute("data-values") || "[]");
      if (!labels.length) { return; }
      el.hidden = false;
      var fallback = el.parentNode.querySelector(".chart-fallback");
      if (fallback) { fallback.classList.add("visually-hidden"); }
      var horizontal = el.getAttribute("data-chart") === "bar-h";
      var category = { type: "category", data: labels, axisTick: { show: false }, inverse: horizontal };
      var value = { type: "value", splitLine: { lineStyle: { color: "#e9eef3" } } };
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: horizontal ? value : category,
        yAxis: horizontal ? category : value,
        series: [{ type: "bar", data: values, barMaxWidth: 26, itemStyle: { color: "#15457a" },
                   label: { show: true, position: horizontal ? "right" : "top", color: "#52606d" } }],
        textStyle: { fontFamily: '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' }
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function start() { milestoneRows(); charts(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
