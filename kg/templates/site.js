(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var facetBox = document.getElementById("facets");
  var list = document.getElementById("list");
  var shown = document.getElementById("shown");
  var FACETS = [["region", 2], ["year", 3], ["source", 4], ["category", 5]];
  var SHOW = 200;
  var chosen = {region: {}, year: {}, source: {}, category: {}};

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function values(p, i) { return Array.isArray(p[i]) ? p[i] : [p[i]]; }
  function matches(p, skip) {
    return FACETS.every(function (f) {
      var want = Object.keys(chosen[f[0]]);
      if (f[0] === skip || !want.length) return true;
      var have = values(p, f[1]);
      return want.some(function (w) { return have.indexOf(w) >= 0; });
    });
  }
  function facet(f) {
    var counts = {};
    data.projects.forEach(function (p) {
      if (matches(p, f[0])) values(p, f[1]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
    });
    var box = el("fieldset", undefined, {"data-facet": f[0]});
    box.appendChild(el("legend", data.facets[f[0]]));
    Object.keys(counts).sort(function (a, b) {
      return f[0] === "year" ? (a < b ? 1 : -1) : counts[b] - counts[a] || (a < b ? -1 : 1);
    }).forEach(function (v) {
      var label = el("label");
      var input = el("input", undefined, {type: "checkbox", "data-value": v});
      input.checked = !!chosen[f[0]][v];
      input.addEventListener("change", function () {
        if (input.checked) chosen[f[0]][v] = true; else delete chosen[f[0]][v];
        render();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + v + " (" + counts[v] + ")"));
      box.appendChild(label);
    });
    return box;
  }
  function renderList() {
    var picked = data.projects.filter(function (p) { return matches(p, null); });
    list.textContent = "";
    picked.slice(0, SHOW).forEach(function (p) {
      var li = el("li");
      li.appendChild(el("a", p[0], {href: p[1]}));
      li.appendChild(el("span", [p[2], values(p, 3).join("/"), p[6]].join(" · "), {"class": "hint"}));
      list.appendChild(li);
    });
    shown.textContent = picked.length + " 个项目 projects" +
      (picked.length > SHOW ? "（显示前 " + SHOW + " 个 first " + SHOW + " shown）" : "");
  }
  function renderSearch() {
    var q = search.value.trim().toLowerCase();
    var n = 0;
    results.textContent = "";
    if (!q) return;
    data.names.forEach(function (item) {
      var hay = (item[1] + "\n" + item[2] + "\n" + item[3] + "\n" + item[5]).toLowerCase();
      if (hay.indexOf(q) < 0) return;
      if (n++ >= 100) return;
      var li = el("li");
      li.appendChild(el("a", item[1], {href: item[4]}));
      li.appendChild(el("span", [item[0], item[3], item[2]].filter(Boolean).join(" · "), {"class": "hint"}));
      results.appendChild(li);
    });
    results.setAttribute("data-found", String(n));
    if (n > 100) results.appendChild(el("li", "… " + n + " 个结果 results", {"class": "hint"}));
  }
  function render() {
    facetBox.textContent = "";
    FACETS.forEach(function (f) { facetBox.appendChild(facet(f)); });
    renderList();
  }
  search.addEventListener("input", renderSearch);
  render();
  renderSearch();
  window.kgSite = {names: data.names.length, projects: data.projects.length};
})();
