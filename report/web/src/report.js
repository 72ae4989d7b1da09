// stockcast report: turns the JSON model embedded in the page (built by src/report/report_model.cpp)
// into headings, sortable tables and uPlot charts. No network access: everything is in the page.
(function () {
  'use strict';

  var registry = { charts: [], tables: [], ready: false, renderMs: 0 };
  window.stockcastReport = registry;
  var started = performance.now();

  var model = JSON.parse(document.getElementById('stockcast-data').textContent);
  var root = document.getElementById('report');

  // ------------------------------------------------------------------ helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== '') node.textContent = text;
    return node;
  }

  function formatNumber(value) {
    if (value === null || value === undefined || !isFinite(value)) return '\u2013';
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
    var a = Math.abs(value);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return value.toExponential(3);
    return String(Number(value.toPrecision(5)));
  }

  function formatTick(value) {
    if (value === null || value === undefined) return '';
    var a = Math.abs(value);
    if (a >= 1e9) return Number((value / 1e9).toPrecision(3)) + 'G';
    if (a >= 1e6) return Number((value / 1e6).toPrecision(3)) + 'M';
    if (a >= 1e4) return Number((value / 1e3).toPrecision(3)) + 'k';
    if (a !== 0 && a < 1e-3) return value.toExponential(1);
    return String(Number(value.toPrecision(4)));
  }

  // ------------------------------------------------------------------ tables

  function renderTable(spec) {
    var wrap = el('div', 'table-wrap');
    var table = el('table', 'data-table');
    table.id = 'table-' + spec.id;
    if (spec.title) table.appendChild(el('caption', '', spec.title));
    var thead = el('thead');
    var headRow = el('tr');
    var tbody = el('tbody');
    var rows = spec.rows.map(function (cells, i) {
      var tr = el('tr', (spec.row_classes && spec.row_classes[i]) || '');
      cells.forEach(function (cell) {
        var td = el('td', cell.cls || '');
        if (cell.n !== undefined) {
          td.textContent = formatNumber(cell.n);
          td.classList.add('num');
          td.title = cell.n === null ? 'missing' : String(cell.n);
        } else {
          td.textContent = cell.t;
        }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
      return { tr: tr, cells: cells, index: i };
    });
    var sortState = { column: -1, ascending: true };
    spec.columns.forEach(function (name, c) {
      var th = el('th', '', name);
      th.scope = 'col';
      if (spec.sortable) {
        th.classList.add('sortable');
        th.tabIndex = 0;
        th.title = 'Sort by ' + name;
        var sort = function () {
          sortState.ascending = sortState.column === c ? !sortState.ascending : true;
          sortState.column = c;
          var dir = sortState.ascending ? 1 : -1;
          rows.sort(function (a, b) {
            var x = a.cells[c], y = b.cells[c];
            if (x.n !== undefined || y.n !== undefined) {
              var xn = x.n === undefined || x.n === null ? NaN : x.n;
              var yn = y.n === undefined || y.n === null ? NaN : y.n;
              if (isNaN(xn) && isNaN(yn)) return a.index - b.index;
              if (isNaN(xn)) return 1;   // missing values last in both directions
              if (isNaN(yn)) return -1;
              return (xn - yn) * dir || a.index - b.index;
            }
            return String(x.t).localeCompare(String(y.t)) * dir || a.index - b.index;
          });
          rows.forEach(function (r) { tbody.appendChild(r.tr); });
          Array.prototype.forEach.call(headRow.children, function (h, k) {
            h.setAttribute('aria-sort', k === c ? (sortState.ascending ? 'ascending' : 'descending') : 'none');
          });
        };
        th.addEventListener('click', sort);
        th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
      }
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    table.appendChild(thead);
    table.appendChild(tbody);
    wrap.appendChild(table);
    if (spec.note) wrap.appendChild(el('p', 'note', spec.note));
    registry.tables.push({ id: spec.id, rows: spec.rows.length, columns: spec.columns.length });
    return wrap;
  }

  // ------------------------------------------------------------------ charts

  var CHART_HEIGHT = 320;
  var GRID_HEIGHT = 260;

  function withAlpha(color, alpha) {
    var hex = Math.round(alpha * 255).toString(16);
    return color + (hex.length < 2 ? '0' + hex : hex);
  }

  function axisSize(self, values) {
    if (!values) return 50;
    var longest = 0;
    values.forEach(function (v) { if (v && v.length > longest) longest = v.length; });
    return Math.max(50, longest * 7 + 28);
  }

  function seriesOptions(s) {
    var o = { label: s.label, stroke: s.color, width: s.width, scale: s.right ? 'y2' : 'y',
              value: function (u, v) { return formatNumber(v); } };
    if (s.style === 'dashed') {
      o.dash = [6, 4];
      o.points = { show: false };
    } else if (s.style === 'points') {
      o.paths = function () { return null; };
      o.points = { show: true, size: 5, width: 1, stroke: s.color, fill: withAlpha(s.color, 0.5) };
    } else if (s.style === 'bars') {
      o.paths = uPlot.paths.bars({ size: [0.7, 12], align: 0 });
      o.fill = withAlpha(s.color, 0.6);
      o.points = { show: false };
    } else if (s.style === 'step') {
      o.paths = uPlot.paths.stepped({ align: 1 });
    } else if (s.style === 'histogram') {
      o.paths = uPlot.paths.bars({ size: [1, Infinity], align: 0 });
      o.fill = withAlpha(s.color, 0.25);
      o.points = { show: false };
    }
    return o;
  }

  function chartOptions(spec, width, height) {
    var xSeries = { label: spec.x_label };
    if (spec.x_time) xSeries.value = '{YYYY}-{MM}-{DD}';
    else xSeries.value = function (u, v) { return formatNumber(v); };
    var xAxis = { label: spec.x_label, labelSize: 24 };
    // Epochs, folds, trials, lags and days are whole numbers: no ticks between them.
    if (!spec.x_time && spec.x.length && spec.x.every(function (v) { return Number.isInteger(v); })) {
      xAxis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
    }
    var axes = [
      xAxis,
      { label: spec.y_label, labelSize: 24, size: axisSize, values: function (u, splits) { return splits.map(formatTick); } }
    ];
    var scales = { x: { time: !!spec.x_time }, y: { auto: true } };
    if (spec.y2_label) {
      axes.push({ label: spec.y2_label, labelSize: 24, scale: 'y2', side: 1, size: axisSize, grid: { show: false },
                  values: function (u, splits) { return splits.map(formatTick); } });
      scales.y2 = spec.y2_log ? { distr: 3 } : { auto: true };
    }
    var opts = {
      title: spec.title,
      width: width,
      height: height,
      series: [xSeries].concat(spec.series.map(seriesOptions)),
      axes: axes,
      scales: scales,
      bands: (spec.bands || []).map(function (b) { return { series: [b.upper + 1, b.lower + 1], fill: b.fill }; }),
      cursor: { drag: { x: true, y: false, setScale: true } },
      legend: { live: true },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); }
    };
    if (spec.sync) opts.cursor.sync = { key: spec.sync };
    return opts;
  }

  function renderChart(spec, host, grid) {
    var box = el('figure', 'chart');
    box.id = 'chart-' + spec.id;
    host.appendChild(box);
    var target = el('div', 'chart-canvas');
    box.appendChild(target);
    if (spec.note) box.appendChild(el('figcaption', 'note', spec.note));
    var height = grid ? GRID_HEIGHT : CHART_HEIGHT;
    var width = Math.max(300, Math.floor(target.clientWidth || box.clientWidth || 800));
    var data = [spec.x].concat(spec.series.map(function (s) { return s.y; }));
    var plot = new uPlot(chartOptions(spec, width, height), data, target);
    registry.charts.push({ id: spec.id, title: spec.title, plot: plot, element: box, height: height });
  }

  // ------------------------------------------------------------------ page

  document.title = model.title;
  var header = el('header', 'page-header');
  header.appendChild(el('h1', '', model.title));
  if (model.subtitle) header.appendChild(el('p', 'subtitle', model.subtitle));
  root.appendChild(header);

  if (model.sections.length > 1) {
    var nav = el('nav', 'toc');
    nav.setAttribute('aria-label', 'Sections');
    model.sections.forEach(function (section) {
      var a = el('a', '', section.title);
      a.href = '#' + section.id;
      nav.appendChild(a);
    });
    root.appendChild(nav);
  }

  model.sections.forEach(function (section) {
    var node = el('section', 'report-section');
    node.id = section.id;
    node.appendChild(el('h2', '', section.title));
    if (section.intro) node.appendChild(el('p', 'intro', section.intro));
    section.tables.forEach(function (t) { node.appendChild(renderTable(t)); });
    var charts = el('div', section.grid ? 'charts grid' : 'charts');
    node.appendChild(charts);
    root.appendChild(node);
    section.charts.forEach(function (c) { renderChart(c, charts, section.grid); });
  });

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      registry.charts.forEach(function (c) {
        var w = Math.max(300, Math.floor(c.element.clientWidth));
        c.plot.setSize({ width: w, height: c.height });
      });
    }, 100);
  });

  registry.renderMs = performance.now() - started;
  registry.ready = true;
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
