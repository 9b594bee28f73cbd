/* rocky-component defs --format html: draws the asset graph embedded in #graph-data with dagre
 * (laid out left to right), offline. Apache-2.0, part of rocky-java.
 * The page reports what it drew on <body>: data-state (ready), data-mode (assets | overview),
 * data-drawn-nodes, data-drawn-edges, data-layout-ms, and data-found (the key a search found). */
(function () {
  "use strict";
  var OVERVIEW_ABOVE = 2000; // more assets than this: one node per group (an overview), search finds the assets
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("graph");
  var details = document.getElementById("details");
  var status = document.getElementById("status");
  var byKey = {};
  data.assets.forEach(function (a) { byKey[a.key] = a; });

  function hue(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) { h = (h * 31 + text.charCodeAt(i)) >>> 0; }
    return h % 360;
  }
  var OUTCOME_COLOURS = { materialized: "#2e7d32", failed: "#c62828", "check failed": "#ef6c00", "not run": "#9e9e9e" };
  function colour(asset) {
    if (data.outcomes) { return OUTCOME_COLOURS[asset.outcome || "not run"]; }
    return "hsl(" + hue(asset.group) + ",55%,45%)";
  }
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function text(s) { return document.createTextNode(s); }

  // 1. The graph to lay out: every asset, or one node per group above the threshold.
  var overview = data.assets.length > OVERVIEW_ABOVE;
  var nodes = [];
  var edges = [];
  if (!overview) {
    data.assets.forEach(function (a) { nodes.push({ id: a.key, label: a.key, fill: colour(a), asset: a }); });
    data.assets.forEach(function (a) {
      a.deps.forEach(function (d) { if (byKey[d]) { edges.push([d, a.key]); } });
    });
  } else {
    var groups = {};
    data.assets.forEach(function (a) { (groups[a.group] = groups[a.group] || []).push(a); });
    Object.keys(groups).forEach(function (g) {
      nodes.push({ id: "group:" + g, label: g + " (" + groups[g].length + " assets)", fill: "hsl(" + hue(g) + ",55%,45%)", group: g });
    });
    var seen = {};
    data.assets.forEach(function (a) {
      a.deps.forEach(function (d) {
        var up = byKey[d];
        if (up && up.group !== a.group && !seen[up.group + "\u0000" + a.group]) {
          seen[up.group + "\u0000" + a.group] = true;
          edges.push(["group:" + up.group, "group:" + a.group]);
        }
      });
    });
  }

  // 2. Layout (timed).
  var started = performance.now();
  var g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 60, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(function () { return {}; });
  nodes.forEach(function (n) { g.setNode(n.id, { width: Math.min(420, 16 + n.label.length * 7), height: 26 }); });
  edges.forEach(function (e) { g.setEdge(e[0], e[1]); });
  dagre.layout(g);
  var layoutMs = Math.round(performance.now() - started);
  var size = g.graph();
  svg.setAttribute("width", Math.max(200, size.width || 0));
  svg.setAttribute("height", Math.max(100, size.height || 0));

  // 3. Draw: edges under nodes.
  var edgeLayer = el("g", { "class": "edges" }, svg);
  var nodeLayer = el("g", { "class": "nodes" }, svg);
  var drawnEdges = 0;
  edges.forEach(function (e) {
    var pts = g.edge(e[0], e[1]).points;
    var d = "M" + pts.map(function (p) { return p.x + "," + p.y; }).join(" L");
    el("path", { d: d, "class": "edge", "marker-end": "url(#arrow)" }, edgeLayer);
    drawnEdges++;
  });
  var drawnNodes = 0;
  var nodeElements = {};
  nodes.forEach(function (n) {
    var p = g.node(n.id);
    var grp = el("g", { "class": "node", transform: "translate(" + (p.x - p.width / 2) + "," + (p.y - p.height / 2) + ")",
      "data-key": n.id }, nodeLayer);
    el("rect", { width: p.width, height: p.height, rx: 5, fill: n.fill }, grp);
    var t = el("text", { x: 8, y: 17 }, grp);
    t.appendChild(text(n.label.length > 58 ? n.label.slice(0, 57) + "…" : n.label));
    el("title", {}, grp).appendChild(text(n.label));
    grp.addEventListener("click", function () {
      if (n.asset) { show(n.asset); } else { showGroup(n.group); }
      select(n.id);
    });
    nodeElements[n.id] = grp;
    drawnNodes++;
  });

  // 4. Details, selection and search.
  function row(dl, name, value) {
    var dt = document.createElement("dt"); dt.appendChild(text(name)); dl.appendChild(dt);
    var dd = document.createElement("dd"); dd.appendChild(text(value)); dl.appendChild(dd);
  }
  function show(a) {
    details.innerHTML = "";
    var h = document.createElement("h2"); h.appendChild(text(a.key)); details.appendChild(h);
    var dl = document.createElement("dl"); details.appendChild(dl);
    row(dl, "group", a.group);
    row(dl, "kinds", a.kinds.join(", "));
    if (a.outcome) { row(dl, "last outcome", a.outcome); }
    row(dl, "deps", a.deps.length ? a.deps.join(", ") : "none");
    row(dl, "checks", a.checks.length ? a.checks.join(", ") : "none");
    row(dl, "freshness", a.freshness || "none");
    row(dl, "partitions", a.partitions || "none");
    Object.keys(a.tags).forEach(function (k) { row(dl, "tag " + k, a.tags[k]); });
    Object.keys(a.metadata).forEach(function (k) { row(dl, k, a.metadata[k]); });
    if (a.lineage) {
      Object.keys(a.lineage).forEach(function (col) { row(dl, "column " + col, a.lineage[col].join(", ")); });
    }
  }
  function showGroup(groupName) {
    details.innerHTML = "";
    var h = document.createElement("h2"); h.appendChild(text("group " + groupName)); details.appendChild(h);
    var ul = document.createElement("ul"); details.appendChild(ul);
    data.assets.filter(function (a) { return a.group === groupName; }).slice(0, 500).forEach(function (a) {
      var li = document.createElement("li"); li.appendChild(text(a.key)); ul.appendChild(li);
      li.addEventListener("click", function () { show(a); });
    });
  }
  var selected = null;
  function select(id) {
    if (selected) { selected.classList.remove("selected"); }
    selected = nodeElements[id] || null;
    if (selected) {
      selected.classList.add("selected");
      if (selected.scrollIntoView) { selected.scrollIntoView({ block: "center", inline: "center" }); }
    }
  }
  function search(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var found = byKey[query.trim()] || data.assets.filter(function (a) { return a.key.toLowerCase().indexOf(q) >= 0; })[0];
    if (!found) {
      status.textContent = "no asset matches '" + query + "'";
      delete document.body.dataset.found;
      return null;
    }
    show(found);
    select(overview ? "group:" + found.group : found.key);
    document.body.dataset.found = found.key;
    status.textContent = "found " + found.key;
    return found;
  }
  document.getElementById("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { search(ev.target.value); }
  });

  // 5. Report what was drawn; a #search=<key> in the address runs a search (tests, links).
  document.getElementById("stats").textContent = data.assets.length + " assets, " + drawnNodes + " nodes and " + drawnEdges
    + " edges drawn" + (overview ? " (overview: one node per group; search finds an asset)" : "") + ", layout " + layoutMs + " ms";
  document.body.dataset.mode = overview ? "overview" : "assets";
  document.body.dataset.drawnNodes = String(drawnNodes);
  document.body.dataset.drawnEdges = String(drawnEdges);
  document.body.dataset.layoutMs = String(layoutMs);
  var m = /(?:^#|&)search=([^&]*)/.exec(location.hash);
  if (m) {
    var q = decodeURIComponent(m[1]);
    document.getElementById("search").value = q;
    search(q);
  }
  document.body.dataset.state = "ready";
})();
