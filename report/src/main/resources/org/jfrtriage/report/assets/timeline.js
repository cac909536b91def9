/*
 * jfr-triage timeline: per-second series as small stacked charts on one time axis.
 *
 *   Timeline.render(container, data, options)
 *
 * data: {startEpochMs, seconds, series: [{name, unit, values: [...]}], marks: [{second, label}]}
 * Text from the data reaches the page only through textContent and fillText.
 */
(function () {
  'use strict';
  var COLORS = ['#d9480f', '#1971c2', '#7048e8', '#2b8a3e', '#868e96'];
  var LANE = 54;
  var LEFT = 170;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fmt(v, unit) {
    var s = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
    return s + (unit ? ' ' + unit : '');
  }

  function clock(epochMs) {
    return new Date(epochMs).toISOString().substring(11, 19);
  }

  function render(container, data, options) {
    var series = (data.series || []).filter(function (s) {
      return s.values && s.values.some(function (v) { return v > 0; });
    });
    var marks = data.marks || [];
    var seconds = Math.max(1, data.seconds || 1);
    container.classList.add('tl');
    if (series.length === 0) {
      container.appendChild(el('p', 'hint', 'No per-second data in this recording.'));
      return;
    }
    var wrap = el('div', 'tl-wrap');
    var canvas = el('canvas', 'tl-canvas');
    var tip = el('div', 'fg-tooltip');
    tip.style.display = 'none';
    wrap.appendChild(canvas);
    wrap.appendChild(tip);
    container.appendChild(wrap);
    var ctx = canvas.getContext('2d');
    var axis = 22;

    function draw() {
      var width = Math.max(400, wrap.clientWidth || 800);
      var height = series.length * LANE + axis;
      var dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = width + 'px';
      canvas.style.height = height + 'px';
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      var plot = width - LEFT - 10;
      var step = plot / seconds;
      series.forEach(function (s, lane) {
        var top = lane * LANE + 4;
        var h = LANE - 12;
        var max = Math.max.apply(null, s.values) || 1;
        ctx.fillStyle = '#f4f5f7';
        ctx.fillRect(LEFT, top, plot, h);
        ctx.fillStyle = COLORS[lane % COLORS.length];
        for (var i = 0; i < s.values.length; i++) {
          var bh = h * (s.values[i] / max);
          ctx.fillRect(LEFT + i * step, top + h - bh, Math.max(step - 1, 1), bh);
        }
        ctx.fillStyle = '#1b1f24';
        ctx.textBaseline = 'top';
        ctx.fillText(s.name, 6, top + 2);
        ctx.fillStyle = '#5c6370';
        ctx.fillText('max ' + fmt(max, s.unit), 6, top + 18);
      });
      ctx.strokeStyle = '#c92a2a';
      ctx.fillStyle = '#c92a2a';
      marks.forEach(function (m) {
        var x = LEFT + m.second * step;
        ctx.beginPath();
        ctx.setLineDash([4, 3]);
        ctx.moveTo(x, 0);
        ctx.lineTo(x, series.length * LANE);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.beginPath();
        ctx.moveTo(x - 5, 0); ctx.lineTo(x + 5, 0); ctx.lineTo(x, 7); ctx.fill();
      });
      ctx.fillStyle = '#5c6370';
      ctx.textBaseline = 'top';
      var ticks = Math.min(10, seconds);
      for (var t = 0; t <= ticks; t++) {
        var sec = Math.round(t * seconds / ticks);
        var x = LEFT + sec * step;
        ctx.fillRect(x, series.length * LANE, 1, 4);
        var label = clock(data.startEpochMs + sec * 1000);
        ctx.fillText(label, Math.min(x - 24, width - 56), series.length * LANE + 6);
      }
    }

    canvas.addEventListener('mousemove', function (e) {
      var r = canvas.getBoundingClientRect();
      var px = e.clientX - r.left, py = e.clientY - r.top;
      var plot = canvas.clientWidth - LEFT - 10;
      var sec = Math.floor((px - LEFT) / (plot / seconds));
      if (px < LEFT || sec < 0 || sec >= seconds) { tip.style.display = 'none'; return; }
      tip.textContent = '';
      tip.appendChild(el('div', 'fg-tip-name', clock(data.startEpochMs + sec * 1000) + ' (+' + sec + ' s)'));
      series.forEach(function (s) {
        tip.appendChild(el('div', 'fg-tip-line', s.name + ': ' + fmt(s.values[sec] || 0, s.unit)));
      });
      marks.forEach(function (m) {
        if (Math.floor(m.second) === sec) tip.appendChild(el('div', 'fg-tip-line fg-tip-mark', m.label));
      });
      tip.style.display = 'block';
      tip.style.left = Math.min(px + 14, canvas.clientWidth - tip.offsetWidth - 4) + 'px';
      tip.style.top = (py + 14) + 'px';
    });
    canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
    window.addEventListener('resize', draw);
    draw();
  }

  window.Timeline = {render: render};
})();
