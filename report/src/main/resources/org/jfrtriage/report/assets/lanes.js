/*
 * jfr-triage thread lanes: one lane per thread that waited for the top incident's lock or held it, coloured by
 * state over time, the holders' holds underlined. Inline SVG, vanilla ES2017, no dependencies; inlined into the
 * HTML report, served as-is by the web UI.
 *
 *   ThreadLanes.render(container, data, startEpochMs);
 *
 * DATA (HtmlReport's "lanes"):
 *   {"incident": 1, "title": "Incident 1 — Sessions.touch: lock hotspot · pileup", "bucketMs": 17.8, "buckets": 600,
 *    "omitted": 3, "states": ["running", "blocked", "parked", "waiting", "sleeping", "io"],
 *    "lanes": [{"thread": "sweeper", "role": "holder", "waitedMs": 0, "heldMs": 71894,
 *               "runs": [[firstBucket, buckets, stateIndex], ...], "held": [[firstBucket, buckets], ...]}]}
 *   An object without "lanes" draws a one-line note instead.
 *
 * Thread names reach the page only through textContent (labels and hover titles), never as markup.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var GUTTER = 190;          // px left of the plot: thread names
  var RIGHT = 16;
  var LANE = 18;             // px per lane bar
  var GAP = 8;               // px between lanes (the holder's underline sits in it)
  var AXIS = 26;
  var COLORS = {running: '#2f9e44', blocked: '#e03131', parked: '#f08c00', waiting: '#1c7ed6', sleeping: '#ae3ec9',
    io: '#0c8599'};
  var NAMES = {running: 'running', blocked: 'blocked (monitor enter)', parked: 'parked', waiting: 'waiting (Object.wait)',
    sleeping: 'sleeping', io: 'I/O'};
  var HELD = '#1f2328';
  var TICK_STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];
  var UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

  var STYLE = [
    '.ln{font:13px/1.45 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328}',
    '.ln-title{font-weight:600;font-size:14px;margin:0 0 6px}',
    '.ln-svg{display:block;max-width:100%}',
    '.ln-label{font-size:12px;fill:#1f2328}.ln-label.holder{font-weight:700}',
    '.ln-axis{font-size:11px;fill:#57606a}',
    '.ln-run:hover,.ln-held:hover{opacity:.75}',
    '.ln-legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:6px 0 0;font-size:12px;color:#57606a;padding:0;list-style:none}',
    '.ln-sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}',
    '.ln-sw.held{height:4px;vertical-align:2px}',
    '.ln-note{margin:6px 0 0;font-size:12px;color:#57606a}'
  ].join('');

  function injectStyles() {
    if (document.querySelector('style[data-jfrtriage="lanes"]')) return;
    var style = document.createElement('style');
    style.setAttribute('data-jfrtriage', 'lanes');
    style.textContent = STYLE;
    (document.head || document.documentElement).appendChild(style);
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function clean(s, max) {
    var t = (s === undefined || s === null ? '' : String(s)).replace(UNSAFE_CHARS, '\ufffd');
    return t.length > max ? t.slice(0, max) + '\u2026' : t;
  }

  function seconds(v) {
    return (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' s';
  }

  function duration(ms) {
    if (ms >= 60000) return (ms / 60000).toFixed(1) + ' min';
    if (ms >= 1000) return (ms / 1000).toFixed(1) + ' s';
    return Math.round(ms) + ' ms';
  }

  function titled(node, text) {
    var t = svg('title');
    t.textContent = text;
    node.appendChild(t);
    return node;
  }

  function render(container, data, startEpochMs) {
    if (!container) return null;
    injectStyles();
    container.textContent = '';
    var root = el('div', 'ln');
    container.appendChild(root);
    if (!data || !data.lanes || !data.lanes.length) {
      root.appendChild(el('p', 'ln-note', 'No incident about a lock in this recording: no thread lanes to draw.'));
      return null;
    }
    var states = data.states || [];
    var buckets = data.buckets || 1;
    var bucketMs = data.bucketMs || 1;
    var totalS = buckets * bucketMs / 1000;
    root.appendChild(el('p', 'ln-title', clean(data.title, 300)));

    var width = Math.max(640, Math.min(container.clientWidth || 1000, 1600));
    var plot = width - GUTTER - RIGHT;
    var height = data.lanes.length * (LANE + GAP) + AXIS;
    var chart = svg('svg', {'class': 'ln-svg', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height,
      role: 'img', 'aria-label': 'Thread lanes: ' + data.lanes.length + ' threads'});
    var x = function (bucket) { return GUTTER + bucket / buckets * plot; };
    var at = function (bucket) { return bucket * bucketMs / 1000; };

    data.lanes.forEach(function (lane, i) {
      var name = clean(lane.thread, 200);
      var y = i * (LANE + GAP);
      var g = svg('g', {'class': 'ln-lane', 'data-role': lane.role});
      g.setAttribute('data-thread', name);
      var label = svg('text', {'class': 'ln-label' + (lane.role === 'holder' ? ' holder' : ''), x: GUTTER - 8,
        y: y + LANE / 2 + 4, 'text-anchor': 'end'});
      label.textContent = clean(lane.thread, 26) + (lane.role === 'holder' ? ' \u25c6' : '');
      titled(label, name + (lane.role === 'holder'
        ? ' \u2014 held the lock while others waited ' + duration(lane.heldMs)
        : ' \u2014 waited ' + duration(lane.waitedMs) + ' for the lock'));
      g.appendChild(label);
      g.appendChild(svg('rect', {'class': 'ln-bg', x: GUTTER, y: y, width: plot, height: LANE, fill: '#f1f3f5'}));
      (lane.runs || []).forEach(function (r) {
        var state = states[r[2]] || 'unknown';
        var rect = svg('rect', {'class': 'ln-run', 'data-state': state, x: x(r[0]), y: y,
          width: Math.max(0.5, x(r[0] + r[1]) - x(r[0])), height: LANE, fill: COLORS[state] || '#adb5bd'});
        g.appendChild(titled(rect, name + ' \u00b7 ' + (NAMES[state] || state) + ' \u00b7 ' + seconds(at(r[0]))
          + ' \u2013 ' + seconds(at(r[0] + r[1]))));
      });
      (lane.held || []).forEach(function (h) {
        var mark = svg('rect', {'class': 'ln-held', x: x(h[0]), y: y + LANE + 1,
          width: Math.max(1, x(h[0] + h[1]) - x(h[0])), height: 4, fill: HELD});
        g.appendChild(titled(mark, name + ' held the lock while others waited \u00b7 ' + seconds(at(h[0]))
          + ' \u2013 ' + seconds(at(h[0] + h[1]))));
      });
      chart.appendChild(g);
    });

    // the axis: seconds from the recording's start
    var axisY = data.lanes.length * (LANE + GAP) + 2;
    chart.appendChild(svg('line', {x1: GUTTER, x2: GUTTER + plot, y1: axisY, y2: axisY, stroke: '#adb5bd'}));
    var step = TICK_STEPS[TICK_STEPS.length - 1];
    for (var s = 0; s < TICK_STEPS.length; s++) {
      if (totalS / TICK_STEPS[s] <= Math.max(2, plot / 90)) { step = TICK_STEPS[s]; break; }
    }
    for (var t = 0; t <= totalS + 1e-9; t += step) {
      var tx = GUTTER + t / totalS * plot;
      chart.appendChild(svg('line', {x1: tx, x2: tx, y1: axisY, y2: axisY + 4, stroke: '#adb5bd'}));
      var tick = svg('text', {'class': 'ln-axis', x: tx, y: axisY + 16, 'text-anchor': t === 0 ? 'start' : 'middle'});
      tick.textContent = (step < 1 ? t.toFixed(1) : Math.round(t)) + ' s';
      chart.appendChild(tick);
    }
    var unit = svg('text', {'class': 'ln-axis', x: GUTTER - 8, y: axisY + 16, 'text-anchor': 'end'});
    unit.textContent = 'from recording start';
    chart.appendChild(unit);
    root.appendChild(chart);

    var legend = el('ul', 'ln-legend');
    states.forEach(function (state) {
      var item = el('li', 'ln-key');
      item.setAttribute('data-state', state);
      var sw = el('span', 'ln-sw');
      sw.style.background = COLORS[state] || '#adb5bd';
      item.appendChild(sw);
      item.appendChild(document.createTextNode(NAMES[state] || state));
      legend.appendChild(item);
    });
    var heldItem = el('li', 'ln-key');
    var heldSw = el('span', 'ln-sw held');
    heldSw.style.background = HELD;
    heldItem.appendChild(heldSw);
    heldItem.appendChild(document.createTextNode('held the lock while others waited (\u25c6 holder)'));
    legend.appendChild(heldItem);
    var noData = el('li', 'ln-key');
    var noSw = el('span', 'ln-sw');
    noSw.style.background = '#f1f3f5';
    noData.appendChild(noSw);
    noData.appendChild(document.createTextNode('nothing recorded'));
    legend.appendChild(noData);
    root.appendChild(legend);
    var note = 'Each bar is ' + (bucketMs >= 1000 ? seconds(bucketMs / 1000) : Math.round(bucketMs * 10) / 10 + ' ms')
      + ' wide; it shows the state the thread spent most of it in.';
    if (data.omitted > 0) {
      note += ' ' + data.omitted + (data.omitted === 1 ? ' more thread' : ' more threads') + ' not shown ('
        + data.lanes.length + ' lanes at most).';
    }
    var noteEl = el('p', 'ln-note', note);
    noteEl.setAttribute('data-omitted', String(data.omitted || 0));
    root.appendChild(noteEl);
    return root;
  }

  window.ThreadLanes = {render: render};
})();
