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
    chart: '各类目得分率雷达图', undo: '撤销导入', undone: '已撤销导入',
    otherTab: '另一个标签页修改了本评估；重新加载页面可查看最新内容，继续编辑将覆盖它。',
    storageFailed: '无法保存到浏览器存储（空间已满或被禁止）；请导出 JSON 保存您的工作：',
    restoreFailed: '已保存的评估无法读取，已另存为备份，未被覆盖：',
    migrated: '已将旧版本数据的评估迁移到当前版本',
  },
  en: {
    title: 'Performance excellence self-assessment', organisation: 'Organisation', sector: 'Sector', language: '中文',
    importFile: 'Import JSON / CSV', exportJson: 'Export JSON', exportCsv: 'Export CSV', print: 'Print',
    notRated: 'not rated', percent: 'Percent', dimensions: 'Dimensions', suggested: 'Suggested percent',
    strengths: 'Strengths (one per line)', ofis: 'Opportunities for improvement (one per line)', evidence: 'Evidence',
    totals: 'Scores', category: 'Category', score: 'Score', max: 'Max', total: 'Total', band: 'Band',
    process: 'Process', results: 'Results', readiness: 'Award readiness', award: 'Award', verdict: 'Verdict',
    rated: 'rated', of: 'of', importError: 'Import failed; your data is unchanged: ', imported: 'Imported',
    chart: 'Radar chart of category percentages', undo: 'Undo import', undone: 'Import undone',
    otherTab: 'Another tab changed this assessment; reload to see it, or keep editing to overwrite it.',
    storageFailed: 'Could not save to browser storage (full or blocked); export JSON to keep your work: ',
    restoreFailed: 'The saved assessment could not be read; it is kept as a backup, not overwritten: ',
    migrated: 'Your assessment was carried over from an earlier data version',
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
  /** One key per framework, not per data version: a data update must not orphan saved work. */
  get storageKey() { return `zhuoyue:${this.fw.id}`; }
  get backupKey() { return `zhuoyue:${this.fw.id}:backup`; }

  load() {
    const id = this.getAttribute('framework') || 'gbt19580-2012';
    try {
      this.fw = this.engine.framework(id);
    } catch (e) {
      this.replaceChildren(el('p', { class: 'zy-error', role: 'alert', text: e.message }));
      return;
    }
    this.limits = this.engine.limits();
    this.notice = '';
    this.state = this.restore() ?? { framework: id, organisation: { name: '', sector: this.defaultSector() }, items: {} };
    if (!this.listening) {
      // Another tab saving the same assessment: say so rather than silently overwrite each other.
      window.addEventListener('storage', (ev) => {
        if (this.fw && ev.key === this.storageKey && ev.newValue !== null) this.message(this.ui.otherTab);
      });
      this.listening = true;
    }
    this.render();
    if (this.notice) this.message(this.notice);
  }

  defaultSector() {
    const all = this.engine.sectors();
    return all.length ? all[all.length - 1].id : undefined;
  }

  /** Saved work, checked by the engine. Work saved under an older data version is carried over;
   * work that no longer validates is kept under a backup key and shown with its error, and the form
   * does not overwrite it (saving stays off until the user changes something on purpose). */
  restore() {
    let key = this.storageKey;
    let saved = this.storage(() => localStorage.getItem(key));
    if (!saved) {
      const keys = this.storage(() => Object.keys(localStorage)) ?? [];
      const old = keys.filter((k) => k.startsWith(`${this.storageKey}:`) && k !== this.backupKey);
      if (!old.length) return null;
      key = old.sort().at(-1);
      saved = this.storage(() => localStorage.getItem(key));
      if (!saved) return null;
      this.notice = this.ui.migrated;
    }
    try {
      const doc = this.engine.validate(saved, true).assessment;
      if (key !== this.storageKey) {
        this.storage(() => { localStorage.setItem(this.storageKey, saved); localStorage.removeItem(key); });
      }
      return this.fromInterchange(doc);
    } catch (e) {
      this.storage(() => localStorage.setItem(this.backupKey, saved));
      this.notice = `${this.ui.restoreFailed}${e.message}`;
      return null;
    }
  }

  /** Runs a storage call; a failure (quota, blocked) is shown, never thrown. */
  storage(f) {
    try {
      return f();
    } catch (e) {
      this.notice = `${this.ui.storageFailed}${e.message}`;
      if (this.isConnected && this.querySelector('#zy-message')) this.message(this.notice);
      return null;
    }
  }

  /** The assessment in the interchange format shared with the CLI and Python. */
  toInterchange() {
    const items = {};
    for (const item of this.allItems()) {
      const e = this.state.items[item.id];
      if (!e) continue;
      const rated = e.percent !== null && e.percent !== undefined;
      const extra = {};
      const dims = Object.fromEntries(Object.entries(e.dimensions ?? {}).filter(([, v]) => v !== null && v !== ''));
      if (Object.keys(dims).length) extra.dimensions = dims;
      const lines = (t) => (t ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
      if (lines(e.strengths).length) extra.strengths = lines(e.strengths);
      if (lines(e.ofis).length) extra.ofis = lines(e.ofis);
      if ((e.evidence ?? '').trim()) extra.evidence = e.evidence.trim();
      // Notes on an item not rated yet are kept too (an entry without a percent).
      if (!rated && !Object.keys(extra).length) continue;
      items[item.id] = Object.keys(extra).length ? { ...(rated ? { percent: e.percent } : {}), ...extra } : e.percent;
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
    return { framework: doc.framework, organisation: { sector: this.defaultSector(), ...(doc.organisation ?? {}) }, items };
  }

  allItems() { return this.fw.categories.flatMap((c) => c.items); }

  changed() {
    this.storage(() => localStorage.setItem(this.storageKey, JSON.stringify(this.toInterchange())));
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
      id: 'zy-org-name', value: this.state.organisation.name ?? '', maxlength: this.limits.max_text_chars,
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
        el('button', { type: 'button', 'data-action': 'undo-import', text: ui.undo, hidden: !this.undoState, onclick: () => this.undoImport() }),
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
      // The engine's limit on one text, so nothing is saved that the engine would refuse on reload.
      const ta = el('textarea', { id: tid, 'data-field': field, maxlength: this.limits.max_text_chars });
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
        el('td', { text: fmt(c.score) }), el('td', { text: String(c.max) }), el('td', { text: c.percent_text })));
    }
    body.append(
      el('tr', {}, el('th', { scope: 'row', text: ui.process }), el('td', { text: fmt(card.process.score) }), el('td', { text: String(card.process.max) }), el('td')),
      el('tr', {}, el('th', { scope: 'row', text: ui.results }), el('td', { text: fmt(card.results.score) }), el('td', { text: String(card.results.max) }), el('td')),
      el('tr', { class: 'zy-total' }, el('th', { scope: 'row', text: ui.total }),
        el('td', { id: 'zy-total', text: fmt(card.total) }), el('td', { text: String(card.max) }),
        el('td', { id: 'zy-band', text: card.band ? `${ui.band} ${card.band}` : '' })));
    table.append(body);
    const status = el('p', { id: 'zy-coverage', text: `${card.rated} ${ui.of} ${card.item_count} ${ui.rated}` });
    this.summary.replaceChildren(el('div', {}, table, status), this.radar());
    this.updateReadiness();
  }

  /** The engine's own radar chart (the report draws the same one); its text is escaped there. */
  radar() {
    const svg = this.engine.charts(JSON.stringify(this.toInterchange()), true, this.langKey).radar;
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return document.importNode(doc.documentElement, true);
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
        el('p', { id: 'zy-verdict', 'data-verdict': r.verdict, text: `${ui.verdict}: ${r.verdict_name[L]}` }),
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
      this.undoState = structuredClone(this.state);
      if (f.name.toLowerCase().endsWith('.csv')) {
        // A CSV carries percents only: merge them, keep notes, dimensions and evidence.
        for (const [id, e] of Object.entries(this.fromInterchange(doc).items)) this.entry(id).percent = e.percent;
      } else {
        this.state = this.fromInterchange(doc);
      }
      this.changed();
      this.render();
      this.message(`${ui.imported}: ${f.name}`);
    } catch (e) {
      this.message(`${ui.importError}${e.message}`);
    }
  }

  undoImport() {
    if (!this.undoState) return;
    this.state = this.undoState;
    this.undoState = null;
    this.changed();
    this.render();
    this.message(this.ui.undone);
  }

  /** CSV with a header holding `id` and `percent` (what Export CSV writes). */
  csvToJson(text) {
    const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim()).map((l) => l.split(','));
    const head = rows.shift() ?? [];
    const idCol = head.indexOf('id'), pCol = head.indexOf('percent');
    if (idCol < 0 || pCol < 0) throw new Error('CSV needs `id` and `percent` columns');
    const items = {};
    for (const r of rows) {
      const id = (r[idCol] ?? '').trim();
      const v = (r[pCol] ?? '').trim();
      if (v === '') continue;
      if (Object.hasOwn(items, id)) throw new Error(`CSV lists item ${id} twice`);
      // Whole decimal numbers only: Number() would also read "0x37", "1e2" or " ".
      items[id] = /^[0-9]{1,3}$/.test(v) ? Number(v) : v;
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
    // Text cells that Excel or WPS would run as a formula get a leading ' (as the engine's CSV does).
    const q = (s) => `"${String(s).replace(/^[=+\-@\t\r]/, "'$&").replaceAll('"', '""')}"`;
    const lines = ['id,name,percent,score,max'];
    for (const i of this.card?.items ?? []) lines.push([i.id, q(i.name[L]), i.percent ?? '', i.score.toFixed(2), i.max].join(','));
    this.download(`${this.fw.id}-assessment.csv`, 'text/csv', `\uFEFF${lines.join('\n')}\n`);
  }
}

customElements.define('zhuoyue-self-assessment', SelfAssessment);
