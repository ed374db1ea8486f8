/* 全市概览's two charts (Apache ECharts, vendored): counts as bars, rates as lines, one point per row of
   the table below; clicking a district or station drills down like its link in the table. */
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!window.echarts || !data.labels.length) {
    document.querySelectorAll(".chart").forEach(function (el) { el.style.display = "none"; });
    return;
  }
  var font = { fontFamily: "Microsoft YaHei, WenQuanYi Micro Hei, PingFang SC, sans-serif" };
  function drill(params) {
    var link = data.links[params.dataIndex];
    if (link) { window.location.href = link; }
  }
  var counts = echarts.init(document.getElementById("chart-counts"), null, { renderer: "svg" });
  counts.setOption({
    animation: false, textStyle: font,
    title: { text: data.title + " · 数量", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" }, legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 60 },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 8 ? 30 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: data.counts.map(function (s) { return { name: s.name, type: "bar", data: s.values }; })
  });
  counts.on("click", drill);
  var rates = echarts.init(document.getElementById("chart-rates"), null, { renderer: "svg" });
  rates.setOption({
    animation: false, textStyle: font,
    title: { text: data.title + " · 比率（%）", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 60 },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 8 ? 30 : 0 } },
    yAxis: { type: "value", min: 0, max: 100 },
    series: data.rates.map(function (s) { return { name: s.name, type: "line", connectNulls: false, data: s.values }; })
  });
  rates.on("click", drill);
  window.addEventListener("resize", function () { counts.resize(); rates.resize(); });
})();
