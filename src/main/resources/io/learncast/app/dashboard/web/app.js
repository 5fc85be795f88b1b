// The router: #/page[?query] → a page of pages.js; a page may return a stop function (timers).
import { el, errorBox, disposeCharts, api } from '/assets/ui.js';
import * as pages from '/assets/pages.js';

let stop = null;
let seq = 0;

async function show() {
  if (stop) { stop(); stop = null; }
  disposeCharts();
  const hash = location.hash.replace(/^#\/?/, '') || 'farm';
  const [path, query] = hash.split('?');
  const [name, arg] = path.split('/');
  const params = new URLSearchParams(query || '');
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.dataset.page === name || (name === 'run' && a.dataset.page === 'corpus'));
  const main = document.getElementById('main');
  main.replaceChildren();
  const mine = ++seq;
  document.body.dataset.ready = '';
  document.body.dataset.page = name;
  const page = pages[name];
  try {
    if (!page) throw new Error('no page ' + name + '; choose one above');
    stop = await page(main, params, arg) || null;
  } catch (e) {
    main.append(errorBox(e));
  }
  if (mine === seq) document.body.dataset.ready = String(mine);
}

window.addEventListener('hashchange', show);
api('/dash/meta').then(m => { document.getElementById('store').textContent = 'store: ' + m.store; }).catch(() => {});
show();
