/* The chain map: nodes placed by stage (上游 → 中游 → 下游), coloured by weak score (white →
   dark red = weaker), edges from upstream to downstream; a click opens the node's drill-down.
   Without JavaScript the weak-link table below carries the same numbers. */
(function () {
  "use strict";
  var font = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  function colour(score) {
    if (score === null || score === undefined) { return "#cccccc"; }
    var s = Math.max(0, Math.min(1, score));
    var r = Math.round(255 - 75 * s), g = Math.round(235 - 200 * s), b = Math.round(220 - 190 * s);
    return "rgb(" + r + "," + g + "," + b + ")";
  }
  function draw() {
    var el = document.getElementById("chain-graph");
    if (!el || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(el.getAttribute("data-graph") || "{}");
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: font },
      tooltip: { formatter: function (p) {
        if (p.dataType !== "node") { return ""; }
        var s = p.data.score === null ? "—" : p.data.score.toFixed(3);
        return p.data.name + "<br>短板评分 " + s;
      } },
      series: [{
        type: "graph", layout: "none", roam: true, edgeSymbol: ["none", "arrow"],
        label: { show: true, color: "#1a1a1a" },
        lineStyle: { color: "#8a94a6", curveness: 0.1 },
        data: data.nodes.map(function (n) {
          return { id: n.key, name: n.name, x: n.x, y: n.y, score: n.score,
                   symbolSize: n.flagship ? 64 : 48, symbol: n.flagship ? "diamond" : "circle",
                   itemStyle: { color: colour(n.score), borderColor: "#15457a", borderWidth: 1 } };
        }),
        links: data.edges
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node") {
        window.location.href = el.getAttribute("data-base") + p.data.id + "?region=" + el.getAttribute("data-region");
      }
    });
    el.setAttribute("data-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
