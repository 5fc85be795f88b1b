// Small DOM and fetch helpers. Every value is written with text nodes or attributes, never parsed as HTML.
import * as echarts from '/assets/echarts.js';

export { echarts };

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** GET (or POST JSON) a dashboard endpoint; a non-2xx answer throws an Error carrying the server's message. */
export async function api(path, body) {
  const opts = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(path, opts);
  const text = await r.text();
  let doc = null;
  try { doc = text ? JSON.parse(text) : null; } catch (e) { doc = null; }
  if (!r.ok) {
    const err = new Error(doc && doc.error ? doc.error : 'HTTP ' + r.status);
    err.field = doc && doc.field;
    throw err;
  }
  return doc;
}

export function fmt(v, digits = 3) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v.toLocaleString('en');
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(digits)));
  }
  return String(v);
}

export function pct(v) { return v === null || v === undefined ? '—' : (100 * v).toFixed(0) + ' %'; }

/** A table: columns are {label, value(row) → text or Node, key (optional, makes the header sortable)}. */
export function table(columns, rows, onSort) {
  const head = el('tr', {}, columns.map(c => el('th', c.key && onSort ? { class: 'sortable', onclick: () => onSort(c.key), 'data-key': c.key } : {}, c.label)));
  const body = rows.map(r => el('tr', {}, columns.map(c => {
    const v = c.value(r);
    return el('td', c.cls ? { class: c.cls } : {}, v instanceof Node ? v : fmt(v));
  })));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, body));
}

export function card(label, value) {
  return el('div', { class: 'card' }, el('div', { class: 'v' }, value), el('div', { class: 'k' }, label));
}

export function errorBox(e) { return el('p', { class: 'error' }, e.message || String(e)); }

/** A tooltip body built from text lines (a DOM node, so nothing in the data is read as HTML). */
export function tip(lines) {
  return el('div', {}, lines.map(l => el('div', {}, l)));
}

const charts = [];

/** An ECharts chart in an SVG renderer (crisp, and its cells countable in tests). */
export function chart(parent, option, cls = 'chart') {
  const box = el('div', { class: cls });
  parent.append(box);
  const c = echarts.init(box, null, { renderer: 'svg' });
  c.setOption(Object.assign({ animation: false }, option));
  charts.push(c);
  return c;
}

export function disposeCharts() {
  while (charts.length) charts.pop().dispose();
}
