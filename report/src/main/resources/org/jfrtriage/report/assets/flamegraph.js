/*
 * jfr-triage flame graph: a dependency-free canvas renderer.
 *
 *   FlameGraph.render(container, tree, options) -> api
 *
 * tree:    {n: name, v: value, k: kind ("app"|"jdk"|"native"|"alloc"|"root"), c: [children]}
 *          diff mode: each node also has b (before) and a (after); v is max(a, b)
 * options: {title, unit: "ms"|"samples"|"bytes"|"%"|"ms/s"|"MB/s", highlight: "frame name", diff: bool,
 *           inverted: bool}
 * api:     {zoomTo(name), reset(), search(regex), state()} — also stored as container.flameGraph
 *
 * Frame names come from recordings and may hold any text: they only ever reach the page through
 * textContent and canvas fillText, never as markup.
 */
(function () {
  'use strict';
  var ROW = 18;
  var FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var MIN_PX = 0.5;

  function formatValue(v, unit) {
    if (unit === 'ms' || unit === 'ms/s') {
      var suffix = unit === 'ms/s' ? '/s' : '';
      if (v >= 60000) return (v / 60000).toFixed(1) + ' min' + suffix;
      if (v >= 1000) return (v / 1000).toFixed(v >= 10000 ? 0 : 1) + ' s' + suffix;
      return (v >= 10 ? v.toFixed(0) : v.toFixed(1)) + ' ms' + suffix;
    }
    if (unit === 'bytes') {
      var units = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
      while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
      return (i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
    }
    if (unit === '%') return v.toFixed(v >= 10 ? 1 : 2) + '%';
    if (unit === 'MB/s') return v.toFixed(v >= 10 ? 0 : 2) + ' MB/s';
    return Math.round(v).toLocaleString('en-US') + (unit ? ' ' + unit : '');
  }

  function hash(s) {
    var h = 0;
    for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
    return Math.abs(h);
  }

  function kindColor(kind, name) {
    var j = hash(name) % 20;
    switch (kind) {
      case 'app': return 'hsl(' + (18 + j) + ', 85%, ' + (58 + (j % 7)) + '%)';
      case 'jdk': return 'hsl(' + (170 + j) + ', 45%, ' + (55 + (j % 8)) + '%)';
      case 'alloc': return 'hsl(' + (265 + j) + ', 55%, ' + (68 + (j % 6)) + '%)';
      case 'native': return 'hsl(0, 0%, ' + (70 + (j % 10)) + '%)';
      default: return 'hsl(220, 10%, 78%)';
    }
  }

  function diffColor(b, a) {
    if (b === 0 && a > 0) return 'hsl(0, 85%, 55%)';
    if (a === 0 && b > 0) return null; // gone: hatched
    var base = Math.max(b, 1e-12);
    var rel = (a - b) / base;
    var t = Math.min(1, Math.abs(rel));
    if (Math.abs(rel) < 0.05) return 'hsl(220, 8%, 82%)';
    var light = 88 - 38 * t;
    return rel > 0 ? 'hsl(0, 80%, ' + light + '%)' : 'hsl(215, 80%, ' + light + '%)';
  }

  /** Flattens the tree: parallel arrays, children after parents, x and w as fractions of the root. */
  function flatten(root, diff) {
    var nodes = [];
    var total = root.v || 0;
    function walk(node, parent, depth, x) {
      var index = nodes.length;
      var w = total > 0 ? (node.v || 0) / total : 0;
      nodes.push({n: String(node.n), v: node.v || 0, k: node.k || '', b: diff ? (node.b || 0) : 0,
        a: diff ? (node.a || 0) : 0, depth: depth, x: x, w: w, parent: parent, first: index + 1, end: 0});
      var cx = x;
      var children = node.c || [];
      for (var i = 0; i < children.length; i++) {
        walk(children[i], index, depth + 1, cx);
        cx += total > 0 ? (children[i].v || 0) / total : 0;
      }
      nodes[index].end = nodes.length; // descendants are [first, end)
    }
    walk(root, -1, 0, 0);
    return nodes;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(container, tree, options) {
    options = options || {};
    var unit = options.unit || '';
    var diff = !!options.diff;
    var nodes = flatten(tree, diff);
    var maxDepth = 0;
    for (var i = 0; i < nodes.length; i++) maxDepth = Math.max(maxDepth, nodes[i].depth);
    var zoom = 0;
    var matcher = null;
    var hovered = -1;

    container.classList.add('fg');
    var toolbar = el('div', 'fg-toolbar');
    var search = el('input', 'fg-search');
    search.type = 'search';
    search.placeholder = 'Search frames (regex)';
    search.setAttribute('aria-label', 'Search frames');
    var reset = el('button', 'fg-reset', 'Reset zoom');
    reset.type = 'button';
    var status = el('span', 'fg-status');
    toolbar.appendChild(search);
    toolbar.appendChild(reset);
    toolbar.appendChild(status);
    var wrap = el('div', 'fg-canvas-wrap');
    var canvas = el('canvas', 'fg-canvas');
    var tip = el('div', 'fg-tooltip');
    tip.style.display = 'none';
    wrap.appendChild(canvas);
    wrap.appendChild(tip);
    container.appendChild(toolbar);
    container.appendChild(wrap);
    var ctx = canvas.getContext('2d');
    var hatch = null;

    function hatchPattern() {
      if (hatch) return hatch;
      var p = document.createElement('canvas');
      p.width = 6; p.height = 6;
      var c = p.getContext('2d');
      c.fillStyle = '#eef0f3'; c.fillRect(0, 0, 6, 6);
      c.strokeStyle = '#b8bec8'; c.beginPath(); c.moveTo(0, 6); c.lineTo(6, 0); c.stroke();
      hatch = ctx.createPattern(p, 'repeat');
      return hatch;
    }

    function isHighlighted(node) {
      return options.highlight && node.n === options.highlight;
    }

    function isMatch(node) {
      return matcher !== null && matcher.test(node.n);
    }

    /** Share of the root's value covered by matching frames, each subtree counted once. */
    function shareOf(predicate) {
      var covered = 0;
      var i = 0;
      while (i < nodes.length) {
        if (predicate(nodes[i])) { covered += nodes[i].v; i = nodes[i].end; } else { i++; }
      }
      return nodes[0].v > 0 ? covered / nodes[0].v : 0;
    }

    function visible(i) {
      // the zoomed node's subtree, and its ancestors (drawn full width)
      var z = nodes[zoom];
      if (i >= zoom && i < z.end) return true;
      for (var p = z.parent; p >= 0; p = nodes[p].parent) if (p === i) return true;
      return false;
    }

    function geometry(i, width) {
      var z = nodes[zoom], n = nodes[i];
      if (!(i >= zoom && i < z.end)) return {x: 0, w: width};
      var scale = z.w > 0 ? width / z.w : 0;
      return {x: (n.x - z.x) * scale, w: n.w * scale};
    }

    function yOf(depth, height) {
      return options.inverted ? depth * ROW : height - (depth + 1) * ROW;
    }

    function updateStatus() {
      var parts = [];
      if (options.highlight) {
        var share = shareOf(isHighlighted);
        parts.push(share > 0 ? 'Finding site ' + options.highlight + ': ' + (share * 100).toFixed(1) + '% of total'
          : 'Finding site ' + options.highlight + ' is not in this graph');
      }
      if (matcher) parts.push('Matched ' + (shareOf(isMatch) * 100).toFixed(1) + '% of total');
      if (zoom !== 0) parts.push('Zoomed: ' + nodes[zoom].n);
      parts.push('Total ' + formatValue(nodes[0].v, unit));
      status.textContent = parts.join(' · ');
      reset.disabled = zoom === 0;
    }

    function draw() {
      var width = Math.max(200, wrap.clientWidth || container.clientWidth || 800);
      var height = (maxDepth + 1) * ROW + 2;
      var dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = width + 'px';
      canvas.style.height = height + 'px';
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.font = FONT;
      ctx.textBaseline = 'middle';
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i];
        if (!visible(i)) continue;
        var g = geometry(i, width);
        if (g.w < MIN_PX) { continue; }
        var y = yOf(n.depth, height);
        var fill;
        if (isMatch(n)) fill = '#e040fb';
        else if (diff) fill = diffColor(n.b, n.a) || hatchPattern();
        else fill = kindColor(n.k, n.n);
        ctx.fillStyle = fill;
        ctx.fillRect(g.x, y, Math.max(g.w - 1, 0.5), ROW - 1);
        if (i < zoom) { // ancestors of the zoomed frame
          ctx.fillStyle = 'rgba(255,255,255,0.45)';
          ctx.fillRect(g.x, y, g.w - 1, ROW - 1);
        }
        if (isHighlighted(n)) {
          ctx.strokeStyle = '#111';
          ctx.lineWidth = 2;
          ctx.strokeRect(g.x + 1, y + 1, Math.max(g.w - 3, 1), ROW - 3);
        }
        if (i === hovered) {
          ctx.strokeStyle = '#1a56db';
          ctx.lineWidth = 1.5;
          ctx.strokeRect(g.x + 0.5, y + 0.5, Math.max(g.w - 2, 1), ROW - 2);
        }
        if (g.w > 28) {
          ctx.fillStyle = '#1b1f24';
          var label = n.n;
          var max = g.w - 8;
          if (ctx.measureText(label).width > max) {
            var lo = 0, hi = label.length;
            while (lo < hi) { // longest prefix that fits with an ellipsis
              var mid = (lo + hi + 1) >> 1;
              if (ctx.measureText(label.slice(0, mid) + '…').width <= max) lo = mid; else hi = mid - 1;
            }
            label = lo > 0 ? label.slice(0, lo) + '…' : '';
          }
          if (label) ctx.fillText(label, g.x + 4, y + ROW / 2);
        }
      }
      updateStatus();
    }

    function nodeAt(px, py) {
      var width = canvas.clientWidth, height = canvas.clientHeight;
      var depth = options.inverted ? Math.floor(py / ROW) : Math.floor((height - py) / ROW);
      for (var i = 0; i < nodes.length; i++) {
        if (nodes[i].depth !== depth || !visible(i)) continue;
        var g = geometry(i, width);
        if (px >= g.x && px < g.x + g.w && g.w >= MIN_PX) return i;
      }
      return -1;
    }

    function showTip(i, px, py) {
      if (i < 0) { tip.style.display = 'none'; return; }
      var n = nodes[i];
      var lines = [n.n];
      var total = nodes[0].v;
      var parent = n.parent >= 0 ? nodes[n.parent].v : n.v;
      if (diff) {
        var delta = n.a - n.b;
        lines.push('before ' + formatValue(n.b, unit) + ' → after ' + formatValue(n.a, unit) +
          ' (' + (delta >= 0 ? '+' : '−') + formatValue(Math.abs(delta), unit) +
          (n.b > 0 ? ', ' + (delta >= 0 ? '+' : '') + (100 * delta / n.b).toFixed(0) + '%' : ', new') + ')');
      } else {
        lines.push(formatValue(n.v, unit) + ' · ' + (total > 0 ? (100 * n.v / total).toFixed(2) : '0') + '% of total · ' +
          (parent > 0 ? (100 * n.v / parent).toFixed(1) : '100') + '% of parent');
      }
      if (isHighlighted(n)) lines.push('the top finding\u2019s site');
      tip.textContent = '';
      for (var j = 0; j < lines.length; j++) {
        tip.appendChild(el('div', j === 0 ? 'fg-tip-name' : 'fg-tip-line', lines[j]));
      }
      tip.style.display = 'block';
      var left = Math.min(px + 14, Math.max(0, wrap.clientWidth - tip.offsetWidth - 4));
      tip.style.left = left + 'px';
      tip.style.top = (py + 16) + 'px';
    }

    canvas.addEventListener('mousemove', function (e) {
      var r = canvas.getBoundingClientRect();
      var i = nodeAt(e.clientX - r.left, e.clientY - r.top);
      if (i !== hovered) { hovered = i; draw(); }
      showTip(i, e.clientX - r.left, e.clientY - r.top);
      canvas.style.cursor = i >= 0 ? 'pointer' : 'default';
    });
    canvas.addEventListener('mouseleave', function () { hovered = -1; tip.style.display = 'none'; draw(); });
    canvas.addEventListener('click', function (e) {
      var r = canvas.getBoundingClientRect();
      var i = nodeAt(e.clientX - r.left, e.clientY - r.top);
      if (i >= 0) { api.zoomToIndex(i === zoom ? Math.max(nodes[i].parent, 0) : i); }
    });
    reset.addEventListener('click', function () { api.reset(); });
    search.addEventListener('input', function () { api.search(search.value); });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { api.reset(); }
    });
    window.addEventListener('resize', draw);

    var api = {
      zoomToIndex: function (i) { zoom = i; draw(); },
      zoomTo: function (name) {
        for (var i = 0; i < nodes.length; i++) if (nodes[i].n === name) { api.zoomToIndex(i); return true; }
        return false;
      },
      reset: function () { zoom = 0; draw(); },
      search: function (text) {
        if (!text) { matcher = null; search.classList.remove('fg-invalid'); draw(); return; }
        try { matcher = new RegExp(text, 'i'); search.classList.remove('fg-invalid'); }
        catch (err) { matcher = null; search.classList.add('fg-invalid'); }
        draw();
      },
      state: function () {
        return {nodes: nodes.length, zoomed: nodes[zoom].n, matchedShare: matcher ? shareOf(isMatch) : 0,
          highlightedShare: options.highlight ? shareOf(isHighlighted) : 0, width: canvas.width, height: canvas.height};
      }
    };
    container.flameGraph = api;
    draw();
    if (!options.inverted) wrap.scrollTop = wrap.scrollHeight; // deep graphs scroll; start at the root
    return api;
  }

  window.FlameGraph = {render: render, formatValue: formatValue};
})();
