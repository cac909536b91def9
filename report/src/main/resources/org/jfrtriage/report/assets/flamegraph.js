/*
 * jfr-triage flame graph: an interactive canvas flame graph. Vanilla ES2017, no dependencies, no build step;
 * inlined into the self-contained HTML report and served as-is by the web UI.
 *
 *   var graph = FlameGraph.render(container, data, options);   // also stored as container.flameGraph
 *
 * DATA, nested form (what FlameGraphs.java writes), root first:
 *   {"n": "all", "v": 1234, "s": 0, "k": "root", "c": [ {"n": "java.lang.Thread.run", "v": 1200, "k": "jdk", "c": [...]}, ... ]}
 *     n  frame name, any text (it is drawn with fillText and shown with textContent only, never parsed as markup)
 *     v  total value of the subtree (>= the sum of the children; a smaller v is widened to fit them)
 *     s  self value (optional; default v minus the children's v)
 *     k  kind, for color: "app" (warm), "jdk" (cool), "native" (gray), "lock", "alloc", "root"; anything else is neutral
 *     c  children, drawn left to right in the given order
 *   diff mode (options.diff): each node carries "b" (before) and "a" (after); "v" is optional.
 *
 * DATA, columnar form (for big trees: no repeated keys, each name stored once). Nodes in pre-order:
 *   {"names": ["all", "java.lang.Thread.run", ...], "kinds": ["root", "jdk", ...],
 *    "depth": [0, 1, 2, 2, ...], "name": [0, 1, 5, 6, ...], "kind": [0, 1, 1, 2, ...],
 *    "v": [...], "s": [...] (optional), "b": [...], "a": [...] (diff mode)}
 *   depth[0] is 0 and each depth is at most one more than the previous node's; a node's parent is the closest
 *   earlier node one level up. "kinds"/"kind" are optional.
 *
 * OPTIONS:
 *   title      label for assistive technology; drawn above the toolbar only when showTitle is true
 *   showTitle  false (the report draws its own heading)
 *   unit       "ms" | "samples" | "bytes" | "%" | "ms/s" | "MB/s" | "ns" | "s" | any other word
 *   highlight  the finding's site: a frame name (exact match), or a regular expression when no frame has exactly
 *              that name and the text holds regex operators (\ ^ * + ? ( ) [ ] { } |); a RegExp object is used
 *              as-is. Matching frames are outlined (filled yellow outside diff mode) and their share shown
 *   diff       false; true for a differential graph (nodes carry b and a)
 *   diffWidth  what a diff frame's width shows: "after" (default; gone frames keep their before width so they stay
 *              visible), "max" (the larger of before and after) or "sum" (before + after, both sides always fit;
 *              what FlameGraphs.diff writes as "v"). Parents widen to fit their children in every mode.
 *   inverted   false: root at the bottom (flame); true: root at the top (icicle)
 *   callers    false; true draws the callers view: the frames samples were taken in at the root's level, each with
 *              its callers below (an icicle). A "Show callers (inverted)" button toggles it (not in diff mode)
 *   height     maximum height of the scrolling graph area in px (default 540; the graph scrolls beyond)
 *   minFrameWidth  0.5: frames narrower than this (px) are merged into a gray sliver and their subtrees skipped
 *
 * RETURNS an object: zoomTo(nameOrIndex), zoomToIndex(i), reset(), search(text), hitTest(x, y), state(),
 *   redraw(), destroy(). Click a frame to zoom, click the root or a dimmed ancestor (or press Esc) to zoom out.
 */
(function () {
  'use strict';

  var ROW = 18;                     // px per stack level
  var FONT = '12px ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var DEFAULT_MIN_PX = 0.5;
  var DEFAULT_MAX_HEIGHT = 540;
  var LABEL_MIN_PX = 22;            // narrower frames get no label at all
  var MAX_LABEL_CHARS = 400;        // canvas labels of longer names are cut before measuring
  var MAX_TIP_CHARS = 4000;         // the tooltip shows this much of a name (names come from recordings: any length)
  var MAX_NODES = 4000000;          // a guard against absurd input, far above what a report carries
  var MAX_CANVAS_PX = 32000;        // browsers refuse taller canvases: deeper rows (far from the root) are cut
  var SEARCH_FILL = 'hsl(300, 85%, 52%)';
  var HIGHLIGHT_FILL = 'hsl(50, 100%, 60%)';
  var HIGHLIGHT_STROKE = '#111827';
  var MERGED_FILL = 'rgba(140, 148, 160, 0.45)';
  var ELLIPSIS = '\u2026';

  /** Kind palettes: hue range (jittered per name so neighbours differ), saturation, lightness range. */
  var KINDS = {
    app: {label: 'application', h: [8, 36], s: 82, l: [58, 66]},
    jdk: {label: 'JDK / library', h: [190, 214], s: 52, l: [68, 77]},
    native: {label: 'native', h: [210, 210], s: 6, l: [72, 80]},
    lock: {label: 'lock', h: [262, 276], s: 48, l: [70, 77]},
    alloc: {label: 'allocated type', h: [95, 130], s: 42, l: [62, 70]},
    root: {label: 'root', h: [215, 215], s: 14, l: [80, 80]},
    other: {label: 'other', h: [36, 46], s: 28, l: [72, 78]}
  };

  /** Characters that would let a crafted name hide or reorder text on screen (controls, bidi overrides). */
  var UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

  var STYLE = [
    '.fg{position:relative;font:13px/1.45 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328}',
    '.fg-title{font-weight:600;font-size:14px;margin:0 0 6px}',
    '.fg-toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;margin:0 0 6px}',
    '.fg-search{flex:0 1 240px;min-width:140px;height:28px;padding:0 9px;border:1px solid #d0d7de;border-radius:6px;',
    'font:inherit;font-size:12.5px;background:#fff;color:inherit;outline:none}',
    '.fg-search:focus{border-color:#4c8bf5;box-shadow:0 0 0 3px rgba(76,139,245,.18)}',
    '.fg-search.fg-invalid{border-color:#d1242f;background:#fff6f6}',
    '.fg-btn{height:28px;padding:0 11px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;color:inherit;',
    'font:inherit;font-size:12.5px;cursor:pointer;white-space:nowrap}',
    '.fg-btn:hover:not(:disabled){background:#eef1f4}.fg-btn:disabled{opacity:.45;cursor:default}',
    '.fg-status{display:flex;flex-wrap:wrap;align-items:center;gap:4px 6px;min-height:22px;margin:0 0 8px;font-size:12px;color:#57606a}',
    '.fg-chip{display:inline-flex;align-items:center;gap:5px;max-width:100%;padding:2px 8px;border-radius:999px;',
    'background:#f1f3f5;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.fg-chip b{font-weight:600;color:#1f2328;font-variant-numeric:tabular-nums}',
    '.fg-chip-site{background:#fff3bf;color:#5c4400;cursor:pointer;border:0;font:inherit;font-size:12px}',
    '.fg-chip-site:hover{background:#ffec99}.fg-chip-match{background:#fbe4fb;color:#7a1e7a}',
    '.fg-chip-zoom{background:#e7f0ff;color:#1c4a9c}.fg-chip-warn{background:#fff1f0;color:#a4161a}',
    '.fg-chip-name{overflow:hidden;text-overflow:ellipsis;max-width:360px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11.5px}',
    '.fg-legend{display:flex;flex-wrap:wrap;gap:4px 12px;margin-left:auto;font-size:11.5px;color:#57606a}',
    '.fg-legend span{white-space:nowrap}',
    '.fg-swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px;',
    'box-shadow:inset 0 0 0 1px rgba(0,0,0,.12)}',
    '.fg-viewport{position:relative;overflow-x:hidden;overflow-y:auto;border:1px solid #e4e7eb;border-radius:6px;background:#fff}',
    '.fg-canvas{display:block;outline:none}',
    '.fg-overlay{position:absolute;left:0;top:0;pointer-events:none}',
    '.fg-tip{position:fixed;z-index:2147483000;pointer-events:none;box-sizing:border-box;max-width:min(560px,92vw);',
    'padding:8px 10px;border-radius:7px;background:rgba(17,24,39,.96);color:#f3f4f6;font-size:12px;line-height:1.45;',
    'box-shadow:0 6px 24px rgba(0,0,0,.22);overflow-wrap:anywhere}',
    '.fg-tip-name{font:600 12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin-bottom:6px;color:#fff}',
    '.fg-tip-grid{display:grid;grid-template-columns:auto 1fr;gap:1px 14px}',
    '.fg-tip-k{color:#9ca3af}.fg-tip-v{font-variant-numeric:tabular-nums}',
    '.fg-tip-note{margin-top:6px;color:#fcd34d}.fg-tip-hint{margin-top:6px;color:#9ca3af;font-size:11px}',
    '.fg-up{color:#ff8787}.fg-down{color:#74c0fc}',
    '@media print{.fg-search,.fg-btn,.fg-tip,.fg-overlay{display:none!important}',
    '.fg-viewport{max-height:none!important;overflow:visible;break-inside:avoid}.fg-canvas{max-width:100%;height:auto!important}}'
  ].join('');

  function injectStyles() {
    if (document.querySelector('style[data-jfrtriage="flamegraph"]')) {
      return;
    }
    var style = document.createElement('style');
    style.setAttribute('data-jfrtriage', 'flamegraph');
    style.textContent = STYLE;
    (document.head || document.documentElement).appendChild(style);
  }

  // ---------------------------------------------------------------------------------------------- formatting

  function grouped(n) {
    return Math.round(n).toLocaleString('en-US');
  }

  function fixed(v, small) {
    var a = Math.abs(v);
    if (a === 0) return '0';
    if (a < 1) return v.toFixed(small === undefined ? 2 : small);
    if (a < 10) return v.toFixed(1).replace(/\.0$/, '');
    if (a < 100) return v.toFixed(1).replace(/\.0$/, '');
    return grouped(v);
  }

  /** A value with its unit, the way an on-call engineer reads it: 340 ms, 1.2 s, 48.5 MB, 12,345 samples. */
  function formatValue(v, unit) {
    v = +v || 0;
    var neg = v < 0 ? '\u2212' : '';
    v = Math.abs(v);
    switch (unit) {
      case 'ns': return neg + formatValue(v / 1e6, 'ms');
      case 's': return neg + formatValue(v * 1000, 'ms');
      case 'ms':
        if (v >= 3600000) return neg + fixed(v / 3600000) + ' h';
        if (v >= 60000) return neg + fixed(v / 60000) + ' min';
        if (v >= 1000) return neg + (v >= 100000 ? grouped(v / 1000) : (v / 1000).toFixed(v >= 10000 ? 1 : 2).replace(/\.?0+$/, '')) + ' s';
        if (v >= 100) return neg + grouped(v) + ' ms';
        if (v >= 1) return neg + v.toFixed(1).replace(/\.0$/, '') + ' ms';
        if (v === 0) return '0 ms';
        return neg + (v >= 0.01 ? v.toFixed(2) : v.toPrecision(1)) + ' ms';
      case 'bytes':
      case 'B':
      case 'MB': {
        var bytes = unit === 'MB' ? v * 1048576 : v;
        var units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
        var i = 0;
        while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
        return neg + (i === 0 ? grouped(bytes) : bytes.toFixed(bytes >= 100 ? 0 : 1)) + ' ' + units[i];
      }
      case 'samples':
        return neg + grouped(v) + (Math.round(v) === 1 ? ' sample' : ' samples');
      case '%':
        return neg + (v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v === 0 ? '0' : v.toPrecision(2)) + '%';
      default:
        return neg + fixed(v) + (unit ? ' ' + unit : '');
    }
  }

  function percent(part, whole) {
    if (!(whole > 0)) return '\u2013';
    var p = 100 * part / whole;
    if (p === 0) return '0%';
    if (p < 0.01) return '<0.01%';
    return (p >= 10 ? p.toFixed(1) : p.toFixed(2)) + '%';
  }

  function cleanText(s, max) {
    var t = s.replace(UNSAFE_CHARS, '\ufffd');
    return t.length > max ? t.slice(0, max) + ELLIPSIS : t;
  }

  /** "com.acme.cache.PriceCache.get(long)" -> "PriceCache.get(long)": what fits when the full name does not. */
  function shortName(name) {
    var paren = name.indexOf('(');
    var base = paren >= 0 ? name.slice(0, paren) : name;
    var sep = Math.max(base.lastIndexOf('.'), base.lastIndexOf('/'));
    if (sep <= 0) return name;
    var cls = Math.max(base.lastIndexOf('.', sep - 1), base.lastIndexOf('/', sep - 1));
    return cls >= 0 ? name.slice(cls + 1) : name;
  }

  function hashString(s) {
    var h = 2166136261;
    for (var i = 0; i < s.length && i < 256; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  function num(x) {
    var n = +x;
    return n > 0 && n < Infinity ? n : 0;
  }

  // ---------------------------------------------------------------------------------------------- model

  function intern(map, list, key) {
    var id = map.get(key);
    if (id === undefined) {
      id = list.length;
      list.push(key);
      map.set(key, id);
    }
    return id;
  }

  function nameOf(x) {
    return x === undefined || x === null ? '' : typeof x === 'string' ? x : String(x);
  }

  /** Reads either form into flat pre-order arrays: names interned, parents resolved. */
  function readInput(data) {
    var raw = {names: [], kinds: [], nameId: [], kindId: [], parent: [], depth: [], v: [], s: [], b: [], a: []};
    var nameIds = new Map(), kindIds = new Map();
    if (data && Array.isArray(data.depth)) {
      var names = Array.isArray(data.names) ? data.names : [];
      var kinds = Array.isArray(data.kinds) ? data.kinds : [];
      var last = [];
      var count = Math.min(data.depth.length, MAX_NODES);
      for (var i = 0; i < count; i++) {
        var prev = i === 0 ? -1 : raw.depth[i - 1];
        var d = i === 0 ? 0 : Math.max(1, Math.min((data.depth[i] | 0), prev + 1));
        raw.depth.push(d);
        raw.parent.push(d === 0 ? -1 : last[d - 1]);
        last[d] = i;
        var ni = data.name ? data.name[i] : i;
        raw.nameId.push(intern(nameIds, raw.names, nameOf(names[ni])));
        raw.kindId.push(intern(kindIds, raw.kinds, nameOf(data.kind ? kinds[data.kind[i]] : '')));
        raw.v.push(data.v ? num(data.v[i]) : 0);
        raw.s.push(data.s && data.s[i] !== undefined && data.s[i] !== null ? num(data.s[i]) : -1);
        raw.b.push(data.b ? num(data.b[i]) : 0);
        raw.a.push(data.a ? num(data.a[i]) : 0);
        if (i === 0 && count > 1 && (data.depth[1] | 0) === 0) break; // a forest: keep the first tree only
      }
      return raw;
    }
    var root = data && typeof data === 'object' ? data : {n: 'all', v: 0};
    var stack = [root], parents = [-1], depths = [0];
    while (stack.length && raw.depth.length < MAX_NODES) {
      var node = stack.pop(), p = parents.pop(), dd = depths.pop();
      if (!node || typeof node !== 'object') continue;
      var index = raw.depth.length;
      raw.depth.push(dd);
      raw.parent.push(p);
      raw.nameId.push(intern(nameIds, raw.names, nameOf(node.n)));
      raw.kindId.push(intern(kindIds, raw.kinds, nameOf(node.k)));
      raw.v.push(num(node.v));
      raw.s.push(node.s !== undefined && node.s !== null ? num(node.s) : -1);
      raw.b.push(num(node.b));
      raw.a.push(num(node.a));
      var c = node.c;
      if (Array.isArray(c)) {
        for (var j = c.length - 1; j >= 0; j--) {
          stack.push(c[j]);
          parents.push(index);
          depths.push(dd + 1);
        }
      }
    }
    return raw;
  }

  /**
   * The callers view of a (non-diff) tree, in the nested form: every frame's self value becomes a path from that frame
   * down through its callers, so the root's children are the frames samples were taken in. Cached per data object.
   */
  var callersCache = typeof WeakMap === 'function' ? new WeakMap() : null;
  function callersTree(data) {
    if (callersCache && data && typeof data === 'object' && callersCache.has(data)) return callersCache.get(data);
    var m = buildModel(data, false, 'after');
    var top = {n: m.names[m.nameId[0]] || 'all', k: 'root', v: 0, kids: new Map()};
    for (var i = 1; i < m.n; i++) {
      var self = m.self[i];
      if (!(self > 0)) continue;
      top.v += self;
      var at = top;
      for (var f = i; f > 0; f = m.parent[f]) {
        var name = m.names[m.nameId[f]], kind = m.kinds[m.kindId[f]];
        var key = kind + '\u0000' + name;
        var next = at.kids.get(key);
        if (!next) { next = {n: name, k: kind, v: 0, kids: new Map()}; at.kids.set(key, next); }
        next.v += self;
        at = next;
      }
    }
    function nested(node) {
      var out = {n: node.n, k: node.k, v: node.v};
      if (node.kids.size) {
        out.c = Array.from(node.kids.values()).sort(function (x, y) { return y.v - x.v; }).map(nested);
      }
      return out;
    }
    var tree = nested(top);
    if (callersCache && data && typeof data === 'object') callersCache.set(data, tree);
    return tree;
  }

  /** Typed arrays for layout, drawing and hit testing. x and w are in value units, the root spans [0, w[0]). */
  function buildModel(data, diff, diffWidth) {
    var raw = readInput(data);
    if (raw.depth.length === 0) {
      raw = readInput({n: 'all', v: 0});
    }
    var n = raw.depth.length;
    var m = {
      n: n, names: raw.names, kinds: raw.kinds, diff: diff,
      nameId: Int32Array.from(raw.nameId), kindId: Int32Array.from(raw.kindId),
      parent: Int32Array.from(raw.parent), depth: Int32Array.from(raw.depth),
      end: new Int32Array(n), maxDepth: new Int32Array(n),
      val: new Float64Array(n), self: new Float64Array(n), before: new Float64Array(n), after: new Float64Array(n),
      w: new Float64Array(n), x: new Float64Array(n), byDepth: []
    };
    var own = new Float64Array(n), childW = new Float64Array(n), childV = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      if (diff) {
        var a = raw.a[i], b = raw.b[i];
        if (a === 0 && b === 0 && raw.v[i] > 0) { a = raw.v[i]; b = raw.v[i]; }
        m.before[i] = b;
        m.after[i] = a;
        own[i] = diffWidth === 'max' ? Math.max(a, b) : diffWidth === 'sum' ? a + b : (a > 0 ? a : b);
      } else {
        own[i] = raw.v[i];
      }
      m.end[i] = i + 1;
      m.maxDepth[i] = m.depth[i];
    }
    for (var k = n - 1; k >= 0; k--) { // children come after their parent: walk backwards to fold them up
      m.w[k] = Math.max(own[k], childW[k]);
      m.val[k] = diff ? m.after[k] : Math.max(raw.v[k], childV[k]);
      var p = m.parent[k];
      if (p >= 0) {
        childW[p] += m.w[k];
        childV[p] += m.val[k];
        if (m.end[k] > m.end[p]) m.end[p] = m.end[k];
        if (m.maxDepth[k] > m.maxDepth[p]) m.maxDepth[p] = m.maxDepth[k];
      }
    }
    for (var s = 0; s < n; s++) { // val is the after value in diff mode, so this is after-self there
      m.self[s] = raw.s[s] >= 0 ? raw.s[s] : Math.max(0, m.val[s] - childV[s]);
    }
    var cursor = new Float64Array(n);
    for (var t = 1; t < n; t++) { // pre-order: siblings appear left to right
      var pp = m.parent[t];
      m.x[t] = m.x[pp] + cursor[pp];
      cursor[pp] += m.w[t];
    }
    var depthCount = new Int32Array(m.maxDepth[0] + 1);
    for (var u = 0; u < n; u++) depthCount[m.depth[u]]++;
    for (var d = 0; d < depthCount.length; d++) m.byDepth.push(new Int32Array(depthCount[d]));
    var fill = new Int32Array(depthCount.length);
    for (var z = 0; z < n; z++) m.byDepth[m.depth[z]][fill[m.depth[z]]++] = z;
    m.labels = raw.names.map(function (name) { return name === '' ? '(unnamed)' : cleanText(name, MAX_LABEL_CHARS); });
    m.shortLabels = new Array(raw.names.length);
    m.labelWidth = new Float32Array(raw.names.length).fill(-1);
    m.shortWidth = new Float32Array(raw.names.length).fill(-1);
    return m;
  }

  function kindPalette(kind) {
    return KINDS[kind] || KINDS.other;
  }

  function kindFill(kind, name) {
    var p = kindPalette(kind);
    var h = hashString(name);
    var hue = p.h[0] + (h % 1000) / 1000 * (p.h[1] - p.h[0]);
    var light = p.l[0] + ((h >>> 10) % 1000) / 1000 * (p.l[1] - p.l[0]);
    return 'hsl(' + hue.toFixed(1) + ',' + p.s + '%,' + light.toFixed(1) + '%)';
  }

  /** Growth red, shrink blue, intensity by relative change; new saturated red; gone null (hatched). */
  function diffFill(b, a) {
    if (b === 0 && a === 0) return {fill: 'hsl(220,10%,90%)', light: true};
    if (b === 0) return {fill: 'hsl(358,82%,46%)', light: false};
    if (a === 0) return null;
    var rel = (a - b) / b;
    if (Math.abs(rel) < 0.02) return {fill: 'hsl(220,9%,88%)', light: true};
    var t = Math.min(1, Math.abs(Math.log(a / b)) / Math.LN2); // doubled or halved is full intensity
    var l = 91 - 37 * t;
    return {fill: rel > 0 ? 'hsl(2,' + (62 + 22 * t).toFixed(0) + '%,' + l.toFixed(1) + '%)'
        : 'hsl(214,' + (62 + 20 * t).toFixed(0) + '%,' + l.toFixed(1) + '%)', light: l > 60};
  }

  // ---------------------------------------------------------------------------------------------- view

  var graphs = [];       // live graphs, for Esc when focus is outside every graph
  var activeGraph = null;

  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape' || !activeGraph || e.defaultPrevented) return;
    for (var i = 0; i < graphs.length; i++) if (graphs[i].container.contains(e.target)) return; // its own handler
    activeGraph.escape();
  });

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function swatch(color, label) {
    var item = el('span');
    var sw = el('i', 'fg-swatch');
    sw.style.background = color;
    item.appendChild(sw);
    item.appendChild(document.createTextNode(label));
    return item;
  }

  function render(container, data, options) {
    if (!container || !container.appendChild) throw new Error('FlameGraph.render: container element required');
    if (container.flameGraph && container.flameGraph.destroy) container.flameGraph.destroy();
    options = options || {};
    injectStyles();
    var unit = options.unit || '';
    var diff = !!options.diff;
    var minPx = options.minFrameWidth > 0 ? +options.minFrameWidth : DEFAULT_MIN_PX;
    var maxHeight = options.height > 0 ? +options.height : DEFAULT_MAX_HEIGHT;
    var callers = !diff && !!options.callers;
    var inverted = callers || !!options.inverted;
    var m = buildModel(callers ? callersTree(data) : data, diff,
      options.diffWidth === 'max' || options.diffWidth === 'sum' ? options.diffWidth : 'after');
    var n = m.n;

    var zoom = 0;
    var hovered = -1;
    var matchByName = null;        // Uint8Array over distinct names, null when no search
    var highlightByName = buildHighlight(options.highlight);
    var searchText = '';
    var lastWidth = 0;
    var drawn = 0, merged = 0, lastDrawMs = 0, pending = 0;
    var cssWidth = 0, cssHeight = 0, scale = 1;
    var printing = false;          // while printing: sharper, and only the rows nearest the root that fit a page

    // ---- DOM: everything from the data goes in through textContent
    var root = el('div', 'fg-root');
    container.classList.add('fg');
    if (options.title && options.showTitle) root.appendChild(el('div', 'fg-title', String(options.title)));
    var toolbar = el('div', 'fg-toolbar');
    var search = el('input', 'fg-search');
    search.type = 'search';
    search.placeholder = 'Search frames (regex)';
    search.setAttribute('aria-label', 'Search frames by regular expression');
    search.spellcheck = false;
    search.autocomplete = 'off';
    var reset = el('button', 'fg-btn', 'Reset zoom');
    reset.type = 'button';
    reset.disabled = true;
    var status = el('div', 'fg-status');
    status.setAttribute('aria-live', 'polite');
    var legend = el('div', 'fg-legend');
    var flip = null;
    toolbar.appendChild(search);
    toolbar.appendChild(reset);
    if (!diff) {
      // the callers view: the same samples rooted at the frames they were taken in, callers below (an icicle)
      flip = el('button', 'fg-btn fg-flip', callers ? 'Show callees (flame)' : 'Show callers (inverted)');
      flip.type = 'button';
      flip.setAttribute('aria-pressed', callers ? 'true' : 'false');
      flip.title = callers ? 'Back to the flame graph: root at the bottom, callees above'
        : 'Invert: the frames samples were taken in at the top, their callers below';
      toolbar.appendChild(flip);
    }
    toolbar.appendChild(legend);
    var viewport = el('div', 'fg-viewport');
    viewport.style.maxHeight = maxHeight + 'px';
    var canvas = el('canvas', 'fg-canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', (options.title ? String(options.title) + ': ' : '') +
      (diff ? 'differential flame graph' : 'flame graph') + '. Click a frame to zoom, Escape to reset.');
    var overlay = el('canvas', 'fg-overlay');
    overlay.setAttribute('aria-hidden', 'true');
    viewport.appendChild(canvas);
    viewport.appendChild(overlay);
    var tip = el('div', 'fg-tip');
    tip.style.display = 'none';
    tip.setAttribute('role', 'tooltip');
    root.appendChild(toolbar);
    root.appendChild(status);
    root.appendChild(viewport);
    root.appendChild(tip);
    container.appendChild(root);
    var ctx = canvas.getContext('2d');
    var octx = overlay.getContext('2d');
    var hatch = null;
    buildLegend();

    // ---- colors, computed once per node
    var fills = new Array(n), darkInk = new Uint8Array(n);
    for (var i = 0; i < n; i++) {
      if (diff) {
        var f = diffFill(m.before[i], m.after[i]);
        if (f) { fills[i] = f.fill; darkInk[i] = f.light ? 1 : 0; } else { fills[i] = null; darkInk[i] = 1; }
      } else {
        fills[i] = kindFill(m.kinds[m.kindId[i]], m.names[m.nameId[i]]);
        darkInk[i] = 1;
      }
    }

    function buildHighlight(h) {
      if (h === undefined || h === null || h === '') return null;
      var flags = new Uint8Array(m.names.length);
      if (h instanceof RegExp) {
        var re0 = new RegExp(h.source, h.flags.replace(/[gy]/g, ''));
        m.names.forEach(function (name, id) { if (re0.test(name)) flags[id] = 1; });
        return flags;
      }
      var text = String(h);
      var any = false;
      m.names.forEach(function (name, id) { if (name === text) { flags[id] = 1; any = true; } });
      // a plain frame name that is absent must not match its look-alikes (Ledger.post vs Ledger.postAll):
      // only text with regex operators is tried as a regex
      if (!any && /[\\^*+?()[\]{}|]/.test(text)) {
        try {
          var re = new RegExp(text);
          m.names.forEach(function (name, id) { if (re.test(name)) flags[id] = 1; });
        } catch (ignored) { /* not a regex either: nothing is highlighted, the status says so */ }
      }
      return flags;
    }

    function hatchPattern() {
      if (hatch) return hatch;
      var p = document.createElement('canvas');
      p.width = 8; p.height = 8;
      var c = p.getContext('2d');
      c.fillStyle = '#f1f3f5';
      c.fillRect(0, 0, 8, 8);
      c.strokeStyle = '#adb5bd';
      c.lineWidth = 1.2;
      c.beginPath();
      c.moveTo(-2, 10); c.lineTo(10, -2);
      c.moveTo(-2, 2); c.lineTo(2, -2);
      c.moveTo(6, 10); c.lineTo(10, 6);
      c.stroke();
      hatch = ctx.createPattern(p, 'repeat');
      return hatch;
    }

    function buildLegend() {
      legend.textContent = '';
      if (diff) {
        legend.appendChild(swatch('hsl(2,84%,54%)', 'grew'));
        legend.appendChild(swatch('hsl(214,82%,54%)', 'shrank'));
        legend.appendChild(swatch('hsl(358,82%,46%)', 'new'));
        legend.appendChild(swatch('repeating-linear-gradient(135deg,#f1f3f5 0 2px,#adb5bd 2px 3px)', 'gone'));
        legend.appendChild(swatch('hsl(220,9%,88%)', 'unchanged'));
        if (highlightByName) {
          var site = swatch('hsl(220,9%,88%)', 'finding site');
          site.firstChild.style.boxShadow = 'inset 0 0 0 2px ' + HIGHLIGHT_STROKE + ', inset 0 0 0 3.5px ' + HIGHLIGHT_FILL;
          legend.appendChild(site);
        }
        return;
      }
      var seen = {};
      for (var i = 0; i < m.kindId.length; i++) seen[m.kinds[m.kindId[i]]] = true;
      ['app', 'jdk', 'native', 'lock', 'alloc'].forEach(function (k) {
        if (seen[k]) legend.appendChild(swatch(kindFill(k, 'legend'), KINDS[k].label));
      });
      if (highlightByName) legend.appendChild(swatch(HIGHLIGHT_FILL, 'finding site'));
    }

    // ---- geometry
    /** Rows drawn: the zoomed subtree, but never fewer than the unzoomed graph shows, so the page does not jump. */
    function rowCount() {
      var fit = Math.floor(maxHeight / ROW);
      var rows = Math.max(m.maxDepth[zoom] + 1, Math.min(m.maxDepth[0] + 1, fit));
      rows = Math.min(rows, Math.floor(MAX_CANVAS_PX / (ROW * pixelRatio())));
      return printing ? Math.min(rows, fit) : rows; // a canvas taller than a page does not print
    }

    function pixelRatio() {
      var dpr = window.devicePixelRatio || 1;
      return printing ? Math.max(dpr, 2) : dpr;
    }

    function rowY(depth) {
      var rows = rowCount();
      return inverted ? depth * ROW : (rows - 1 - depth) * ROW;
    }

    function frameRect(i) { // css px; ancestors of the zoomed frame span the width
      var inside = i >= zoom && i < m.end[zoom];
      var x0 = inside ? (m.x[i] - m.x[zoom]) * scale : 0;
      var w = inside ? m.w[i] * scale : cssWidth;
      return {x: x0, y: rowY(m.depth[i]), w: w, h: ROW};
    }

    function hitTest(px, py) {
      if (cssWidth === 0) return -1;
      var rows = rowCount();
      var row = Math.floor(py / ROW);
      if (row < 0 || row >= rows || px < 0 || px >= cssWidth) return -1;
      var depth = inverted ? row : rows - 1 - row;
      if (depth < m.depth[zoom]) {
        var a = zoom;
        while (m.depth[a] > depth) a = m.parent[a];
        return a;
      }
      var list = m.byDepth[depth];
      if (!list) return -1;
      var xv = m.x[zoom] + px / scale;
      var lo = 0, hi = list.length - 1, found = -1;
      while (lo <= hi) { // last node at this depth starting at or before xv
        var mid = (lo + hi) >> 1;
        if (m.x[list[mid]] <= xv) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
      }
      for (var k = found; k >= 0; k--) { // skip zero-width nodes that start at the same x
        var c = list[k];
        if (m.x[c] + m.w[c] <= xv) { if (m.w[c] > 0) break; else continue; }
        if (c < zoom || c >= m.end[zoom]) return -1;
        return m.w[c] * scale >= minPx ? c : -1;
      }
      return -1;
    }

    // ---- labels
    function measure(id, shortForm) {
      var cache = shortForm ? m.shortWidth : m.labelWidth;
      if (cache[id] < 0) {
        var text = shortForm ? shortLabel(id) : m.labels[id];
        cache[id] = ctx.measureText(text).width;
      }
      return cache[id];
    }

    function shortLabel(id) {
      var s = m.shortLabels[id];
      if (s === undefined) s = m.shortLabels[id] = shortName(m.labels[id]);
      return s;
    }

    function fitLabel(id, room) {
      if (measure(id, false) <= room) return m.labels[id];
      var text = shortLabel(id);
      var full = measure(id, true);
      if (full <= room) return text;
      var ell = ctx.measureText(ELLIPSIS).width;
      if (room < ell + 12) return '';
      var k = Math.floor(text.length * (room - ell) / full);
      while (k > 0 && ctx.measureText(text.slice(0, k)).width + ell > room) k -= k > 40 ? 4 : 1;
      return k > 1 ? text.slice(0, k) + ELLIPSIS : '';
    }

    // ---- drawing
    function isMatch(i) { return matchByName !== null && matchByName[m.nameId[i]] === 1; }
    function isHighlight(i) { return highlightByName !== null && highlightByName[m.nameId[i]] === 1; }

    function resize() {
      var width = Math.floor(viewport.clientWidth);
      if (width <= 0) return false;
      var dpr = pixelRatio();
      var height = rowCount() * ROW;
      cssWidth = width;
      cssHeight = height;
      scale = m.w[zoom] > 0 ? width / m.w[zoom] : 0;
      [canvas, overlay].forEach(function (c) {
        var bw = Math.round(width * dpr), bh = Math.round(height * dpr);
        if (c.width !== bw) c.width = bw;
        if (c.height !== bh) c.height = bh;
        c.style.width = width + 'px';
        c.style.height = height + 'px';
      });
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      octx.setTransform(dpr, 0, 0, dpr, 0, 0);
      lastWidth = width;
      return true;
    }

    function paintFrame(i, x0, w, y, dim) {
      var dpr = pixelRatio();
      var left = Math.round(x0 * dpr) / dpr;
      var right = Math.round((x0 + w) * dpr) / dpr;
      var gap = right - left >= 3 ? 1 : 0;
      var width = Math.max(right - left - gap, 1 / dpr);
      var match = isMatch(i), high = isHighlight(i);
      var fill = match ? SEARCH_FILL : high && !diff ? HIGHLIGHT_FILL : fills[i] === null ? hatchPattern() : fills[i];
      ctx.fillStyle = fill;
      ctx.fillRect(left, y, width, ROW - 1);
      if (dim) {
        ctx.fillStyle = 'rgba(255,255,255,0.55)';
        ctx.fillRect(left, y, width, ROW - 1);
      }
      drawn++;
      if (width >= LABEL_MIN_PX) {
        var label = fitLabel(m.nameId[i], width - 8);
        if (label) {
          var filled = match || (high && !diff);
          ctx.fillStyle = dim ? '#6b7280' : match ? '#fff' : darkInk[i] || filled ? '#111827' : '#fff';
          if (fills[i] === null && !filled) ctx.fillStyle = '#6b7280';
          ctx.fillText(label, left + 4, y + ROW / 2);
        }
      }
      return high ? [left, y, width] : null;
    }

    function draw() {
      pending = 0;
      var t0 = performance.now();
      if (!resize()) return;
      ctx.clearRect(0, 0, cssWidth, cssHeight);
      ctx.font = FONT;
      ctx.textBaseline = 'middle';
      drawn = 0;
      merged = 0;
      var outlines = [];
      var a = m.parent[zoom];
      while (a >= 0) { // ancestors of the zoomed frame, dimmed, full width: the way back out
        var o = paintFrame(a, 0, cssWidth, rowY(m.depth[a]), true);
        if (o) outlines.push(o);
        a = m.parent[a];
      }
      var depthCount = m.maxDepth[0] + 1;
      var mergeStart = new Float64Array(depthCount).fill(-1), mergeEnd = new Float64Array(depthCount);
      var zx = m.x[zoom], end = m.end[zoom];
      var i = zoom;
      while (i < end) {
        var w = m.w[i] * scale;
        var d = m.depth[i];
        if (w < minPx) { // too thin to see: fold into a sliver with its thin neighbours, skip its subtree
          if (w > 0) {
            var x0 = (m.x[i] - zx) * scale;
            if (mergeStart[d] >= 0 && x0 - mergeEnd[d] < 0.5) {
              mergeEnd[d] = x0 + w;
            } else {
              flushMerged(mergeStart, mergeEnd, d);
              mergeStart[d] = x0;
              mergeEnd[d] = x0 + w;
            }
          }
          i = m.end[i];
          continue;
        }
        var out = paintFrame(i, (m.x[i] - zx) * scale, w, rowY(d), false);
        if (out) outlines.push(out);
        i++;
      }
      for (var dd = 0; dd < depthCount; dd++) flushMerged(mergeStart, mergeEnd, dd);
      for (var k = 0; k < outlines.length; k++) { // the site: a dark frame, with a yellow inner line in diff mode
        var r = outlines[k];
        if (r[2] < 3) continue;
        ctx.lineWidth = 2;
        ctx.strokeStyle = HIGHLIGHT_STROKE;
        ctx.strokeRect(r[0] + 1, r[1] + 1, r[2] - 2, ROW - 3);
        if (diff && r[2] >= 8) {
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = HIGHLIGHT_FILL;
          ctx.strokeRect(r[0] + 2.75, r[1] + 2.75, r[2] - 5.5, ROW - 6.5);
        }
      }
      drawOverlay();
      updateStatus();
      lastDrawMs = performance.now() - t0;
    }

    function flushMerged(start, endX, d) {
      if (start[d] < 0) return;
      var w = endX[d] - start[d];
      if (w >= 0.75) {
        ctx.fillStyle = MERGED_FILL;
        ctx.fillRect(start[d], rowY(d), w, ROW - 1);
        merged++;
      }
      start[d] = -1;
    }

    function drawOverlay() {
      octx.clearRect(0, 0, cssWidth, cssHeight);
      if (hovered < 0) return;
      var r = frameRect(hovered);
      var w = Math.max(r.w - 1, 1);
      octx.fillStyle = 'rgba(255,255,255,0.22)';
      octx.fillRect(r.x, r.y, w, ROW - 1);
      octx.lineWidth = 1.5;
      octx.strokeStyle = '#0b1220';
      octx.strokeRect(r.x + 0.75, r.y + 0.75, Math.max(w - 1.5, 0.5), ROW - 2.5);
    }

    function scheduleDraw() {
      if (pending) return;
      pending = requestAnimationFrame(draw);
    }

    // ---- status line
    /** Value covered by frames for which pred holds, each subtree counted once (recursion does not double). */
    function coverage(pred, from, to) {
      var after = 0, before = 0, frames = 0;
      var i = from;
      while (i < to) {
        if (pred(i)) {
          after += m.val[i];
          before += m.before[i];
          frames++;
          var e = m.end[i];
          for (var j = i + 1; j < e; j++) if (pred(j)) frames++;
          i = e;
        } else {
          i++;
        }
      }
      return {value: after, before: before, frames: frames};
    }

    function chip(cls, parts) {
      var c = el('span', 'fg-chip ' + cls);
      parts.forEach(function (p) {
        if (typeof p === 'string') c.appendChild(document.createTextNode(p));
        else c.appendChild(p);
      });
      return c;
    }

    function updateStatus() {
      status.textContent = '';
      var total = m.val[0];
      if (diff) {
        var b = m.before[0];
        status.appendChild(chip('', ['Total ', el('b', '', formatValue(b, unit)), ' \u2192 ',
          el('b', '', formatValue(total, unit)), ' ' + changeText(b, total)]));
      } else {
        status.appendChild(chip('', ['Total ', el('b', '', formatValue(total, unit))]));
      }
      if (highlightByName) {
        var h = coverage(isHighlight, 0, n);
        if (h.frames > 0) {
          var site = el('button', 'fg-chip fg-chip-site');
          site.type = 'button';
          site.title = 'Zoom to the finding\u2019s site';
          site.appendChild(document.createTextNode('\u25c6 Site '));
          site.appendChild(el('span', 'fg-chip-name', siteLabel()));
          site.appendChild(el('b', '', diff ? percent(h.before, m.before[0]) + ' \u2192 ' + percent(h.value, total)
            : percent(h.value, total)));
          site.appendChild(document.createTextNode(' of total'));
          site.addEventListener('click', function () { api.zoomToIndex(largest(isHighlight)); });
          status.appendChild(site);
        } else {
          status.appendChild(chip('fg-chip-warn', ['Site ', el('span', 'fg-chip-name', siteLabel()), ' not in this graph']));
        }
      }
      if (matchByName) {
        var s = coverage(isMatch, 0, n);
        var parts = ['Matched ', el('b', '', diff ? percent(s.before, m.before[0]) + ' \u2192 ' + percent(s.value, total)
          : percent(s.value, total)), ' of total'];
        if (zoom !== 0 && !diff) {
          var sz = coverage(isMatch, zoom, m.end[zoom]);
          parts.push(' \u00b7 ' + percent(sz.value, m.val[zoom]) + ' of zoomed');
        }
        parts.push(' (' + s.frames.toLocaleString('en-US') + (s.frames === 1 ? ' frame)' : ' frames)'));
        status.appendChild(chip('fg-chip-match', parts));
      }
      if (zoom !== 0) {
        status.appendChild(chip('fg-chip-zoom', ['Zoomed ', el('span', 'fg-chip-name', shortLabel(m.nameId[zoom])),
          el('b', '', percent(m.val[zoom], total))]));
      }
      reset.disabled = zoom === 0;
    }

    function siteLabel() {
      var h = options.highlight;
      return cleanText(h instanceof RegExp ? String(h) : shortName(String(h)), 120);
    }

    function largest(pred) {
      var best = -1;
      for (var i = 0; i < n; i++) if (pred(i) && (best < 0 || m.val[i] > m.val[best])) best = i;
      return best < 0 ? 0 : best;
    }

    function changeText(b, a) {
      if (b === 0 && a === 0) return '';
      if (b === 0) return '(new)';
      if (a === 0) return '(gone)';
      var rel = 100 * (a - b) / b;
      return '(' + (rel >= 0 ? '+' : '\u2212') + Math.abs(rel).toFixed(Math.abs(rel) >= 10 ? 0 : 1) + '%)';
    }

    // ---- tooltip
    function row(grid, key, value, cls) {
      grid.appendChild(el('span', 'fg-tip-k', key));
      grid.appendChild(el('span', 'fg-tip-v' + (cls ? ' ' + cls : ''), value));
    }

    function fillTip(i) {
      tip.textContent = '';
      var name = m.names[m.nameId[i]];
      tip.appendChild(el('div', 'fg-tip-name', name === '' ? '(unnamed)' : cleanText(name, MAX_TIP_CHARS)));
      var grid = el('div', 'fg-tip-grid');
      var total = m.val[0];
      var parent = m.parent[i] >= 0 ? m.val[m.parent[i]] : m.val[i];
      if (diff) {
        var b = m.before[i], a = m.after[i], delta = a - b;
        row(grid, 'Before \u2192 after', formatValue(b, unit) + ' \u2192 ' + formatValue(a, unit));
        var deltaText = b === 0 && a > 0 ? 'new: +' + formatValue(a, unit)
          : a === 0 && b > 0 ? 'gone: \u2212' + formatValue(b, unit)
          : (delta >= 0 ? '+' : '\u2212') + formatValue(Math.abs(delta), unit === '%' ? 'pp' : unit) + ' ' + changeText(b, a);
        row(grid, 'Change', deltaText, delta > 0 ? 'fg-up' : delta < 0 ? 'fg-down' : '');
        row(grid, 'Share before', percent(b, m.before[0]) + ' of total');
        row(grid, 'Share after', percent(a, total) + ' of total \u00b7 ' + percent(a, parent) + ' of parent');
      } else {
        row(grid, 'Total', formatValue(m.val[i], unit));
        row(grid, 'Self', formatValue(m.self[i], unit));
        row(grid, 'Of all', percent(m.val[i], total));
        row(grid, 'Of parent', m.parent[i] >= 0 ? percent(m.val[i], parent) : '\u2013');
        if (zoom !== 0 && i > zoom && i < m.end[zoom]) row(grid, 'Of zoomed', percent(m.val[i], m.val[zoom]));
      }
      var kind = m.kinds[m.kindId[i]];
      if (kind) row(grid, 'Kind', KINDS[kind] ? KINDS[kind].label : cleanText(kind, 60));
      tip.appendChild(grid);
      if (isHighlight(i)) tip.appendChild(el('div', 'fg-tip-note', '\u25c6 The finding\u2019s site'));
      var inside = i >= zoom && i < m.end[zoom];
      tip.appendChild(el('div', 'fg-tip-hint', !inside || i === 0 ? (i === 0 ? 'Click to reset zoom' : 'Click to zoom out to here')
        : i === zoom ? 'Click to zoom out one level' : 'Click to zoom in'));
    }

    function placeTip(clientX, clientY) {
      tip.style.display = 'block';
      var vw = document.documentElement.clientWidth || window.innerWidth;
      var vh = document.documentElement.clientHeight || window.innerHeight;
      var r = tip.getBoundingClientRect();
      var left = clientX + 14, top = clientY + 16;
      if (left + r.width > vw - 6) left = Math.max(6, clientX - 14 - r.width);
      if (top + r.height > vh - 6) top = Math.max(6, clientY - 12 - r.height);
      tip.style.left = left + 'px';
      tip.style.top = top + 'px';
    }

    // ---- events
    var tipFor = -1;
    function onMove(e) {
      activeGraph = handle;
      var r = canvas.getBoundingClientRect();
      var i = hitTest(e.clientX - r.left, e.clientY - r.top);
      if (i !== hovered) {
        hovered = i;
        drawOverlay();
        canvas.style.cursor = i >= 0 ? 'pointer' : 'default';
      }
      if (i < 0) { tip.style.display = 'none'; tipFor = -1; return; }
      if (i !== tipFor) { fillTip(i); tipFor = i; }
      placeTip(e.clientX, e.clientY);
    }

    function onLeave() {
      hovered = -1;
      tipFor = -1;
      tip.style.display = 'none';
      drawOverlay();
    }

    function onClick(e) {
      activeGraph = handle;
      var r = canvas.getBoundingClientRect();
      var i = hitTest(e.clientX - r.left, e.clientY - r.top);
      if (i < 0) return;
      if (i === zoom) api.zoomToIndex(Math.max(m.parent[i], 0));
      else api.zoomToIndex(i);
      tipFor = -1;
      onMove(e);
    }

    function onKey(e) {
      if (e.key !== 'Escape') return;
      if (e.target === search && search.value) {
        search.value = '';
        api.search('');
      } else {
        api.reset();
      }
      e.preventDefault();
    }

    canvas.addEventListener('mousemove', onMove);
    canvas.addEventListener('mouseleave', onLeave);
    canvas.addEventListener('click', onClick);
    root.addEventListener('keydown', onKey);
    root.addEventListener('mouseenter', function () { activeGraph = handle; });
    reset.addEventListener('click', function () { api.reset(); canvas.focus({preventScroll: true}); });
    search.addEventListener('input', function () { api.search(search.value, true); });
    if (flip) {
      flip.addEventListener('click', function () {
        var next = {};
        Object.keys(options).forEach(function (k) { next[k] = options[k]; });
        next.callers = !callers;
        var again = render(container, data, next);
        if (searchText) again.search(searchText);
        var button = container.querySelector('.fg-flip');
        if (button) button.focus({preventScroll: true});
      });
    }
    var observer = null;
    if (typeof ResizeObserver === 'function') {
      observer = new ResizeObserver(function () {
        if (Math.floor(viewport.clientWidth) !== lastWidth) scheduleDraw();
      });
      observer.observe(viewport);
    }
    window.addEventListener('resize', scheduleDraw);
    function beforePrint() { printing = true; draw(); }
    function afterPrint() { printing = false; draw(); scrollToRoot(); }
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);

    function scrollToRoot() {
      if (!inverted) viewport.scrollTop = viewport.scrollHeight;
      else viewport.scrollTop = 0;
    }

    var api = {
      /** Zooms so that frame i (pre-order index, 0 = root) fills the width. */
      zoomToIndex: function (i) {
        i = i | 0;
        if (i < 0 || i >= n) return false;
        zoom = i;
        hovered = -1;
        draw();
        scrollToRoot();
        return true;
      },
      /** Zooms to the widest frame with this exact name, or to a pre-order index. */
      zoomTo: function (name) {
        if (typeof name === 'number') return api.zoomToIndex(name);
        var text = String(name);
        var best = -1;
        for (var i = 0; i < n; i++) {
          if (m.names[m.nameId[i]] === text && (best < 0 || m.val[i] > m.val[best])) best = i;
        }
        return best >= 0 ? api.zoomToIndex(best) : false;
      },
      reset: function () { return api.zoomToIndex(0); },
      /** Case-insensitive regex search; an invalid regex is searched as plain text. Returns the coverage. */
      search: function (text, fromInput) {
        searchText = text === undefined || text === null ? '' : String(text);
        if (!fromInput) search.value = searchText;
        search.classList.remove('fg-invalid');
        search.title = '';
        if (searchText === '') {
          matchByName = null;
        } else {
          var re;
          try {
            re = new RegExp(searchText, 'i');
          } catch (err) {
            search.classList.add('fg-invalid');
            search.title = 'Not a valid regular expression: searching for the plain text';
            re = new RegExp(searchText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
          }
          matchByName = new Uint8Array(m.names.length);
          for (var id = 0; id < m.names.length; id++) if (re.test(m.names[id])) matchByName[id] = 1;
        }
        if (fromInput) scheduleDraw(); else draw();
        var c = matchByName ? coverage(isMatch, 0, n) : {value: 0, before: 0, frames: 0};
        return {share: m.val[0] > 0 ? c.value / m.val[0] : 0, frames: c.frames};
      },
      /** The frame under a point in the canvas's css px, or null. */
      hitTest: function (x, y) {
        var i = hitTest(x, y);
        if (i < 0) return null;
        return {index: i, name: m.names[m.nameId[i]], value: m.val[i], depth: m.depth[i], rect: frameRect(i)};
      },
      state: function () {
        var h = highlightByName ? coverage(isHighlight, 0, n) : null;
        var s = matchByName ? coverage(isMatch, 0, n) : null;
        return {
          nodes: n, distinctNames: m.names.length, maxDepth: m.maxDepth[0], zoomIndex: zoom,
          zoomed: m.names[m.nameId[zoom]], total: m.val[0], totalBefore: diff ? m.before[0] : undefined,
          search: searchText, matchedShare: s && m.val[0] > 0 ? s.value / m.val[0] : 0, matchedFrames: s ? s.frames : 0,
          highlightedShare: h && m.val[0] > 0 ? h.value / m.val[0] : 0, highlightedFrames: h ? h.frames : 0,
          drawnFrames: drawn, mergedSlivers: merged, lastDrawMs: lastDrawMs, callers: callers,
          rootFrames: Array.prototype.slice.call(m.byDepth.length > 1 ? m.byDepth[1] : [])
            .sort(function (x, y) { return m.val[y] - m.val[x]; }).slice(0, 20)
            .map(function (i) { return m.names[m.nameId[i]]; }),
          cssWidth: cssWidth, cssHeight: cssHeight, canvasWidth: canvas.width, canvasHeight: canvas.height,
          tooltip: tip.style.display === 'none' ? null : tip.textContent
        };
      },
      redraw: draw,
      destroy: function () {
        if (observer) observer.disconnect();
        window.removeEventListener('resize', scheduleDraw);
        window.removeEventListener('beforeprint', beforePrint);
        window.removeEventListener('afterprint', afterPrint);
        if (pending) cancelAnimationFrame(pending);
        var k = graphs.indexOf(handle);
        if (k >= 0) graphs.splice(k, 1);
        if (activeGraph === handle) activeGraph = null;
        if (root.parentNode) root.parentNode.removeChild(root);
        if (container.flameGraph === api) delete container.flameGraph;
      }
    };
    var handle = {container: root, escape: function () { api.reset(); }};
    graphs.push(handle);
    container.flameGraph = api;
    draw();
    scrollToRoot();
    return api;
  }

  window.FlameGraph = {render: render, formatValue: formatValue};
})();
