// <zhuoyue-self-assessment framework="gbt19580-2012" lang="zh-CN">: a self-assessment form over
// the zhuoyue engine (WebAssembly). Everything stays in this browser: state lives in localStorage,
// no request leaves the page. All user text is set with textContent, never as HTML.
import init, * as zhuoyue from './zhuoyue.js';

const UI = {
  'zh-CN': {
    title: '卓越绩效自我评价', organisation: '组织名称', sector: '行业类别', language: 'English',
    importFile: '导入 JSON / CSV', exportJson: '导出 JSON', exportCsv: '导出 CSV', print: '打印',
    notRated: '未评分', percent: '得分百分比', dimensions: '评价要素', suggested: '建议百分比',
    strengths: '优势（每行一条）', ofis: '改进机会（每行一条）', evidence: '证据说明',
    totals: '得分汇总', category: '类目', score: '得分', max: '满分', total: '总分', band: '评分段',
    process: '过程', results: '结果', readiness: '申报准备度', award: '奖项', verdict: '结论',
    rated: '已评分', of: '/', importError: '导入失败，当前数据未改变：', imported: '已导入',
    chart: '各类目得分率雷达图',
    verdicts: { ready: '可以申报', near: '接近', 'not-yet': '尚未达到', ineligible: '不符合资格', unknown: '无法判断' },
  },
  en: {
    title: 'Performance excellence self-assessment', organisation: 'Organisation', sector: 'Sector', language: '中文',
    importFile: 'Import JSON / CSV', exportJson: 'Export JSON', exportCsv: 'Export CSV', print: 'Print',
    notRated: 'not rated', percent: 'Percent', dimensions: 'Dimensions', suggested: 'Suggested percent',
    strengths: 'Strengths (one per line)', ofis: 'Opportunities for improvement (one per line)', evidence: 'Evidence',
    totals: 'Scores', category: 'Category', score: 'Score', max: 'Max', total: 'Total', band: 'Band',
    process: 'Process', results: 'Results', readiness: 'Award readiness', award: 'Award', verdict: 'Verdict',
    rated: 'rated', of: 'of', importError: 'Import failed; your data is unchanged: ', imported: 'Imported',
    chart: 'Radar chart of category percentages',
    verdicts: { ready: 'ready', near: 'near', 'not-yet': 'not yet', ineligible: 'ineligible', unknown: 'unknown' },
  },
};

const STYLE = `
zhuoyue-self-assessment { display: block; font-family: system-ui, "Noto Sans CJK SC", sans-serif; max-width: 72rem; }
zhuoyue-self-assessment .zy-bar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
zhuoyue-self-assessment fieldset { border: 1px solid #ccc; margin: 0 0 1rem; padding: .5rem 1rem; }
zhuoyue-self-assessment legend { font-weight: 600; }
zhuoyue-self-assessment .zy-item { border-top: 1px solid #eee; padding: .5rem 0; }
zhuoyue-self-assessment .zy-descriptor { color: #555; margin: .25rem 0; font-size: .9em; }
zhuoyue-self-assessment .zy-dims { display: flex; flex-wrap: wrap; gap: .5rem; font-size: .9em; }
zhuoyue-self-assessment textarea { width: 100%; min-height: 2.5em; }
zhuoyue-self-assessment .zy-error { color: #a00; font-weight: 600; }
zhuoyue-self-assessment .zy-summary { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
zhuoyue-self-assessment table { border-collapse: collapse; }
zhuoyue-self-assessment td, zhuoyue-self-assessment th { padding: .15rem .5rem; text-align: right; }
zhuoyue-self-assessment td:first-child, zhuoyue-self-assessment th:first-child { text-align: left; }
zhuoyue-self-assessment :focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
@media print {
  zhuoyue-self-assessment .zy-bar, zhuoyue-self-assessment .zy-dims select { display: none; }
  zhuoyue-self-assessment fieldset { break-inside: avoid; }
  @page { size: A4; margin: 15mm; }
}`;

let enginePromise = null;
/** The engine's functions, once the .wasm is loaded (fetched from this origin only). After an
 * internal error (code "internal") zhuoyue.js has already renewed the engine; nothing to redo here. */
function engine() {
  enginePromise ??= init().then(() => zhuoyue);
  return enginePromise;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

const pct = (h, max) => (max ? (100 * h) / max : 0);
const fmt = (n) => n.toFixed(2);

export class SelfAssessment extends HTMLElement {
  static get observedAttributes() { return ['lang', 'framework']; }

  async connectedCallback() {
    if (!document.getElementById('zy-style')) document.head.append(el('style', { id: 'zy-style', text: STYLE }));
    try {
      this.engine = await engine();
    } catch (e) {
      this.replaceChildren(el('p', { class: 'zy-error', role: 'alert', text: `WebAssembly failed to load: ${e}` }));
      return;
    }
    this.load();
  }

  attributeChangedCallback() { if (this.engine) this.load(); }

  get ui() { return UI[this.getAttribute('lang') === 'en' ? 'en' : 'zh-CN']; }
  get langKey() { return this.getAttribute('lang') === 'en' ? 'en' : 'zh'; }
  get storageKey() { return `zhuoyue:${this.fw.id}:${this.fw.version}`; }

  load() {
    const id = this.getAttribute('framework') || 'gbt19580-2012';
    try {
      this.fw = this.engine.framework(id);
    } catch (e) {
      this.replaceChildren(el('p', { class: 'zy-error', role: 'alert', text: e.message }));
      return;
    }
    this.state = this.restore() ?? { framework: id, organisation: { name: '', sector: 'other' }, items: {} };
    this.render();
  }

  restore() {
    try {
      const saved = localStorage.getItem(this.storageKey);
      if (!saved) return null;
      this.engine.validate(saved, true); // a stored file that no longer validates is ignored
      return this.fromInterchange(JSON.parse(saved));
    } catch {
      return null;
    }
  }

  /** The assessment in the interchange format shared with the CLI and Python. */
  toInterchange() {
    const items = {};
    for (const item of this.allItems()) {
      const e = this.state.items[item.id];
      if (!e || e.percent === null || e.percent === undefined) continue;
      const extra = {};
      const dims = Object.fromEntries(Object.entries(e.dimensions ?? {}).filter(([, v]) => v !== null && v !== ''));
      if (Object.keys(dims).length) extra.dimensions = dims;
      const lines = (t) => (t ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
      if (lines(e.strengths).length) extra.strengths = lines(e.strengths);
      if (lines(e.ofis).length) extra.ofis = lines(e.ofis);
      if ((e.evidence ?? '').trim()) extra.evidence = e.evidence.trim();
      items[item.id] = Object.keys(extra).length ? { percent: e.percent, ...extra } : e.percent;
    }
    const organisation = { ...this.state.organisation };
    if (!organisation.name) delete organisation.name;
    return { framework: this.fw.id, organisation, items };
  }

  fromInterchange(doc) {
    const items = {};
    for (const [id, v] of Object.entries(doc.items ?? {})) {
      if (v === null) continue;
      if (typeof v === 'number') items[id] = { percent: v };
      else items[id] = {
        percent: v.percent ?? null, dimensions: v.dimensions ?? {},
        strengths: (v.strengths ?? []).join('\n'), ofis: (v.ofis ?? []).join('\n'), evidence: v.evidence ?? '',
      };
    }
    return { framework: doc.framework, organisation: { sector: 'other', ...(doc.organisation ?? {}) }, items };
  }

  allItems() { return this.fw.categories.flatMap((c) => c.items); }

  changed() {
    localStorage.setItem(this.storageKey, JSON.stringify(this.toInterchange()));
    this.rescore();
  }

  entry(id) { return (this.state.items[id] ??= { percent: null, dimensions: {}, strengths: '', ofis: '', evidence: '' }); }

  render() {
    const ui = this.ui;
    const L = this.langKey;
    this.replaceChildren();
    this.setAttribute('aria-busy', 'false');
    const langButton = el('button', {
      type: 'button', 'data-action': 'language', text: ui.language,
      onclick: () => this.setAttribute('lang', this.getAttribute('lang') === 'en' ? 'zh-CN' : 'en'),
    });
    const file = el('input', { type: 'file', accept: '.json,.csv,application/json,text/csv', id: 'zy-import', onchange: (ev) => this.importFile(ev) });
    const name = el('input', {
      id: 'zy-org-name', value: this.state.organisation.name ?? '',
      oninput: (ev) => { this.state.organisation.name = ev.target.value; this.changed(); },
    });
    const sector = el('select', { id: 'zy-sector', onchange: (ev) => { this.state.organisation.sector = ev.target.value; this.changed(); } },
      // The sectors and their names come from the engine's programme data, not from this page.
      ...this.engine.sectors().map((x) => el('option', { value: x.id, text: x.name[L], selected: this.state.organisation.sector === x.id })));
    this.append(
      el('h2', { text: `${ui.title}: ${this.fw.standard} ${this.fw.name[L]}` }),
      el('div', { class: 'zy-bar' },
        el('label', { for: 'zy-org-name', text: ui.organisation }), name,
        el('label', { for: 'zy-sector', text: ui.sector }), sector,
        el('label', { for: 'zy-import', text: ui.importFile }), file,
        el('button', { type: 'button', 'data-action': 'export-json', text: ui.exportJson, onclick: () => this.exportJson() }),
        el('button', { type: 'button', 'data-action': 'export-csv', text: ui.exportCsv, onclick: () => this.exportCsv() }),
        el('button', { type: 'button', 'data-action': 'print', text: ui.print, onclick: () => window.print() }),
        langButton),
      el('p', { class: 'zy-error', role: 'alert', id: 'zy-message' }),
    );
    const summary = el('section', { class: 'zy-summary', 'aria-live': 'polite', 'aria-label': ui.totals });
    this.append(summary);
    this.summary = summary;
    for (const cat of this.fw.categories) {
      const fs = el('fieldset', { 'data-category': cat.id }, el('legend', { text: `${cat.id} ${cat.name[L]} (${cat.points})` }));
      for (const item of cat.items) fs.append(this.renderItem(item));
      this.append(fs);
    }
    this.append(this.renderReadiness());
    this.rescore();
    performance.mark('zhuoyue-rendered');
  }

  renderItem(item) {
    const ui = this.ui;
    const L = this.langKey;
    const e = this.state.items[item.id] ?? {};
    const sid = `zy-p-${item.id}`;
    const descriptor = el('p', { class: 'zy-descriptor', id: `zy-d-${item.id}` });
    const select = el('select', { id: sid, 'data-item': item.id, 'aria-describedby': descriptor.id }, el('option', { value: '', text: ui.notRated }));
    for (const band of this.fw.bands) {
      const group = el('optgroup', { label: `${band.min}-${band.max}%` });
      for (let p = band.min; p <= band.max; p += this.fw.percent_step) {
        group.append(el('option', { value: String(p), text: `${p}%`, selected: e.percent === p }));
      }
      select.append(group);
    }
    const showDescriptor = () => {
      const p = this.state.items[item.id]?.percent;
      const band = p === null || p === undefined ? null : this.fw.bands.find((b) => b.min <= p && p <= b.max);
      descriptor.textContent = band ? `${band.min}-${band.max}%: ${band[item.kind][L]}` : '';
    };
    select.addEventListener('change', () => {
      this.entry(item.id).percent = select.value === '' ? null : Number(select.value);
      showDescriptor();
      this.changed();
    });
    showDescriptor();
    const suggestion = el('span', { class: 'zy-suggestion', id: `zy-s-${item.id}` });
    const updateSuggestion = () => {
      const dims = Object.fromEntries(Object.entries(this.state.items[item.id]?.dimensions ?? {}).filter(([, v]) => v !== null));
      if (!Object.keys(dims).length) { suggestion.textContent = ''; return; }
      try { suggestion.textContent = `${ui.suggested}: ${this.engine.suggest(this.fw.id, item.id, JSON.stringify(dims))}%`; }
      catch (err) { suggestion.textContent = err.message; }
    };
    const dims = el('div', { class: 'zy-dims', role: 'group', 'aria-label': `${item.id} ${ui.dimensions}` });
    for (const d of this.fw.dimensions.filter((x) => x.kind === item.kind)) {
      const did = `zy-dim-${item.id}-${d.id}`;
      const ds = el('select', { id: did, 'data-dimension': d.id }, el('option', { value: '', text: '–' }));
      for (let p = 0; p <= 100; p += this.fw.percent_step) ds.append(el('option', { value: String(p), text: `${p}%`, selected: e.dimensions?.[d.id] === p }));
      ds.addEventListener('change', () => {
        const entry = this.entry(item.id);
        if (ds.value === '') delete entry.dimensions[d.id]; else entry.dimensions[d.id] = Number(ds.value);
        updateSuggestion();
        this.changed();
      });
      dims.append(el('label', { for: did, text: `${d.id} ${d.name[L]}` }), ds);
    }
    dims.append(suggestion);
    updateSuggestion();
    const note = (field, label) => {
      const tid = `zy-${field}-${item.id}`;
      const ta = el('textarea', { id: tid, 'data-field': field });
      ta.value = e[field] ?? '';
      ta.addEventListener('input', () => { this.entry(item.id)[field] = ta.value; this.changed(); });
      return [el('label', { for: tid, text: label }), ta];
    };
    return el('div', { class: 'zy-item', 'data-item': item.id },
      el('label', { for: sid, text: `${item.id} ${item.name[L]} (${item.points})` }), ' ', select, descriptor, dims,
      ...note('strengths', ui.strengths), ...note('ofis', ui.ofis), ...note('evidence', ui.evidence));
  }

  rescore() {
    const ui = this.ui;
    const L = this.langKey;
    let card;
    try {
      card = this.engine.score(JSON.stringify(this.toInterchange()), true);
    } catch (e) {
      this.message(e.message);
      return;
    }
    this.card = card;
    const table = el('table', { id: 'zy-totals' },
      el('caption', { text: ui.totals }),
      el('thead', {}, el('tr', {}, ...[ui.category, ui.score, ui.max, '%'].map((t) => el('th', { scope: 'col', text: t })))));
    const body = el('tbody');
    for (const c of card.categories) {
      body.append(el('tr', { 'data-category': c.id }, el('th', { scope: 'row', text: `${c.id} ${c.name[L]}` }),
        el('td', { text: fmt(c.score) }), el('td', { text: String(c.max) }), el('td', { text: `${c.percent.toFixed(1)}%` })));
    }
    body.append(
      el('tr', {}, el('th', { scope: 'row', text: ui.process }), el('td', { text: fmt(card.process.score) }), el('td', { text: String(card.process.max) }), el('td')),
      el('tr', {}, el('th', { scope: 'row', text: ui.results }), el('td', { text: fmt(card.results.score) }), el('td', { text: String(card.results.max) }), el('td')),
      el('tr', { class: 'zy-total' }, el('th', { scope: 'row', text: ui.total }),
        el('td', { id: 'zy-total', text: fmt(card.total) }), el('td', { text: String(card.max) }),
        el('td', { id: 'zy-band', text: card.band ? `${ui.band} ${card.band}` : '' })));
    table.append(body);
    const status = el('p', { id: 'zy-coverage', text: `${card.rated} ${ui.of} ${card.item_count} ${ui.rated}` });
    this.summary.replaceChildren(el('div', {}, table, status), this.radar(card.categories));
    this.updateReadiness();
  }

  radar(categories) {
    const NS = 'http://www.w3.org/2000/svg';
    const size = 260, c = size / 2, r = size / 2 - 40, n = categories.length;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
    svg.setAttribute('width', size);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-labelledby', 'zy-radar-title');
    const title = document.createElementNS(NS, 'title');
    title.id = 'zy-radar-title';
    title.textContent = `${this.ui.chart}: ${categories.map((x) => `${x.id} ${x.percent.toFixed(1)}%`).join(', ')}`;
    svg.append(title);
    const pt = (i, f) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return [c + r * f * Math.cos(a), c + r * f * Math.sin(a)];
    };
    const poly = (points, attrs) => {
      const p = document.createElementNS(NS, 'polygon');
      p.setAttribute('points', points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '));
      for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v);
      return p;
    };
    for (const f of [0.25, 0.5, 0.75, 1]) svg.append(poly(categories.map((_, i) => pt(i, f)), { fill: 'none', stroke: '#ccc' }));
    svg.append(poly(categories.map((x, i) => pt(i, pct(x.percent, 100) / 100)), { fill: 'rgba(200,30,30,.3)', stroke: '#c81e1e', id: 'zy-radar-shape' }));
    categories.forEach((x, i) => {
      const t = document.createElementNS(NS, 'text');
      const [tx, ty] = pt(i, 1.2);
      t.setAttribute('x', tx.toFixed(1));
      t.setAttribute('y', ty.toFixed(1));
      t.setAttribute('text-anchor', 'middle');
      t.setAttribute('font-size', '11');
      t.textContent = x.id;
      svg.append(t);
    });
    return svg;
  }

  renderReadiness() {
    const ui = this.ui;
    const awards = this.engine.awards().filter((a) => a.frameworks.includes(this.fw.id));
    this.awardSelect = el('select', { id: 'zy-award', onchange: () => this.updateReadiness() },
      ...awards.map((a) => el('option', { value: a.id, text: a.name[this.langKey] })));
    this.readinessOut = el('div', { id: 'zy-readiness', 'aria-live': 'polite' });
    return el('section', { 'aria-label': ui.readiness },
      el('h3', { text: ui.readiness }), el('label', { for: 'zy-award', text: ui.award }), ' ', this.awardSelect, this.readinessOut);
  }

  updateReadiness() {
    if (!this.awardSelect || !this.readinessOut) return;
    const ui = this.ui;
    const L = this.langKey;
    try {
      const r = this.engine.readiness(JSON.stringify(this.toInterchange()), this.awardSelect.value, undefined, true, new Date().toISOString().slice(0, 10));
      this.readinessOut.replaceChildren(
        el('p', { id: 'zy-verdict', 'data-verdict': r.verdict, text: `${ui.verdict}: ${ui.verdicts[r.verdict] ?? r.verdict}` }),
        el('ul', {}, ...r.reasons.map((x) => el('li', { 'data-status': x.status, text: `[${x.status}] ${x.sentence[L]}` }))));
    } catch (e) {
      this.readinessOut.replaceChildren(el('p', { class: 'zy-error', text: e.message }));
    }
  }

  message(text) { this.querySelector('#zy-message').textContent = text; }

  async importFile(ev) {
    const f = ev.target.files?.[0];
    ev.target.value = '';
    if (!f) return;
    const ui = this.ui;
    try {
      const limit = this.engine.limits().max_input_bytes; // the engine's own limit
      if (f.size > limit) throw new Error(`${f.name}: file is ${f.size} bytes; the limit is ${limit} bytes`);
      const text = await f.text();
      const json = f.name.toLowerCase().endsWith('.csv') ? this.csvToJson(text) : text;
      const doc = this.engine.validate(json, true).assessment; // throws with code and item; state untouched
      if (doc.framework !== this.fw.id) throw new Error(`${f.name}: framework ${doc.framework}, not ${this.fw.id}`);
      this.state = this.fromInterchange(doc);
      this.changed();
      this.render();
      this.message(`${ui.imported}: ${f.name}`);
    } catch (e) {
      this.message(`${ui.importError}${e.message}`);
    }
  }

  /** CSV with a header holding `id` and `percent` (what Export CSV writes). */
  csvToJson(text) {
    const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim()).map((l) => l.split(','));
    const head = rows.shift() ?? [];
    const idCol = head.indexOf('id'), pCol = head.indexOf('percent');
    if (idCol < 0 || pCol < 0) throw new Error('CSV needs `id` and `percent` columns');
    const items = {};
    for (const r of rows) {
      const v = (r[pCol] ?? '').trim();
      if (v === '') continue;
      const n = Number(v);
      items[r[idCol].trim()] = Number.isFinite(n) ? n : v;
    }
    return JSON.stringify({ framework: this.fw.id, organisation: this.state.organisation, items });
  }

  download(name, type, text) {
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }

  exportJson() {
    this.download(`${this.fw.id}-assessment.json`, 'application/json', JSON.stringify(this.toInterchange(), null, 2));
  }

  exportCsv() {
    const L = this.langKey;
    const q = (s) => `"${String(s).replaceAll('"', '""')}"`;
    const lines = ['id,name,percent,score,max'];
    for (const i of this.card?.items ?? []) lines.push([i.id, q(i.name[L]), i.percent ?? '', i.score.toFixed(2), i.max].join(','));
    this.download(`${this.fw.id}-assessment.csv`, 'text/csv', `\uFEFF${lines.join('\n')}\n`);
  }
}

customElements.define('zhuoyue-self-assessment', SelfAssessment);
