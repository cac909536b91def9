/*
 * jfr-triage web UI: the few things a server-rendered page cannot do by itself. Loaded as a file (the pages'
 * Content-Security-Policy allows no inline script). Every text from a recording is placed with textContent.
 *   - upload with a progress bar, drag and drop, and the server's error message shown in place
 *   - flame graph tabs and the timeline, drawn from the JSON the page names in data-view
 *   - "show in flame graph" on a finding: select the right graph and search for the finding's method
 *   - confirmation before a destructive form is sent
 */
(function () {
  'use strict';

  function $(selector, root) { return (root || document).querySelector(selector); }

  function formatBytes(n) {
    var units = ['B', 'KB', 'MB', 'GB', 'TB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(n >= 100 ? 0 : 1)) + ' ' + units[i];
  }

  // ---- upload ----------------------------------------------------------------------------------------------------
  function setUpUpload() {
    var form = $('#upload-form');
    if (!form || !window.XMLHttpRequest || !window.FormData) return;
    var input = $('#file', form);
    var zone = $('.dropzone', form);
    var title = $('.drop-title', form);
    var progress = $('#upload-progress');
    var bar = $('.bar', progress);
    var label = $('.label', progress);
    var error = $('#upload-error');

    function chosen() {
      if (input.files && input.files.length) {
        title.textContent = input.files[0].name + ' (' + formatBytes(input.files[0].size) + ')';
        zone.classList.add('chosen');
      }
    }
    input.addEventListener('change', chosen);
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        chosen();
      }
    });

    form.addEventListener('submit', function (e) {
      if (!input.files || !input.files.length) return;
      e.preventDefault();
      error.hidden = true;
      var max = Number(form.getAttribute('data-max') || 0);
      if (max > 0 && input.files[0].size > max) {
        error.textContent = input.files[0].name + ' is ' + formatBytes(input.files[0].size) + '; this server takes recordings up to '
          + (form.getAttribute('data-max-label') || formatBytes(max)) + ' (serve --max-upload).';
        error.hidden = false;
        return;
      }
      var button = $('button[type=submit]', form);
      button.disabled = true;
      progress.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('X-CSRF-Token', form.getAttribute('data-csrf') || '');
      xhr.upload.onprogress = function (p) {
        if (!p.lengthComputable) return;
        var share = p.loaded / p.total;
        bar.style.width = (share * 100).toFixed(1) + '%';
        label.textContent = share >= 1 ? 'Uploaded; checking the file…'
          : 'Uploading ' + Math.floor(share * 100) + '% (' + formatBytes(p.loaded) + ' of ' + formatBytes(p.total) + ')';
      };
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) {
          window.location.assign(xhr.responseURL); // the 303 was followed to the recording's page
          return;
        }
        fail(messageOf(xhr.responseText) || ('The upload failed (HTTP ' + xhr.status + ').'));
      };
      xhr.onerror = function () {
        fail('The connection was lost during the upload (a file over the server\'s limit is refused this way).');
      };
      xhr.send(new FormData(form));

      function fail(text) {
        progress.hidden = true;
        button.disabled = false;
        error.textContent = text;
        error.hidden = false;
      }
    });
  }

  function messageOf(html) {
    try {
      var doc = new DOMParser().parseFromString(html || '', 'text/html');
      var node = doc.querySelector('.error-message');
      return node ? node.textContent.trim() : '';
    } catch (e) {
      return '';
    }
  }

  // ---- flame graphs and timeline -----------------------------------------------------------------------------------
  var GRAPH_FOR_KIND = {
    'lock-hotspot': ['lock', 'wait', 'wall'],
    'thread-pileup': ['lock', 'wait', 'wall'],
    'map-resize-churn': ['cpu', 'alloc', 'wall'],
    'unsynchronized-map-write': ['cpu', 'wall'],
    'allocation-pressure': ['alloc', 'cpu'],
    'gc-pressure': ['alloc', 'cpu'],
    'cpu-saturation': ['cpu', 'wall'],
    'exception-storm': ['cpu', 'wall'],
    'vthread-pinning': ['wall', 'cpu'],
    'thread-leak': ['cpu', 'wall'],
    'io-wait': ['wall', 'wait', 'cpu'],
    'safepoint-pause': ['cpu', 'wall']
  };

  function setUpGraphs() {
    var holder = $('#graphs[data-view]');
    if (!holder) return;
    var diff = holder.getAttribute('data-mode') === 'diff';
    fetch(holder.getAttribute('data-view'), {credentials: 'same-origin'}).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (data) {
      holder.textContent = '';
      var graphs = data.graphs || [];
      if (!graphs.length) {
        var none = document.createElement('p');
        none.className = 'empty';
        none.textContent = 'This recording has no samples or contention events to draw.';
        holder.appendChild(none);
      } else {
        drawTabs(holder, graphs, diff, data.highlight || '');
      }
      var lanes = $('#lanes');
      if (lanes && window.ThreadLanes && !diff) {
        window.ThreadLanes.render(lanes, data.lanes, data.timeline ? data.timeline.startEpochMs : 0);
      }
      var timeline = $('#timeline');
      if (timeline && window.Timeline && data.timeline && data.timeline.seconds > 0) {
        window.Timeline.render(timeline, data.timeline, {});
      } else if (timeline && !diff) {
        timeline.textContent = 'The recording is too short for a timeline.';
      }
      document.body.setAttribute('data-graphs', String(graphs.length));
    }).catch(function (e) {
      holder.textContent = 'The flame graphs could not be loaded (' + e.message + '); reload the page to try again.';
      document.body.setAttribute('data-graphs', 'error');
    });
  }

  function drawTabs(holder, graphs, diff, highlight) {
    var tabs = document.createElement('div');
    tabs.className = 'tabs';
    tabs.setAttribute('role', 'tablist');
    holder.appendChild(tabs);
    var panels = {};
    graphs.forEach(function (g, i) {
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.className = 'tab';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('data-graph', g.id);
      tab.textContent = g.title;
      tabs.appendChild(tab);
      var panel = document.createElement('div');
      panel.className = 'graph';
      panel.id = 'graph-' + g.id;
      panel.setAttribute('role', 'tabpanel');
      holder.appendChild(panel);
      panels[g.id] = {tab: tab, panel: panel, graph: null, data: g};
      tab.addEventListener('click', function () { select(g.id); });
    });
    function select(id) {
      Object.keys(panels).forEach(function (key) {
        var p = panels[key];
        var on = key === id;
        p.tab.classList.toggle('active', on);
        p.tab.setAttribute('aria-selected', on ? 'true' : 'false');
        p.panel.hidden = !on;
        if (on && !p.graph && window.FlameGraph) {
          p.graph = window.FlameGraph.render(p.panel, p.data.tree, {
            title: p.data.title, unit: p.data.unit, highlight: diff ? undefined : highlight,
            diff: diff, diffWidth: diff ? 'sum' : undefined
          });
        }
      });
      return panels[id];
    }
    select(graphs[0].id);

    document.querySelectorAll('.show-in-graph').forEach(function (link) {
      link.addEventListener('click', function (e) {
        var article = link.closest('.finding');
        var kind = article ? (article.getAttribute('data-kind') || '') : '';
        var order = (GRAPH_FOR_KIND[kind] || []).concat(graphs.map(function (g) { return g.id; }));
        for (var i = 0; i < order.length; i++) {
          if (panels[order[i]]) {
            var p = select(order[i]);
            var method = link.getAttribute('data-method') || '';
            if ((p.panel.flameGraph || p.graph) && method) {
              (p.panel.flameGraph || p.graph).search(method.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
            }
            break;
          }
        }
        e.preventDefault();
        $('#flamegraphs').scrollIntoView({behavior: 'smooth', block: 'start'});
      });
    });
  }

  // ---- confirmations -----------------------------------------------------------------------------------------------
  function setUpConfirm() {
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
  }

  function start() {
    setUpUpload();
    setUpGraphs();
    setUpConfirm();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
