// The pages. Each renders into `main` with text nodes only, and returns nothing or a function that stops its timers.
import { el, api, fmt, pct, table, card, errorBox, tip, chart } from '/assets/ui.js';

const runLink = id => el('a', { href: '#/run/' + id }, '#' + id);

// --- Farm: live by polling ---
export async function farm(main) {
  const status = el('div');
  const msg = el('p', { class: 'muted' });
  main.append(el('h2', {}, 'Farm'), msg, status);
  let timer = null;
  let states = null;
  async function refresh() {
    let f;
    try { f = await api('/dash/farm'); } catch (e) { msg.replaceChildren(errorBox(e)); return; }
    msg.textContent = 'updated ' + new Date().toLocaleTimeString() + ' (every 2 s)';
    const eta = f.eta_minutes === null ? 'unknown' : f.eta_minutes === 0 ? 'nothing left' : fmt(f.eta_minutes, 2) + ' min';
    const cards = el('div', { class: 'cards', id: 'farm-cards' },
      card('runs', fmt(f.runs)),
      ...Object.entries(f.states).map(([k, v]) => el('div', { class: 'card', 'data-state': k }, el('div', { class: 'v' }, fmt(v)), el('div', { class: 'k' }, k))),
      card('runs/min (' + f.window_minutes + ' min)', fmt(f.runs_per_minute, 3)), card('ETA', eta),
      card('live workers', String(f.workers.filter(w => w.alive).length)));
    const outcomes = el('p', {}, 'outcomes: ' + Object.entries(f.outcomes).map(([k, v]) => k.replace('_', ' ') + ' ' + fmt(v)).join(', ')
      + (f.imported ? ' (' + fmt(f.imported) + ' imported)' : ''));
    const chartBox = el('div');
    const workers = f.workers.length === 0 ? el('p', { class: 'muted' }, 'no workers in the last hour')
      : table([{ label: 'worker', value: w => w.id }, { label: 'threads', value: w => w.threads }, { label: 'runs done', value: w => w.runs_done },
        { label: 'last heartbeat', value: w => w.heartbeat_seconds_ago + ' s ago' }, { label: 'state', value: w => w.state }], f.workers);
    const sweeps = f.sweeps.length === 0 ? el('p', { class: 'muted' }, 'no sweeps')
      : table([{ label: 'sweep', value: s => '#' + s.id }, { label: 'name', value: s => s.name }, { label: 'runs', value: s => s.runs },
        { label: 'progress', value: s => el('span', {}, el('progress', { max: Math.max(1, s.runs), value: s.done + s.failed }), ' ' + pct((s.done + s.failed) / Math.max(1, s.runs))) },
        { label: 'queued', value: s => s.queued }, { label: 'running', value: s => s.running }, { label: 'done', value: s => s.done },
        { label: 'failed', value: s => s.failed }, { label: 'learned', value: s => s.learned },
        { label: 'trains to', value: s => s.to_budget ? 'budget' : 'confirmation' }], f.sweeps);
    const retryMsg = el('span', { id: 'retry-msg' });
    const failed = f.failed.length === 0 ? el('p', { class: 'muted' }, 'no failed runs')
      : el('div', {}, el('button', { id: 'retry', onclick: async () => {
          try { const r = await api('/dash/retry', {}); retryMsg.textContent = ' re-queued ' + r.requeued + ' runs; `learncast farm run` trains them'; refresh(); }
          catch (e) { retryMsg.textContent = ' ' + e.message; }
        } }, 'Re-queue failed runs (as farm retry)'), retryMsg,
        table([{ label: 'run', value: r => runLink(r.id) }, { label: 'task', value: r => r.task }, { label: 'attempts', value: r => r.attempts },
          { label: 'error', value: r => r.error || '(none recorded)', cls: 'err' }], f.failed));
    status.replaceChildren(cards, outcomes, chartBox, el('h2', {}, 'Workers'), workers, el('h2', {}, 'Sweeps'), sweeps,
      el('h2', {}, 'Failed runs' + (f.states.failed > f.failed.length ? ' (first ' + f.failed.length + ' of ' + f.states.failed + ')' : '')), failed);
    if (states) states.dispose();
    states = chart(chartBox, {
      title: { text: 'runs by state and outcome', textStyle: { fontSize: 13 } },
      tooltip: {}, grid: { left: 90, right: 30 },
      xAxis: { type: 'value' }, yAxis: { type: 'category', data: ['queued', 'running', 'failed', 'learned', 'not learned', 'diverged', 'stopped early'] },
      series: [{ type: 'bar', data: [f.states.queued, f.states.running, f.states.failed, f.outcomes.learned, f.outcomes.not_learned, f.outcomes.diverged, f.outcomes.stopped_early] }],
    }, 'chart small');
  }
  await refresh();
  timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
}

// --- Corpus: filterable, sortable, paged ---
export async function corpus(main, params) {
  const meta = await api('/dash/meta');
  const q = Object.fromEntries(params.entries());
  const sel = (name, values, label) => el('label', {}, label || name, el('select', { name }, el('option', { value: '' }, 'any'),
    values.map(v => el('option', { value: v, selected: q[name] === v }, v))));
  const input = (name, label) => el('label', {}, label, el('input', { name, value: q[name] || '', size: 8 }));
  const form = el('form', { class: 'filters' },
    sel('task', [...new Set(meta.tasks.map(t => t.task))]), sel('state', meta.states), sel('outcome', meta.outcomes),
    input('source', 'source'), input('min_width', 'min width'), input('max_width', 'max width'), el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) p.set(k, v);
    if (q.sort) p.set('sort', q.sort);
    if (q.desc) p.set('desc', q.desc);
    location.hash = '#/corpus?' + p;
  });
  const p = new URLSearchParams(params);
  p.set('limit', '50');
  const body = el('div');
  main.append(el('h2', {}, 'Corpus'), form, body);
  let doc;
  try { doc = await api('/dash/runs?' + p); } catch (e) { body.append(errorBox(e)); return; }
  const go = changes => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === null) n.delete(k); else n.set(k, v); }
    location.hash = '#/corpus?' + n;
  };
  const sort = key => go({ sort: key, desc: q.sort === key && q.desc !== 'true' ? 'true' : null, offset: null });
  const cols = [
    { label: 'run', key: 'id', value: r => runLink(r.id) }, { label: 'task', key: 'task', value: r => r.task },
    { label: 'property', value: r => r.property }, { label: 'depth', key: 'depth', value: r => r.depth }, { label: 'width', key: 'width', value: r => r.width },
    { label: 'act', value: r => r.activation }, { label: 'opt', value: r => r.optimizer }, { label: 'lr', key: 'lr', value: r => r.lr },
    { label: 'wd', key: 'wd', value: r => r.wd }, { label: 'batch', value: r => r.batch }, { label: 'train_frac', key: 'train_frac', value: r => r.train_frac },
    { label: 'n_train', key: 'n_train', value: r => r.n_train }, { label: 'steps', key: 'steps', value: r => r.steps }, { label: 'seed', value: r => r.seed },
    { label: 'state', key: 'state', value: r => r.state }, { label: 'outcome', key: 'outcome', value: r => r.outcome },
    { label: 'steps to learn', key: 'steps_to_learn', value: r => r.steps_to_learn }, { label: 'test acc', key: 'final_test_acc', value: r => r.final_test_acc },
    { label: 'source', key: 'source', value: r => r.source }];
  const from = doc.total === 0 ? 0 : doc.offset + 1;
  const to = doc.offset + doc.runs.length;
  const nav = el('p', {}, `runs ${fmt(from)}–${fmt(to)} of ${fmt(doc.total)}` + (q.sort ? ` · sorted by ${q.sort}${q.desc === 'true' ? ' (descending)' : ''}` : '') + ' ',
    el('button', { disabled: doc.offset === 0, onclick: () => go({ offset: String(Math.max(0, doc.offset - doc.limit)) }) }, '← previous'), ' ',
    el('button', { disabled: to >= doc.total, onclick: () => go({ offset: String(doc.offset + doc.limit) }) }, 'next →'));
  body.append(nav, table(cols, doc.runs, sort));
}

// --- A run: curves and provenance ---
export async function run(main, params, id) {
  const d = await api('/dash/run?id=' + encodeURIComponent(id || ''));
  const r = d.run;
  main.append(el('h2', {}, 'Run #' + r.id + ' · ' + r.task + ' · ' + (r.outcome || r.state)), el('p', {}, d.config));
  main.append(table([{ label: 'field', value: x => x[0] }, { label: 'value', value: x => x[1] }], [
    ['property', r.property], ['state', r.state], ['outcome', r.outcome], ['steps to learn', r.steps_to_learn], ['final test acc', r.final_test_acc],
    ['source', r.source], ['attempts', d.attempts], ['created', d.created], ['finished', d.finished], ['wall ms', d.wall_ms], ['trainer', d.trainer],
    ['worker', d.worker], ['parameters', d.params], ['dataset', d.dataset], ['config hash', d.config_hash]]));
  if (d.error) main.append(el('h2', {}, 'Error'), el('pre', {}, d.error));
  const steps = d.curve.map(p => p.step);
  const line = (name, key) => ({ name, type: 'line', showSymbol: d.curve.length < 60, data: d.curve.map(p => [p.step, p[key]]) });
  const box = el('div', { class: 'charts' });
  main.append(el('h2', {}, 'Learning curves (' + steps.length + ' evaluations)'), box);
  const opt = (title, series, yName) => ({ title: { text: title, textStyle: { fontSize: 13 } }, tooltip: { trigger: 'axis' }, legend: { top: 22 },
    grid: { top: 60 }, xAxis: { type: 'value', name: 'step' }, yAxis: { type: 'value', name: yName, scale: true }, series });
  chart(box, opt('accuracy', [line('train acc', 'train_acc'), line('test acc', 'test_acc')], 'accuracy'));
  chart(box, opt('loss', [line('train loss', 'train_loss'), line('test loss', 'test_loss')], 'loss'));
  chart(box, opt('weight norm', [line('weight norm', 'weight_norm')], 'norm'));
  main.append(el('h2', {}, 'Provenance'), el('pre', {}, d.provenance ? JSON.stringify(d.provenance, null, 2) : '(none recorded)'));
}

// P(ever)'s label says how much of it lies past the longest budget the task was trained to (the CLI's wording)
function everLabel(f) {
  const h = f.horizon;
  if (!h || !(h.p_ever_after >= 0.0005)) return 'P(learns ever)';
  return 'P(learns ever) · ' + h.p_ever_after.toFixed(3) + ' of it after ' + fmt(h.steps) + ' steps, the longest any ' + h.of + ' run trained: extrapolated';
}

// --- Phase diagrams ---
function phaseForm(meta, q, onSubmit) {
  const tasks = meta.tasks;
  const taskSel = el('select', { name: 'task' }, tasks.map((t, i) => el('option', { value: String(i), selected: t.task === q.task && t.metric === (q.metric || 'test_acc') }, t.task + ' · ' + t.property + ' (' + fmt(t.runs) + ' runs)')));
  const axis = (name, def) => el('label', {}, name + ' axis', el('select', { name }, meta.axes.map(a => el('option', { value: a, selected: (q[name] || def) === a }, a))));
  const form = el('form', { class: 'filters', id: 'phase-form' }, el('label', {}, 'task · property', taskSel), axis('x', 'lr'), axis('y', 'wd'),
    el('label', {}, 'budget (steps)', el('input', { name: 'budget', value: q.budget || '2000', size: 8 })), el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const f = new FormData(form);
    const t = tasks[Number(f.get('task'))];
    onSubmit({ task: t.task, metric: t.metric, threshold: String(t.threshold), x: f.get('x'), y: f.get('y'), budget: f.get('budget') });
  });
  return form;
}

function heatmap(parent, doc, valueKey, title, onClick, overlay) {
  // a cell where no run can tell (none trained that long) is drawn grey, in a series the colour scale does not touch
  const known = c => c[valueKey] !== null && c[valueKey] !== undefined;
  const series = [
    { type: 'heatmap', data: doc.cells.filter(known).map(c => ({ value: [c.xi, c.yi, c[valueKey]], cell: c })),
      label: { show: doc.cells.length <= 150, formatter: p => pct(p.data.value[2]) } },
    { type: 'heatmap', data: doc.cells.filter(c => !known(c)).map(c => ({ value: [c.xi, c.yi, 0], cell: c })),
      itemStyle: { color: 'rgb(204,204,204)' }, label: { show: doc.cells.length <= 150, formatter: () => '?' } }];
  if (overlay) {
    series.push({ type: 'scatter', name: 'newest round', data: overlay.map(c => ({ value: [c.xi, c.yi], cell: c })),
      symbolSize: (v, p) => 6 + 3 * Math.sqrt(p.data.cell.runs), itemStyle: { color: '#111', opacity: 0.8 } });
  }
  return chart(parent, {
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { formatter: p => { const c = p.data.cell; return tip([doc.x.key + ': ' + doc.x.bins[c.xi].label, doc.y.key + ': ' + doc.y.bins[c.yi].label,
      'runs ' + c.runs + ', done ' + c.done + ', can tell ' + c.known + ', learned ' + c.learned + (c.diverged ? ', diverged ' + c.diverged : ''),
      'observed ' + pct(c.fraction) + (c.forecast === null || c.forecast === undefined ? '' : ' · forecast ' + pct(c.forecast)),
      c.example ? 'e.g. ' + c.example : '']); } },
    grid: { left: 110, bottom: 100, right: 20, top: 40 },
    xAxis: { type: 'category', name: doc.x.key, nameLocation: 'middle', nameGap: 80, data: doc.x.bins.map(b => b.label), axisLabel: { rotate: 30 } },
    yAxis: { type: 'category', name: doc.y.key, data: doc.y.bins.map(b => b.label) },
    visualMap: { min: 0, max: 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, show: false,
      inRange: { color: ['#d73027', '#fee08b', '#1a9850'] }, outOfRange: { color: ['#cccccc'] }, seriesIndex: 0 },
    series,
  }, 'chart phase').on('click', p => p.data && p.data.cell && onClick(p.data.cell));
}

export async function phase(main, params) {
  const meta = await api('/dash/meta');
  const q = Object.fromEntries(params.entries());
  main.append(el('h2', {}, 'Phase diagrams'));
  if (meta.tasks.length === 0) { main.append(el('p', { class: 'muted' }, 'no runs in this store yet')); return; }
  if (!q.task) Object.assign(q, { task: meta.tasks[0].task, metric: meta.tasks[0].metric, threshold: String(meta.tasks[0].threshold) });
  main.append(phaseForm(meta, q, v => { location.hash = '#/phase?' + new URLSearchParams(v); }));
  const base = new URLSearchParams({ task: q.task, metric: q.metric || 'test_acc', threshold: q.threshold || '0.95', x: q.x || 'lr', y: q.y || 'wd', budget: q.budget || '2000' });
  const doc = await api('/dash/phase?' + base);
  const list = el('div', { id: 'cell-runs' });
  const onClick = async c => {
    const p = new URLSearchParams(base);
    p.set('xbin', String(c.x));
    p.set('ybin', String(c.y));
    try {
      const r = await api('/dash/phase/runs?' + p);
      list.replaceChildren(el('h2', {}, `runs with ${doc.x.key} ${r.x}, ${doc.y.key} ${r.y}` + (r.runs.length >= 200 ? ' (first 200)' : '')),
        table([{ label: 'run', value: x => runLink(x.id) }, { label: 'config', value: x => `width ${x.width} lr ${fmt(x.lr)} wd ${fmt(x.wd)} frac ${fmt(x.train_frac)} n ${fmt(x.n_train)} seed ${x.seed}` },
          { label: 'steps', value: x => x.steps }, { label: 'outcome', value: x => x.outcome || x.state }, { label: 'steps to learn', value: x => x.steps_to_learn }], r.runs));
    } catch (e) { list.replaceChildren(errorBox(e)); }
  };
  main.append(el('p', {}, `${doc.task} · ${doc.property} · within ${fmt(doc.budget)} steps · ${doc.cells.length} cells` + (doc.model_id ? ` · forecaster #${doc.model_id}` : ' · no forecaster fitted')));
  const box = el('div', { class: 'charts', id: 'phase-charts', 'data-cells': String(doc.cells.length) });
  main.append(box, list);
  heatmap(box, doc, 'fraction', 'observed fraction learned', onClick);
  if (doc.model_id) heatmap(box, doc, 'forecast', 'forecast P(learn)', onClick);
}

// --- Forecast: the form is built from GET /v1/knobs ---
export async function forecast(main) {
  const { knobs } = await api('/v1/knobs');
  const inputs = {};
  const fields = knobs.map(k => {
    const input = k.type === 'choice'
      // a choice whose default depends on other knobs (layer_norm: off for a transformer, none for an MLP) starts unset
      ? el('select', { name: k.name }, (k.default === null || k.default === undefined ? [el('option', { value: '' }, '(default)')] : [])
          .concat(k.choices.map(c => el('option', { value: c, selected: c === k.default }, c))))
      : el('input', { name: k.name, placeholder: k.default === null || k.default === undefined ? '' : String(k.default), required: k.required, size: k.name === 'task' ? 24 : 8 });
    inputs[k.name] = { knob: k, input };
    return el('label', { title: k.help }, k.name + (k.required ? ' *' : ''), input);
  });
  const out = el('div', { id: 'forecast-result' });
  const form = el('form', { class: 'knobs', id: 'forecast-form' }, fields, el('button', { type: 'submit' }, 'Forecast'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const body = {};
    for (const [name, { knob, input }] of Object.entries(inputs)) {
      const v = input.value.trim();
      if (v === '' || (knob.type === 'choice' && v === knob.default)) continue;
      if (knob.type === 'text' || knob.type === 'choice') body[name] = v;
      else if (knob.type === 'integer_or_full' && v.toLowerCase() === 'full') body[name] = 'full';
      else { const n = Number(v); body[name] = Number.isFinite(n) && v !== '' ? n : v; }
    }
    out.replaceChildren(el('p', { class: 'muted' }, 'forecasting…'));
    let d;
    try { d = await api('/v1/forecast', body); } catch (err) { out.replaceChildren(el('p', { class: 'error', id: 'forecast-error' }, err.message)); return; }
    const f = d.forecast;
    out.replaceChildren(
      el('div', { class: 'cards' }, el('div', { class: 'card' }, el('div', { class: 'v', id: 'p-learn', 'data-p': String(f.p) }, f.p.toFixed(3)), el('div', { class: 'k' }, 'P(learn within ' + fmt(f.budget) + ' steps)')),
        card('interval', f.p_low.toFixed(3) + ' – ' + f.p_high.toFixed(3)), card(everLabel(f), f.p_ever.toFixed(3)),
        card('steps to learn', f.steps_median === null || f.steps_median === undefined ? '—' : fmt(Math.round(f.steps_median)) + ' (' + fmt(Math.round(f.steps_low)) + '–' + fmt(Math.round(f.steps_high)) + ')')),
      el('p', {}, f.config), el('p', { class: 'muted' }, 'model #' + d.model_id + ' · ledger: ' + d.ledger + ' · ' + d.interval),
      ...(f.warnings || []).map(w => el('p', { class: 'error' }, typeof w === 'string' ? w : (w.message || JSON.stringify(w)))),
      el('h2', {}, 'Why (Shapley values from the reference ' + (f.reference ? f.reference.config + ', P ' + f.reference.p.toFixed(3) : '') + ')'),
      table([{ label: 'knob', value: a => a.knob }, { label: 'value', value: a => a.value }, { label: 'reference', value: a => a.reference },
        { label: 'moves P by', value: a => (a.contribution >= 0 ? '+' : '') + a.contribution.toFixed(3) }], f.attributions || []),
      el('h2', {}, 'Nearest trained configs'),
      table([{ label: 'config', value: n => n.config }, { label: 'runs', value: n => n.runs }, { label: 'learned / can tell', value: n => n.learned + ' / ' + n.known },
        { label: 'median confirm step', value: n => n.median_confirm_step }, { label: 'outcomes', value: n => n.outcomes }, { label: 'distance', value: n => n.distance }], f.neighbours || []));
  });
  main.append(el('h2', {}, 'Forecast'), el('p', { class: 'muted' }, 'Empty fields take the CLI\'s defaults (shown greyed). Recorded in the ledger like `learncast forecast`.'), form, out);
}

// --- Ledger and eval ---
export async function ledger(main) {
  const d = await api('/dash/ledger');
  main.append(el('h2', {}, 'Ledger'), el('div', { class: 'cards' }, card('forecasts recorded', fmt(d.entries)), card('scored', fmt(d.scored)),
    card('pending', fmt(d.pending)), card('Brier (scored)', d.brier === null ? '—' : d.brier.toFixed(3)), card('hash chain', d.chain_intact ? 'intact' : 'BROKEN')));
  if (d.calibration.length) {
    chart(main, { title: { text: 'calibration of scored forecasts', textStyle: { fontSize: 13 } }, tooltip: { formatter: p => tip([p.seriesName, 'forecast ' + fmt(p.data[0]) + ', observed ' + fmt(p.data[1]) + (p.data[2] ? ', n ' + p.data[2] : '')]) },
      xAxis: { type: 'value', min: 0, max: 1, name: 'mean forecast' }, yAxis: { type: 'value', min: 0, max: 1, name: 'observed' },
      series: [{ name: 'perfect', type: 'line', data: [[0, 0], [1, 1]], lineStyle: { type: 'dashed' }, showSymbol: false },
        { name: 'scored forecasts', type: 'line', data: d.calibration.map(b => [b.mean_forecast, b.observed, b.n]) }] });
  }
  main.append(el('h2', {}, 'Newest entries'), d.recent.length === 0 ? el('p', { class: 'muted' }, 'no forecasts recorded yet')
    : table([{ label: '#', value: e => e.id }, { label: 'made', value: e => e.created }, { label: 'by', value: e => e.context }, { label: 'task', value: e => e.task },
      { label: 'budget', value: e => e.budget }, { label: 'P', value: e => e.p.toFixed(3) }, { label: 'interval', value: e => e.p_low === null ? '—' : e.p_low.toFixed(2) + '–' + e.p_high.toFixed(2) },
      { label: 'outcome', value: e => e.learned === null || e.learned === undefined ? 'pending' : e.learned ? 'learned' : 'not learned' },
      { label: 'run', value: e => e.run_id ? runLink(e.run_id) : '—' }], d.recent));
  main.append(el('h2', {}, 'Evaluation of the active forecaster'));
  if (!d.model) { main.append(el('p', { class: 'muted' }, 'no forecaster fitted: `learncast forecast fit`')); return; }
  const r = d.model.report;
  main.append(el('p', {}, `model #${d.model.id}, fitted ${d.model.created} on ${fmt(d.model.corpus_runs)} runs; chosen ${r.chosen} (${r.folds}-fold grouped CV; \`learncast eval\` scores it on other splits)`));
  const m = (label, x) => [label, x];
  const rows = [m('chosen', r.chosen_cv), m('calibrated', r.calibrated_cv)].filter(x => x[1]);
  const keys = rows.length ? Object.keys(rows[0][1]).filter(k => typeof rows[0][1][k] === 'number') : [];
  main.append(table([{ label: 'scores', value: x => x[0] }, ...keys.map(k => ({ label: k, value: x => x[1][k] }))], rows));
}

// --- Grow ---
export async function grow(main, params) {
  const d = await api('/dash/grow');
  main.append(el('h2', {}, 'Grow campaigns'));
  if (d.campaigns.length === 0) { main.append(el('p', { class: 'muted' }, 'no campaigns yet: `learncast grow --space SPACE.yaml`')); return; }
  for (const c of d.campaigns) {
    main.append(el('h2', {}, c.name), table([{ label: 'round', value: r => r.round }, { label: 'strategy', value: r => r.strategy }, { label: 'state', value: r => r.state },
      { label: 'runs', value: r => r.runs }, { label: 'model', value: r => r.model_id ? '#' + r.model_id : '—' }, { label: 'started', value: r => r.created },
      { label: 'finished', value: r => r.finished }], c.rounds));
  }
  if (!d.newest) return;
  const n = d.newest;
  const q = Object.fromEntries(params.entries());
  const base = new URLSearchParams({ task: n.task, metric: n.metric, threshold: String(n.threshold), x: q.x || 'lr', y: q.y || 'wd', budget: String(n.budget),
    campaign: n.campaign, round: String(n.round) });
  const doc = await api('/dash/phase?' + base);
  main.append(el('h2', {}, `Where round ${n.round} of ${n.campaign} landed (${n.task}, within ${fmt(n.budget)} steps; dots: its runs)`));
  const box = el('div', { class: 'charts' });
  main.append(box);
  heatmap(box, doc, 'fraction', 'observed fraction learned, with the newest round', () => {}, doc.round_cells);
}
