/*
 * jfr-triage timeline: per-second series as stacked lanes on one time axis, with the finding marks (pileups)
 * as vertical markers. Vanilla ES2017, no dependencies; inlined into the HTML report, served as-is by the web UI.
 *
 *   var timeline = Timeline.render(container, data, options);   // also stored as container.timeline
 *
 * DATA:
 *   {"startEpochMs": 1700000000000,            // wall-clock time of second 0 (optional: then labels are +N s)
 *    "seconds": 120,                           // length of the axis (default: the longest series)
 *    "series": [{"name": "threads blocked on locks", "unit": "threads", "values": [0, 0.5, 12.3, ...],
 *                "color": "#e8590c"}],         // color optional; only #hex, rgb(), hsl() or a color word
 *    "marks": [{"second": 37.2, "label": "pileup: Ledger.post (48 threads)"}]}
 *   Series that are zero throughout get no lane; they are listed in one line under the chart.
 *
 * OPTIONS: {title, showTitle: false, laneHeight: 54, utc: true (false: the viewer's local time)}
 *
 * Series names, units and mark labels are drawn with fillText and shown with textContent only.
 */
(function () {
  'use strict';

  var GUTTER = 212;          // px left of the plot: series name, peak and mean
  var RIGHT = 16;
  var LANE_GAP = 12;
  var MARK_BAND = 22;        // px above the lanes for mark flags
  var AXIS = 26;
  var FONT = '12px ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var SMALL = '11px ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var BOLD = '600 12px ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var COLORS = ['#e8590c', '#1c7ed6', '#ae3ec9', '#2f9e44', '#f59f00', '#0c8599', '#868e96'];
  var MARK_COLOR = '#e03131';
  var SAFE_COLOR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([0-9.,%\s]+\)|[a-z]{3,20})$/i;
  var UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
  var TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];

  var STYLE = [
    '.tl{position:relative;font:13px/1.45 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328}',
    '.tl-title{font-weight:600;font-size:14px;margin:0 0 6px}',
    '.tl-wrap{position:relative}.tl-canvas{display:block}',
    '.tl-overlay{position:absolute;left:0;top:0;pointer-events:none}',
    '.tl-note{margin:6px 0 0;font-size:12px;color:#57606a}',
    '.tl-tip{position:fixed;z-index:2147483000;pointer-events:none;box-sizing:border-box;max-width:min(460px,92vw);',
    'padding:8px 10px;border-radius:7px;background:rgba(17,24,39,.96);color:#f3f4f6;font-size:12px;line-height:1.5;',
    'box-shadow:0 6px 24px rgba(0,0,0,.22);overflow-wrap:anywhere}',
    '.tl-tip-time{font-weight:600;margin-bottom:4px;color:#fff}',
    '.tl-tip-grid{display:grid;grid-template-columns:auto 1fr;gap:1px 14px}',
    '.tl-tip-k{color:#9ca3af;white-space:nowrap}.tl-tip-v{text-align:right;font-variant-numeric:tabular-nums}',
    '.tl-tip-sw{display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:6px}',
    '.tl-tip-mark{margin-top:5px;color:#ffa8a8}',
    '@media print{.tl-tip,.tl-overlay{display:none!important}.tl-canvas{max-width:100%;height:auto!important}.tl{break-inside:avoid}}'
  ].join('');

  function injectStyles() {
    if (document.querySelector('style[data-jfrtriage="timeline"]')) return;
    var style = document.createElement('style');
    style.setAttribute('data-jfrtriage', 'timeline');
    style.textContent = STYLE;
    (document.head || document.documentElement).appendChild(style);
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function clean(s, max) {
    var t = (s === undefined || s === null ? '' : String(s)).replace(UNSAFE_CHARS, '\ufffd');
    return t.length > max ? t.slice(0, max) + '\u2026' : t;
  }

  function number(v) {
    var a = Math.abs(v);
    if (a === 0) return '0';
    if (a >= 1000) return Math.round(v).toLocaleString('en-US');
    if (a >= 100) return v.toFixed(0);
    if (a >= 10) return v.toFixed(1).replace(/\.0$/, '');
    if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
    return v.toPrecision(2).replace(/\.?0+$/, '');
  }

  /** 340 ms, 1.2 s, 48 MB, 3.5 threads. */
  function format(v, unit) {
    if (unit === 'ms' && Math.abs(v) >= 1000) return number(v / 1000) + ' s';
    if (unit === 'MB' && Math.abs(v) >= 1024) return number(v / 1024) + ' GB';
    if (unit === 'bytes') {
      var units = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
      while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
      return number(v) + ' ' + units[i];
    }
    if (unit === '%') return number(v) + '%';
    return number(v) + (unit ? ' ' + unit : '');
  }

  /** A round axis maximum at or above v: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten. */
  function niceCeil(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v * 0.999999) return steps[i] * p;
    return 10 * p;
  }

  function two(n) { return n < 10 ? '0' + n : String(n); }

  function render(container, data, options) {
    if (!container || !container.appendChild) throw new Error('Timeline.render: container element required');
    if (container.timeline && container.timeline.destroy) container.timeline.destroy();
    options = options || {};
    data = data || {};
    injectStyles();
    var utc = options.utc !== false;
    var laneHeight = options.laneHeight > 20 ? +options.laneHeight : 54;
    var start = Number.isFinite(+data.startEpochMs) && data.startEpochMs !== null && data.startEpochMs !== undefined
      ? +data.startEpochMs : null;
    var all = (Array.isArray(data.series) ? data.series : []).map(function (s, i) {
      var values = Array.isArray(s && s.values) ? s.values.map(function (v) { v = +v; return v > -Infinity && v < Infinity ? v : 0; }) : [];
      var max = 0, sum = 0;
      values.forEach(function (v) { if (v > max) max = v; sum += v; });
      var color = s && typeof s.color === 'string' && SAFE_COLOR.test(s.color) ? s.color : COLORS[i % COLORS.length];
      return {name: clean(s && s.name, 200) || 'series ' + (i + 1), unit: clean(s && s.unit, 40), values: values,
        max: max, mean: values.length ? sum / values.length : 0, color: color};
    });
    var seconds = Math.max(1, +data.seconds > 0 ? Math.ceil(+data.seconds) : 0,
      all.reduce(function (n, s) { return Math.max(n, data.seconds > 0 ? 0 : s.values.length); }, 0));
    var series = all.filter(function (s) { return s.max > 0; });
    var quiet = all.filter(function (s) { return s.max <= 0; });
    var marks = (Array.isArray(data.marks) ? data.marks : []).filter(function (mk) {
      return mk && +mk.second >= 0 && +mk.second <= seconds;
    }).map(function (mk) { return {second: +mk.second, label: clean(mk.label, 300)}; })
      .sort(function (a, b) { return a.second - b.second; });

    var root = el('div', 'tl-root');
    container.classList.add('tl');
    container.appendChild(root);
    if (options.title && options.showTitle) root.appendChild(el('div', 'tl-title', String(options.title)));
    if (series.length === 0) {
      root.appendChild(el('p', 'tl-note', 'No per-second activity in this recording.'));
      var empty = {state: function () { return {lanes: [], quiet: quiet.map(function (s) { return s.name; }), seconds: seconds}; },
        redraw: function () {}, destroy: function () { if (root.parentNode) root.parentNode.removeChild(root); }};
      container.timeline = empty;
      return empty;
    }
    var wrap = el('div', 'tl-wrap');
    var canvas = el('canvas', 'tl-canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', (options.title ? String(options.title) + ': ' : '') + 'per-second timeline of ' +
      series.map(function (s) { return s.name; }).join(', '));
    var overlay = el('canvas', 'tl-overlay');
    var tip = el('div', 'tl-tip');
    tip.style.display = 'none';
    wrap.appendChild(canvas);
    wrap.appendChild(overlay);
    root.appendChild(wrap);
    root.appendChild(tip);
    if (quiet.length) {
      root.appendChild(el('p', 'tl-note', 'Zero throughout: ' + quiet.map(function (s) { return s.name; }).join(', ') + '.'));
    }
    var ctx = canvas.getContext('2d');
    var octx = overlay.getContext('2d');
    var cssWidth = 0, cssHeight = 0, plot = 0, step = 1, hoverSecond = -1, lastWidth = 0, pending = 0;
    var top0 = marks.length ? MARK_BAND : 6;
    var printing = false;

    function laneTop(i) { return top0 + i * (laneHeight + LANE_GAP); }
    function lanesBottom() { return laneTop(series.length) - LANE_GAP; }
    function xOf(second) { return GUTTER + second * step; }

    function clock(second, withDate) {
      if (start === null) return '+' + Math.round(second) + ' s';
      var d = new Date(start + second * 1000);
      var hms = utc ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
      var text = two(hms[0]) + ':' + two(hms[1]) + ':' + two(hms[2]);
      if (!withDate) return text;
      var ymd = utc ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] : [d.getFullYear(), d.getMonth() + 1, d.getDate()];
      return ymd[0] + '-' + two(ymd[1]) + '-' + two(ymd[2]) + ' ' + text + (utc ? ' UTC' : '');
    }

    function fit(text, room) {
      if (ctx.measureText(text).width <= room) return text;
      var k = text.length;
      while (k > 1 && ctx.measureText(text.slice(0, k) + '\u2026').width > room) k--;
      return k > 1 ? text.slice(0, k) + '\u2026' : '';
    }

    function draw() {
      pending = 0;
      var width = Math.floor(wrap.clientWidth);
      if (width <= 0) return;
      lastWidth = width;
      var dpr = printing ? Math.max(window.devicePixelRatio || 1, 2) : window.devicePixelRatio || 1;
      cssWidth = Math.max(width, GUTTER + 120);
      cssHeight = lanesBottom() + AXIS;
      plot = cssWidth - GUTTER - RIGHT;
      step = plot / seconds;
      [canvas, overlay].forEach(function (c) {
        c.width = Math.round(cssWidth * dpr);
        c.height = Math.round(cssHeight * dpr);
        c.style.width = cssWidth + 'px';
        c.style.height = cssHeight + 'px';
      });
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      octx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, cssWidth, cssHeight);

      var ticks = tickSeconds();
      series.forEach(function (s, lane) {
        var top = laneTop(lane), h = laneHeight;
        var yMax = niceCeil(s.max);
        ctx.fillStyle = '#f8f9fb';
        ctx.fillRect(GUTTER, top, plot, h);
        ctx.fillStyle = '#e9ecef';
        ticks.forEach(function (t) { ctx.fillRect(Math.round(xOf(t)), top, 1, h); });
        ctx.fillRect(GUTTER, Math.round(top + h / 2), plot, 1);
        ctx.fillStyle = '#dee2e6';
        ctx.fillRect(GUTTER, top + h - 1, plot, 1);
        // bars: one per second when there is room, else the peak of each pixel column (spikes never vanish)
        ctx.fillStyle = s.color;
        var v = s.values;
        if (step >= 2) {
          var gap = step >= 5 ? 1 : 0;
          for (var i = 0; i < seconds && i < v.length; i++) {
            if (v[i] <= 0) continue;
            var bh = Math.max(1, h * Math.min(v[i], yMax) / yMax);
            ctx.fillRect(xOf(i), top + h - bh, step - gap, bh);
          }
        } else {
          for (var px = 0; px < plot; px++) {
            var s0 = Math.floor(px / step), s1 = Math.min(v.length, Math.max(s0 + 1, Math.floor((px + 1) / step)));
            var peak = 0;
            for (var j = s0; j < s1; j++) if (v[j] > peak) peak = v[j];
            if (peak > 0) {
              var ph = Math.max(1, h * Math.min(peak, yMax) / yMax);
              ctx.fillRect(GUTTER + px, top + h - ph, 1, ph);
            }
          }
        }
        // gutter: swatch, name, peak; y labels next to the plot
        ctx.textBaseline = 'top';
        ctx.fillStyle = s.color;
        ctx.fillRect(0, top + 3, 8, 8);
        ctx.font = BOLD;
        ctx.fillStyle = '#1f2328';
        ctx.fillText(fit(s.name, GUTTER - 26), 13, top);
        ctx.font = SMALL;
        ctx.fillStyle = '#6b7280';
        ctx.fillText(fit('peak ' + format(s.max, s.unit), GUTTER - 26), 13, top + 17);
        ctx.fillText(fit('mean ' + format(s.mean, s.unit), GUTTER - 26), 13, top + 31);
        // y scale inside the plot, on a veil so bars never hide it
        var scaleLabel = format(yMax, s.unit);
        var lw = ctx.measureText(scaleLabel).width;
        ctx.fillStyle = 'rgba(248,249,251,0.85)';
        ctx.fillRect(GUTTER + 1, top + 1, lw + 8, 14);
        ctx.fillStyle = '#6b7280';
        ctx.fillText(scaleLabel, GUTTER + 5, top + 2);
        ctx.fillStyle = '#dee2e6';
        ctx.fillRect(GUTTER, top, plot, 1);
      });

      // x axis
      var axisY = lanesBottom();
      ctx.font = SMALL;
      ctx.textBaseline = 'top';
      ctx.fillStyle = '#6b7280';
      var lastRight = -Infinity;
      ticks.forEach(function (t) {
        var x = Math.round(xOf(t));
        ctx.fillRect(x, axisY, 1, 4);
        var label = clock(t, false);
        var w = ctx.measureText(label).width;
        var lx = Math.min(Math.max(x - w / 2, GUTTER), cssWidth - w - 2);
        if (lx > lastRight + 8) { ctx.fillText(label, lx, axisY + 7); lastRight = lx + w; }
      });
      ctx.fillText(start === null ? 'seconds' : utc ? 'time (UTC)' : 'local time', 13, axisY + 7);

      // marks: dashed verticals across the lanes, flags above them where they do not overlap
      ctx.font = SMALL;
      var flagRight = -Infinity;
      marks.forEach(function (mk) {
        var x = Math.round(xOf(mk.second)) + 0.5;
        ctx.strokeStyle = MARK_COLOR;
        ctx.lineWidth = 1;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, top0 - 4);
        ctx.lineTo(x, axisY);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = MARK_COLOR;
        ctx.beginPath();
        ctx.moveTo(x - 4.5, top0 - 9);
        ctx.lineTo(x + 4.5, top0 - 9);
        ctx.lineTo(x, top0 - 3);
        ctx.closePath();
        ctx.fill();
        var room = Math.min(260, cssWidth - RIGHT - x - 8);
        if (x - 2 > flagRight && room > 40) {
          var label = fit(mk.label, room);
          if (label) {
            ctx.fillStyle = '#c92a2a';
            ctx.textBaseline = 'middle';
            ctx.fillText(label, x + 7, top0 - 11);
            flagRight = x + 7 + ctx.measureText(label).width + 6;
          }
        }
      });
      drawOverlay();
    }

    function tickSeconds() {
      var every = TICK_STEPS[TICK_STEPS.length - 1];
      for (var i = 0; i < TICK_STEPS.length; i++) {
        if (TICK_STEPS[i] * step >= 84) { every = TICK_STEPS[i]; break; }
      }
      // align to wall-clock multiples so labels read 14:03:00, 14:03:30 ...
      var offset = start === null ? 0 : ((every - (Math.floor(start / 1000) % every)) % every);
      var out = [];
      for (var t = offset; t <= seconds; t += every) out.push(t);
      return out;
    }

    function drawOverlay() {
      octx.clearRect(0, 0, cssWidth, cssHeight);
      if (hoverSecond < 0) return;
      var x = xOf(hoverSecond);
      var w = Math.max(step, 1);
      octx.fillStyle = 'rgba(17,24,39,0.08)';
      octx.fillRect(x, top0 - 2, w, lanesBottom() - top0 + 2);
      octx.fillStyle = 'rgba(17,24,39,0.55)';
      octx.fillRect(Math.round(x + w / 2), top0 - 2, 1, lanesBottom() - top0 + 2);
      series.forEach(function (s, lane) {
        var v = s.values[hoverSecond] || 0;
        var top = laneTop(lane), yMax = niceCeil(s.max);
        var y = top + laneHeight - laneHeight * Math.min(v, yMax) / yMax;
        octx.beginPath();
        octx.arc(x + w / 2, y, 3.5, 0, 2 * Math.PI);
        octx.fillStyle = '#fff';
        octx.fill();
        octx.lineWidth = 2;
        octx.strokeStyle = s.color;
        octx.stroke();
      });
    }

    function fillTip(second) {
      tip.textContent = '';
      tip.appendChild(el('div', 'tl-tip-time', clock(second, true) + '  (+' + second + ' s)'));
      var grid = el('div', 'tl-tip-grid');
      all.forEach(function (s) {
        var k = el('span', 'tl-tip-k');
        var sw = el('i', 'tl-tip-sw');
        sw.style.background = s.color;
        k.appendChild(sw);
        k.appendChild(document.createTextNode(s.name));
        grid.appendChild(k);
        grid.appendChild(el('span', 'tl-tip-v', format(s.values[second] || 0, s.unit)));
      });
      tip.appendChild(grid);
      marks.forEach(function (mk) {
        if (Math.abs(xOf(mk.second) - xOf(second + 0.5)) <= Math.max(step / 2, 4)) {
          tip.appendChild(el('div', 'tl-tip-mark', '\u25bc ' + mk.label));
        }
      });
    }

    function secondAt(px, py) {
      if (px < GUTTER || px >= GUTTER + plot || py < 0 || py > lanesBottom() + 4) return -1;
      var s = Math.floor((px - GUTTER) / step);
      return s >= 0 && s < seconds ? s : -1;
    }

    function onMove(e) {
      var r = canvas.getBoundingClientRect();
      var s = secondAt(e.clientX - r.left, e.clientY - r.top);
      if (s !== hoverSecond) {
        hoverSecond = s;
        drawOverlay();
        if (s >= 0) fillTip(s);
      }
      if (s < 0) { tip.style.display = 'none'; return; }
      tip.style.display = 'block';
      var vw = document.documentElement.clientWidth || window.innerWidth;
      var vh = document.documentElement.clientHeight || window.innerHeight;
      var tr = tip.getBoundingClientRect();
      var left = e.clientX + 16, top = e.clientY + 14;
      if (left + tr.width > vw - 6) left = Math.max(6, e.clientX - 16 - tr.width);
      if (top + tr.height > vh - 6) top = Math.max(6, e.clientY - 12 - tr.height);
      tip.style.left = left + 'px';
      tip.style.top = top + 'px';
    }

    function onLeave() {
      hoverSecond = -1;
      tip.style.display = 'none';
      drawOverlay();
    }

    function scheduleDraw() {
      if (!pending) pending = requestAnimationFrame(draw);
    }

    canvas.addEventListener('mousemove', onMove);
    canvas.addEventListener('mouseleave', onLeave);
    var observer = null;
    if (typeof ResizeObserver === 'function') {
      observer = new ResizeObserver(function () { if (Math.floor(wrap.clientWidth) !== lastWidth) scheduleDraw(); });
      observer.observe(wrap);
    }
    window.addEventListener('resize', scheduleDraw);
    function beforePrint() { printing = true; draw(); }
    function afterPrint() { printing = false; draw(); }
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);

    var api = {
      state: function () {
        return {lanes: series.map(function (s) { return s.name; }), quiet: quiet.map(function (s) { return s.name; }),
          seconds: seconds, marks: marks.length, cssWidth: cssWidth, cssHeight: cssHeight, canvasWidth: canvas.width,
          plotLeft: GUTTER, plotWidth: plot, laneTops: series.map(function (s, i) { return laneTop(i); }),
          hoverSecond: hoverSecond, tooltip: tip.style.display === 'none' ? null : tip.textContent};
      },
      redraw: draw,
      destroy: function () {
        if (observer) observer.disconnect();
        window.removeEventListener('resize', scheduleDraw);
        window.removeEventListener('beforeprint', beforePrint);
        window.removeEventListener('afterprint', afterPrint);
        if (pending) cancelAnimationFrame(pending);
        if (root.parentNode) root.parentNode.removeChild(root);
        if (container.timeline === api) delete container.timeline;
      }
    };
    container.timeline = api;
    draw();
    return api;
  }

  window.Timeline = {render: render};
})();
