// <zhuoyue-self-assessment framework="gbt19580-2012" lang="zh-CN" [guided] [history]>: a
// self-assessment form over the zhuoyue engine (WebAssembly). Everything stays in this browser:
// state lives in localStorage, no request leaves the page. All user text is set with textContent,
// never as HTML. The form, its scores and readiness run on the page's engine; each mode is a module
// of its own, loaded when asked for together with the whole engine: the guided mode (what each
// item asks, the profile, narratives, results tables: zhuoyue-guided.js), calibration and history
// (the radar, the optimism guard, the yearly trend: zhuoyue-history.js), an individual's nomination
// (zhuoyue-individual.js, on the page's engine) and training (zhuoyue-training.js). The roadmap is
// drawn once the whole engine is loaded, or when asked for.
import init, * as zhuoyue from './zhuoyue.js';

const UI = {
  'zh-CN': {
    title: '卓越绩效自我评价', organisation: '组织名称', sector: '行业类别', language: 'English',
    importFile: '导入 JSON / CSV', exportJson: '导出 JSON', exportCsv: '导出 CSV', print: '打印',
    backup: '备份全部数据', restore: '从备份恢复', dossier: '导出自评报告（HTML）', guided: '引导模式', plain: '简洁模式',
    notRated: '未评分', percent: '得分百分比', dimensions: '评价要素', suggested: '建议百分比',
    strengths: '优势（每行一条）', ofis: '改进机会（每行一条）', evidence: '证据说明',
    totals: '得分汇总', category: '类目', score: '得分', max: '满分', total: '总分', band: '评分段',
    process: '过程', results: '结果', readiness: '申报准备度', award: '奖项', verdict: '结论',
    rated: '已评分', of: '/', importError: '导入失败，当前数据未改变：', imported: '已导入',
    nominationFile: '这是个人奖项的申报材料，不是组织的自评；请在「申报主体：个人」中填写',
    undo: '撤销导入', undone: '已撤销导入',
    otherTab: '另一个标签页修改了本评估；重新加载页面可查看最新内容，继续编辑将覆盖它。',
    storageFailed: '无法保存到浏览器存储（空间已满或被禁止）；请导出 JSON 或备份保存您的工作：',
    restoreFailed: '已保存的评估无法读取，已另存为备份，未被覆盖：',
    migrated: '已将旧版本数据的评估迁移到当前版本', notSaved: '未保存（引擎不接受此内容）：',
    facts: '申报条件所需的组织信息', founded: '成立年份', region: '注册地（如 shanghai）',
    accidents: '近 3 年重大事故次数', yes: '是', no: '否', unknown: '未说明',
    legal_compliance: '遵守产业、环保、节能、安全等法律法规', licences: '具备经营所需的许可证照',
    good_credit: '信用良好', industry_leading: '主要指标处于本地区行业领先',
    roadmap: '达到评审线的改进路线', cycles: '所需改进周期', noPlan: '已达到评审线，无需提升', cycle: '周期', showRoadmap: '显示改进路线',
    backedUp: '已备份到文件', restored: '已从备份恢复', restoreError: '恢复失败，当前数据未改变：',
    history: '校准与历史',
    applicant: '申报主体', asOrganisation: '组织', asIndividual: '个人', training: '培训练习',
  },
  en: {
    title: 'Performance excellence self-assessment', organisation: 'Organisation', sector: 'Sector', language: '中文',
    importFile: 'Import JSON / CSV', exportJson: 'Export JSON', exportCsv: 'Export CSV', print: 'Print',
    backup: 'Back up all data', restore: 'Restore from backup', dossier: 'Export the report (HTML)', guided: 'Guided mode', plain: 'Compact mode',
    notRated: 'not rated', percent: 'Percent', dimensions: 'Dimensions', suggested: 'Suggested percent',
    strengths: 'Strengths (one per line)', ofis: 'Opportunities for improvement (one per line)', evidence: 'Evidence',
    totals: 'Scores', category: 'Category', score: 'Score', max: 'Max', total: 'Total', band: 'Band',
    process: 'Process', results: 'Results', readiness: 'Award readiness', award: 'Award', verdict: 'Verdict',
    rated: 'rated', of: 'of', importError: 'Import failed; your data is unchanged: ', imported: 'Imported',
    nominationFile: "an individual's award nomination, not an organisation's self-assessment; enter it under Applicant: individual",
    undo: 'Undo import', undone: 'Import undone',
    otherTab: 'Another tab changed this assessment; reload to see it, or keep editing to overwrite it.',
    storageFailed: 'Could not save to browser storage (full or blocked); export JSON or back up to keep your work: ',
    restoreFailed: 'The saved assessment could not be read; it is kept as a backup, not overwritten: ',
    migrated: 'Your assessment was carried over from an earlier data version', notSaved: 'Not saved (the engine refuses this): ',
    facts: 'Facts the award conditions read', founded: 'Year founded', region: 'Registered in (e.g. shanghai)',
    accidents: 'Major accidents in the last 3 years', yes: 'yes', no: 'no', unknown: 'not stated',
    legal_compliance: 'Compliant with industrial, environmental, energy and safety law', licences: 'Holds the licences the business needs',
    good_credit: 'Good credit standing', industry_leading: 'Key indicators lead the local industry',
    roadmap: 'Roadmap to the score line', cycles: 'Improvement cycles needed', noPlan: 'The line is reached; no raise needed', cycle: 'Cycle', showRoadmap: 'Show the roadmap',
    backedUp: 'Backed up to a file', restored: 'Restored from the backup', restoreError: 'Restore failed; your data is unchanged: ',
    history: 'Calibration and history',
    applicant: 'Applicant', asOrganisation: 'Organisation', asIndividual: 'Individual', training: 'Training exercise',
  },
};

// The usual CJK families on Linux, Windows and macOS, so Chinese renders as Chinese everywhere.
const FONTS = 'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", sans-serif';
const STYLE = `
zhuoyue-self-assessment { display: block; font-family: ${FONTS}; max-width: 72rem; color: #111; line-height: 1.5; }
zhuoyue-self-assessment .zy-bar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
zhuoyue-self-assessment .zy-field { display: inline-flex; flex-direction: column; gap: .15rem; max-width: 100%; }
zhuoyue-self-assessment fieldset { border: 1px solid #ccc; margin: 0 0 1rem; padding: .5rem 1rem; min-width: 0; }
zhuoyue-self-assessment legend { font-weight: 600; }
zhuoyue-self-assessment .zy-progress { font-weight: 400; color: #444; margin-left: .5rem; }
zhuoyue-self-assessment .zy-item { border-top: 1px solid #eee; padding: .5rem 0; }
zhuoyue-self-assessment .zy-descriptor { color: #444; margin: .25rem 0; font-size: .9em; }
zhuoyue-self-assessment .zy-dims { display: flex; flex-wrap: wrap; gap: .5rem; font-size: .9em; }
zhuoyue-self-assessment textarea, zhuoyue-self-assessment input[type=text] { width: 100%; box-sizing: border-box; min-height: 2.25em; font: inherit; }
zhuoyue-self-assessment select, zhuoyue-self-assessment input { max-width: 100%; font: inherit; }
zhuoyue-self-assessment button { font: inherit; min-height: 2.25em; }
zhuoyue-self-assessment .zy-error { color: #a00; font-weight: 600; }
zhuoyue-self-assessment .zy-ok { color: #0a5a1f; font-weight: 600; }
zhuoyue-self-assessment .zy-summary { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
zhuoyue-self-assessment .zy-summary svg { max-width: 100%; height: auto; }
zhuoyue-self-assessment .zy-scroll { overflow-x: auto; max-width: 100%; }
zhuoyue-self-assessment table { border-collapse: collapse; }
zhuoyue-self-assessment td, zhuoyue-self-assessment th { padding: .15rem .5rem; text-align: right; }
zhuoyue-self-assessment td:first-child, zhuoyue-self-assessment th:first-child { text-align: left; }
zhuoyue-self-assessment :focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
@media print {
  zhuoyue-self-assessment button, zhuoyue-self-assessment .zy-bar input[type=file], zhuoyue-self-assessment .zy-file { display: none; }
  zhuoyue-self-assessment select { appearance: none; border: none; }
  zhuoyue-self-assessment fieldset { break-inside: avoid; }
  @page { size: A4; margin: 15mm; }
}`;

let enginePromise = null;
/** The engine's functions, once a .wasm is loaded (fetched from this origin only): the page's
 * engine, or the whole engine alone when a mode that needs it is on from the start. After an
 * internal error (code "internal") zhuoyue.js has already renewed the engine; nothing to redo here. */
function engine(whole) {
  enginePromise ??= (whole ? zhuoyue.loadFull() : init()).then(() => zhuoyue);
  return enginePromise;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'value') node.value = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

/** A label wrapping its control, so on a narrow screen the two never wrap apart. */
export function field(label, control, attrs = {}) {
  return el('label', { class: 'zy-field', ...attrs }, el('span', { text: label }), control);
}

export const fmt = (n) => n.toFixed(2);
export const today = () => new Date().toISOString().slice(0, 10);
const lines = (t) => (t ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
const FACTS = ['legal_compliance', 'licences', 'good_credit', 'industry_leading'];
const LANG_KEY = 'zhuoyue:lang';
const GUIDED_KEY = 'zhuoyue:guided';
const HISTORY_KEY = 'zhuoyue:history';
/** Keys of this widget's that hold no assessment (a backup's other single-part keys do). */
const NOT_ASSESSMENTS = ['lang', 'guided', 'history'];
/** The individual nomination: one per browser, whatever the framework (a person's file names none). */
const PERSON_KEY = 'zhuoyue:individual';
/** The case study bundled for the training mode (content/training/<id>.json). */
const EXERCISE = 'CASE-2026-01';

export class SelfAssessment extends HTMLElement {
  static get observedAttributes() { return ['lang', 'framework', 'guided', 'history']; }

  async connectedCallback() {
    if (!document.getElementById('zy-style')) document.head.append(el('style', { id: 'zy-style', text: STYLE }));
    // The language and mode chosen last time win over the page's defaults.
    const lang = this.storage(() => localStorage.getItem(LANG_KEY));
    if (lang === 'en' || lang === 'zh-CN') this.setAttribute('lang', lang);
    if (this.storage(() => localStorage.getItem(GUIDED_KEY)) === '1') this.setAttribute('guided', '');
    if (this.storage(() => localStorage.getItem(HISTORY_KEY)) === '1') this.setAttribute('history', '');
    try {
      this.engine = await engine(this.hasAttribute('guided') || this.hasAttribute('history'));
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
  /** Dated snapshots of this organisation's own assessments (one per date), for its history. */
  get snapshotsKey() { return `zhuoyue:${this.fw.id}:snapshots`; }

  async load() {
    const id = this.getAttribute('framework') || 'gbt19580-2012';
    const run = (this.loading = (this.loading ?? 0) + 1);
    try {
      // Each mode's module (and what it needs: the guidance, the whole engine), each fetched once.
      const [guided, history] = await Promise.all([
        this.hasAttribute('guided') ? Promise.all([import('./zhuoyue-guided.js'), this.engine.loadContent(id)]).then(([m]) => m) : null,
        this.hasAttribute('history') ? Promise.all([import('./zhuoyue-history.js'), this.engine.loadFull()]).then(([m]) => m) : null,
      ]);
      this.guided = guided;
      this.history = history;
      if (run !== this.loading) return; // a newer load (a quick second switch) wins
      this.fw = this.engine.framework(id);
    } catch (e) {
      this.replaceChildren(el('p', { class: 'zy-error', role: 'alert', text: e.message }));
      return;
    }
    this.limits = this.engine.limits();
    this.notice = '';
    this.state = this.restore() ?? this.blank(id);
    if (!this.listening) {
      // Another tab saving the same assessment: say so rather than silently overwrite each other.
      window.addEventListener('storage', (ev) => {
        if (this.fw && ev.key === this.storageKey && ev.newValue !== null) this.message(this.ui.otherTab, true);
      });
      this.listening = true;
    }
    this.render();
    if (this.notice) this.message(this.notice, this.noticeError);
  }

  blank(id) {
    return { framework: id, organisation: { name: '', sector: this.defaultSector() }, profile: {}, items: {} };
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
      const old = keys.filter((k) => k.startsWith(`${this.storageKey}:`) && k !== this.backupKey && k !== this.snapshotsKey);
      if (!old.length) return null;
      key = old.sort().at(-1);
      saved = this.storage(() => localStorage.getItem(key));
      if (!saved) return null;
      this.notice = this.ui.migrated;
      this.noticeError = false;
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
      this.noticeError = true;
      return null;
    }
  }

  /** Runs a storage call; a failure (quota, blocked) is shown, never thrown. */
  storage(f) {
    try {
      return f();
    } catch (e) {
      this.notice = `${this.ui.storageFailed}${e.message}`;
      this.noticeError = true;
      if (this.isConnected && this.querySelector('#zy-message')) this.message(this.notice, true);
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
      if (lines(e.strengths).length) extra.strengths = lines(e.strengths);
      if (lines(e.ofis).length) extra.ofis = lines(e.ofis);
      if ((e.evidence ?? '').trim()) extra.evidence = e.evidence.trim();
      const narrative = Object.fromEntries(Object.entries(e.narrative ?? {}).filter(([, v]) => v.trim()));
      if (Object.keys(narrative).length) extra.narrative = narrative;
      if (e.measures?.length) extra.measures = e.measures;
      // Notes on an item not rated yet are kept too (an entry without a percent).
      if (!rated && !Object.keys(extra).length) continue;
      items[item.id] = Object.keys(extra).length ? { ...(rated ? { percent: e.percent } : {}), ...extra } : e.percent;
    }
    const organisation = Object.fromEntries(Object.entries(this.state.organisation).filter(([, v]) => v !== '' && v !== null && v !== undefined));
    const doc = { framework: this.fw.id, organisation, items };
    const profile = Object.fromEntries(Object.entries(this.state.profile ?? {}).filter(([k, v]) => k !== 'key_factors' && v.trim()));
    const factors = this.state.profile?.key_factors ?? [];
    if (Object.keys(profile).length || factors.length) doc.profile = { ...profile, key_factors: factors };
    return doc;
  }

  fromInterchange(doc) {
    const items = {};
    for (const [id, v] of Object.entries(doc.items ?? {})) {
      if (v === null) continue;
      if (typeof v === 'number') items[id] = { percent: v };
      else items[id] = {
        percent: v.percent ?? null, dimensions: v.dimensions ?? {},
        strengths: (v.strengths ?? []).join('\n'), ofis: (v.ofis ?? []).join('\n'), evidence: v.evidence ?? '',
        narrative: v.narrative ?? {}, measures: v.measures ?? [],
      };
    }
    return {
      framework: doc.framework,
      organisation: { sector: this.defaultSector(), ...(doc.organisation ?? {}) },
      profile: { ...(doc.profile ?? {}) },
      items,
    };
  }

  allItems() { return this.fw.categories.flatMap((c) => c.items); }

  /** Scores the form as the engine reads it and saves it, unless the engine refuses it: then the
   * reason is shown and nothing is saved (the last good save stays). */
  changed() {
    const json = this.rescore();
    if (json !== null) this.storage(() => localStorage.setItem(this.storageKey, json));
  }

  /** Scores and shows the form; returns its JSON, or null (and says why) if the engine refuses it. */
  rescore() {
    const json = JSON.stringify(this.toInterchange());
    try {
      this.showScores(this.engine.score(json, true), json);
      return json;
    } catch (e) {
      this.message(`${this.ui.notSaved}${e.message}`, true);
      return null;
    }
  }

  entry(id) {
    return (this.state.items[id] ??= { percent: null, dimensions: {}, strengths: '', ofis: '', evidence: '', narrative: {}, measures: [] });
  }

  render() {
    const ui = this.ui;
    const L = this.langKey;
    this.replaceChildren();
    this.setAttribute('aria-busy', 'false');
    const file = (id, onchange) => el('input', { type: 'file', accept: '.json,.csv,application/json,text/csv', id, class: 'zy-file', onchange });
    const name = el('input', {
      type: 'text', id: 'zy-org-name', value: this.state.organisation.name ?? '', maxlength: this.limits.max_text_chars, autocomplete: 'organization',
      oninput: (ev) => { this.state.organisation.name = ev.target.value; this.changed(); },
    });
    const sector = el('select', { id: 'zy-sector', onchange: (ev) => { this.state.organisation.sector = ev.target.value; this.changed(); } },
      // The sectors and their names come from the engine's programme data, not from this page.
      ...this.engine.sectors().map((x) => el('option', { value: x.id, text: x.name[L], selected: this.state.organisation.sector === x.id })));
    const button = (action, text, onclick, extra = {}) => el('button', { type: 'button', 'data-action': action, text, onclick, ...extra });
    this.append(
      el('h2', { text: `${ui.title}: ${this.fw.standard} ${this.fw.name[L]}` }),
      el('div', { class: 'zy-bar' },
        field(ui.organisation, name), field(ui.sector, sector),
        field(ui.importFile, file('zy-import', (ev) => this.importFile(ev))),
        button('export-json', ui.exportJson, () => this.exportJson()),
        button('export-csv', ui.exportCsv, () => this.exportCsv()),
        button('backup', ui.backup, () => this.backup()),
        field(ui.restore, file('zy-restore', (ev) => this.restoreFile(ev))),
        button('dossier', ui.dossier, () => this.exportDossier()),
        button('print', ui.print, () => window.print()),
        button('undo-import', ui.undo, () => this.undoImport(), { hidden: !this.undoState }),
        button('guided', this.guided ? ui.plain : ui.guided, () => this.toggleMode('guided', GUIDED_KEY), { 'aria-pressed': String(Boolean(this.guided)) }),
        button('history', ui.history, () => this.toggleMode('history', HISTORY_KEY), { 'aria-pressed': String(Boolean(this.history)) }),
        button('training', ui.training, () => this.openTraining()),
        button('language', ui.language, () => this.switchLanguage(), { lang: this.langKey === 'en' ? 'zh-CN' : 'en' })),
      el('p', { id: 'zy-message', 'aria-live': 'polite' }),
    );
    const summary = el('section', { class: 'zy-summary', 'aria-live': 'polite', 'aria-label': ui.totals });
    this.append(summary);
    this.summary = summary;
    this.append(this.renderFacts());
    if (this.guided) this.append(this.guided.profile(this));
    for (const cat of this.fw.categories) {
      const fs = el('fieldset', { 'data-category': cat.id },
        el('legend', {}, `${cat.id} ${cat.name[L]} (${cat.points})`, el('span', { class: 'zy-progress', 'data-progress': cat.id })));
      for (const item of cat.items) fs.append(this.renderItem(item));
      this.append(fs);
    }
    this.append(this.renderReadiness());
    if (this.history) this.append(this.history.section(this));
    this.rescore(); // shown, not saved: saved work that failed to load stays until the user edits
    performance.mark('zhuoyue-rendered');
  }

  /** The training mode (its own module, fetched when asked for) on the bundled case study. */
  async openTraining() {
    try {
      // Training is in the whole engine, a second module fetched the first time it is needed.
      const [training, exercise] = await Promise.all([import('./zhuoyue-training.js'), this.engine.loadExercise(EXERCISE), this.engine.loadFull()]);
      training.show(this, exercise);
    } catch (e) {
      this.message(e.message, true);
    }
  }

  switchLanguage() {
    const next = this.getAttribute('lang') === 'en' ? 'zh-CN' : 'en';
    this.storage(() => localStorage.setItem(LANG_KEY, next));
    this.setAttribute('lang', next);
  }

  /** Turns a mode (an attribute) on or off, remembered for the next visit. */
  toggleMode(attribute, key) {
    const on = !this.hasAttribute(attribute);
    this.storage(() => localStorage.setItem(key, on ? '1' : '0'));
    this.toggleAttribute(attribute, on);
  }

  /** The organisation facts the award gates read, so readiness is not "unknown" for want of a field. */
  renderFacts() {
    const ui = this.ui;
    const org = this.state.organisation;
    const number = (key, label, min, max) => field(label, el('input', {
      type: 'number', id: `zy-org-${key}`, inputmode: 'numeric', min, max, step: 1, value: org[key] ?? '',
      oninput: (ev) => {
        const v = ev.target.value.trim();
        if (v === '') delete org[key];
        else if (/^[0-9]{1,6}$/.test(v)) org[key] = Number(v);
        else return;
        this.changed();
      },
    }));
    const region = field(ui.region, el('input', {
      type: 'text', id: 'zy-org-region', value: org.region ?? '', maxlength: 64, autocomplete: 'address-level1',
      oninput: (ev) => { org.region = ev.target.value.trim(); this.changed(); },
    }));
    const facts = FACTS.map((key) => field(ui[key], el('select', {
      id: `zy-org-${key}`,
      onchange: (ev) => { if (ev.target.value === '') delete org[key]; else org[key] = ev.target.value === 'true'; this.changed(); },
    }, ...[['', ui.unknown], ['true', ui.yes], ['false', ui.no]].map(([v, t]) => el('option', { value: v, text: t, selected: String(org[key] ?? '') === v })))));
    return el('fieldset', { class: 'zy-facts' }, el('legend', { text: ui.facts }),
      el('div', { class: 'zy-bar' }, number('founded', ui.founded, 1800, 2100), region,
        number('major_accidents_last_3_years', ui.accidents, 0, 999), ...facts));
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
    const suggestion = el('span', { class: 'zy-suggestion', id: `zy-s-${item.id}`, 'aria-live': 'polite' });
    const updateSuggestion = () => {
      const dims = Object.fromEntries(Object.entries(this.state.items[item.id]?.dimensions ?? {}).filter(([, v]) => v !== null));
      if (!Object.keys(dims).length) { suggestion.textContent = ''; return; }
      try { suggestion.textContent = `${ui.suggested}: ${this.engine.suggest(this.fw.id, item.id, JSON.stringify(dims))}%`; }
      catch (err) { suggestion.textContent = err.message; }
    };
    const dims = el('div', { class: 'zy-dims', role: 'group', 'aria-label': `${item.id} ${ui.dimensions}` });
    for (const d of this.fw.dimensions.filter((x) => x.kind === item.kind)) {
      const ds = el('select', { id: `zy-dim-${item.id}-${d.id}`, 'data-dimension': d.id }, el('option', { value: '', text: '–' }));
      for (let p = 0; p <= 100; p += this.fw.percent_step) ds.append(el('option', { value: String(p), text: `${p}%`, selected: e.dimensions?.[d.id] === p }));
      ds.addEventListener('change', () => {
        const entry = this.entry(item.id);
        if (ds.value === '') delete entry.dimensions[d.id]; else entry.dimensions[d.id] = Number(ds.value);
        updateSuggestion();
        this.changed();
      });
      dims.append(field(`${d.id} ${d.name[L]}`, ds));
    }
    dims.append(suggestion);
    updateSuggestion();
    const note = (key, label) => {
      // The engine's limit on one text, so nothing is saved that the engine would refuse on reload.
      const ta = el('textarea', { id: `zy-${key}-${item.id}`, 'data-field': key, maxlength: this.limits.max_text_chars });
      ta.value = e[key] ?? '';
      ta.addEventListener('input', () => { this.entry(item.id)[key] = ta.value; this.changed(); });
      return field(label, ta, { style: 'display:flex' });
    };
    return el('div', { class: 'zy-item', 'data-item': item.id },
      field(`${item.id} ${item.name[L]} (${item.points})`, select), descriptor,
      this.guided ? this.guided.item(this, item) : null, dims,
      note('strengths', ui.strengths), note('ofis', ui.ofis), note('evidence', ui.evidence));
  }

  /** The totals of `card`, scored from `json` (which the calibration and history mode reads too). */
  showScores(card, json) {
    const ui = this.ui;
    const L = this.langKey;
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
    this.summary.replaceChildren(el('div', { class: 'zy-scroll' }, table, status), ...(this.history?.summary(this, json) ?? []));
    // Progress per category: items rated of the category's items.
    for (const cat of this.fw.categories) {
      const rated = card.items.filter((i) => i.id.startsWith(`${cat.id}.`) && i.percent !== null).length;
      const span = this.querySelector(`[data-progress="${cat.id}"]`);
      if (span) span.textContent = `${rated} ${ui.of} ${cat.items.length} ${ui.rated}`;
    }
    this.updateReadiness();
    this.guided?.update(this);
  }

  /** The organisation award chosen (the readiness section's select), or the first for this framework. */
  get award() { return this.individualMode ? this.awards()[0]?.id : this.awardSelect?.value ?? this.awards()[0]?.id; }
  awards() { return this.engine.awards().filter((a) => a.applicant === 'organisation' && a.frameworks.includes(this.fw.id)); }
  individualAwards() { return this.engine.awards().filter((a) => a.applicant === 'individual'); }
  get individualMode() { return this.applicantSelect?.value === 'individual'; }

  /** The saved nomination, or a blank one (facts left out are "not stated": their gates unknown). */
  get person() {
    if (!this.personState) {
      let saved = null;
      try { saved = JSON.parse(this.storage(() => localStorage.getItem(PERSON_KEY)) ?? 'null'); } catch { saved = null; }
      this.personState = saved && typeof saved === 'object' && !Array.isArray(saved) ? saved : {};
    }
    return this.personState;
  }

  personChanged() {
    this.storage(() => localStorage.setItem(PERSON_KEY, JSON.stringify(this.person)));
    this.updateReadiness();
  }

  renderReadiness() {
    const ui = this.ui;
    this.applicantSelect = el('select', { id: 'zy-applicant', onchange: () => this.fillAwards() },
      el('option', { value: 'organisation', text: ui.asOrganisation }), el('option', { value: 'individual', text: ui.asIndividual }));
    this.awardSelect = el('select', { id: 'zy-award', onchange: () => { this.updateReadiness(); this.guided?.update(this); } });
    this.readinessOut = el('div', { id: 'zy-readiness', 'aria-live': 'polite' });
    this.planOut = el('div', { id: 'zy-plan', 'aria-live': 'polite' });
    this.personOut = el('div', { id: 'zy-person' });
    const section = el('section', { 'aria-label': ui.readiness },
      el('h3', { text: ui.readiness }), el('div', { class: 'zy-bar' }, field(ui.applicant, this.applicantSelect), field(ui.award, this.awardSelect)),
      this.personOut, el('div', { class: 'zy-summary' }, this.readinessOut, this.planOut));
    this.fillAwards(false);
    return section;
  }

  /** The award list and the nominee's form (the individual mode's module, fetched the first time)
   * for the applicant chosen. */
  fillAwards(update = true) {
    const L = this.langKey;
    if (this.individualMode && !this.individual) {
      import('./zhuoyue-individual.js').then((m) => { this.individual = m; this.fillAwards(update); }, (e) => this.message(e.message, true));
      return;
    }
    const list = this.individualMode ? this.individualAwards() : this.awards();
    this.awardSelect.replaceChildren(...list.map((a) => el('option', { value: a.id, text: a.name[L] })));
    this.personOut.replaceChildren(...(this.individualMode ? [this.individual.form(this)] : []));
    this.planOut.hidden = this.individualMode;
    if (update) this.updateReadiness();
  }

  updateReadiness() {
    if (!this.awardSelect || !this.readinessOut) return;
    const ui = this.ui;
    const L = this.langKey;
    const json = this.individualMode
      ? JSON.stringify({ kind: 'individual', individual: this.person })
      : JSON.stringify(this.toInterchange());
    try {
      const r = this.engine.readiness(json, this.awardSelect.value, undefined, true, today());
      this.readinessOut.replaceChildren(
        el('p', { id: 'zy-verdict', 'data-verdict': r.verdict, text: `${ui.verdict}: ${r.verdict_name[L]}` }),
        el('ul', {}, ...r.reasons.map((x) => el('li', { 'data-status': x.status, 'data-reason': x.id, text: `[${x.status_name[L]}] ${x.sentence[L]}` }))));
    } catch (e) {
      this.readinessOut.replaceChildren(el('p', { class: 'zy-error', text: e.message }));
    }
    if (this.individualMode) return; // gates only: no line to plan to
    // The roadmap is the costlier call: drawn once the burst of keystrokes is over, not per key.
    clearTimeout(this.planTimer);
    this.planOut.setAttribute('aria-busy', 'true');
    this.planTimer = setTimeout(() => this.updatePlan(json), 0);
  }

  /** The roadmap to the award's line beside readiness: the fewest cycles, each cycle's raises. */
  updatePlan(json) {
    const ui = this.ui;
    this.planOut.removeAttribute('aria-busy');
    if (!this.engine.fullLoaded()) {
      // The roadmap is in the whole engine: fetched when asked for (a mode may have loaded it).
      if (this.planOut.querySelector('[data-action="roadmap"]')) return;
      this.planOut.replaceChildren(el('button', {
        type: 'button', 'data-action': 'roadmap', text: ui.showRoadmap,
        onclick: async () => {
          try {
            await this.engine.loadFull();
          } catch (e) {
            this.message(e.message, true);
            return;
          }
          clearTimeout(this.planTimer);
          this.updatePlan(JSON.stringify(this.toInterchange()));
          this.planOut.querySelector('h4')?.focus(); // the button is gone: focus moves to what it showed
        },
      }));
      return;
    }
    try {
      const { plan } = this.engine.plan(json, undefined, this.awardSelect.value, undefined, true);
      this.planOut.replaceChildren(el('h4', { text: ui.roadmap, tabindex: -1 }),
        plan.cycle_count === 0 ? el('p', { text: ui.noPlan }) : el('p', { id: 'zy-cycles', text: `${ui.cycles}: ${plan.cycle_count}` }),
        el('ol', {}, ...plan.cycles.map((c) => el('li', { text: `${ui.cycle} ${c.number}: ${c.raises.map((x) => `${x.item} ${x.from}→${x.to}%`).join(', ')} (${ui.total} ${fmt(c.total_after)})` }))));
    } catch (e) {
      this.planOut.replaceChildren(el('p', { class: 'zy-error', text: e.message }));
    }
  }

  /** A message: an error (red, announced assertively) or a success (green, polite). */
  message(text, error = false) {
    const m = this.querySelector('#zy-message');
    m.textContent = text;
    m.className = error ? 'zy-error' : 'zy-ok';
    m.setAttribute('role', error ? 'alert' : 'status');
  }

  async readLimited(f, limit) {
    if (f.size > limit) throw new Error(`${f.name}: file is ${f.size} bytes; the limit is ${limit} bytes`);
    return f.text();
  }

  async importFile(ev) {
    const f = ev.target.files?.[0];
    ev.target.value = '';
    if (!f) return;
    const ui = this.ui;
    try {
      const text = await this.readLimited(f, this.limits.max_input_bytes); // the engine's own limit
      const json = f.name.toLowerCase().endsWith('.csv') ? this.csvToJson(text) : text;
      const doc = this.engine.validate(json, true).assessment; // throws with code and item; state untouched
      if (doc.kind === 'individual') throw new Error(`${f.name}: ${ui.nominationFile}`);
      if (doc.framework !== this.fw.id) throw new Error(`${f.name}: framework ${doc.framework}, not ${this.fw.id}`);
      this.undoState = structuredClone(this.state);
      if (f.name.toLowerCase().endsWith('.csv')) {
        // A CSV carries percents only: merge them, keep notes, dimensions and evidence.
        for (const [id, e] of Object.entries(this.fromInterchange(doc).items)) this.entry(id).percent = e.percent;
      } else {
        this.state = this.fromInterchange(doc);
      }
      this.render();
      this.changed();
      this.message(`${ui.imported}: ${f.name}`);
    } catch (e) {
      this.message(`${ui.importError}${e.message}`, true);
    }
  }

  undoImport() {
    if (!this.undoState) return;
    this.state = this.undoState;
    this.undoState = null;
    this.render();
    this.changed();
    this.message(this.ui.undone);
  }

  /** Every key this widget keeps in the browser (all frameworks, the language), as one file. */
  backup() {
    const keys = (this.storage(() => Object.keys(localStorage)) ?? []).filter((k) => k.startsWith('zhuoyue:'));
    const entries = Object.fromEntries(keys.map((k) => [k, localStorage.getItem(k)]));
    const text = JSON.stringify({ zhuoyue_backup: 1, saved: today(), entries }, null, 2);
    this.download(`zhuoyue-backup-${today()}.json`, 'application/json', text);
    this.message(this.ui.backedUp);
  }

  /** Restores a backup: every assessment in it is checked by the engine first; one bad entry and
   * nothing changes. */
  async restoreFile(ev) {
    const f = ev.target.files?.[0];
    ev.target.value = '';
    if (!f) return;
    try {
      const text = await this.readLimited(f, this.limits.max_input_bytes * 4);
      let doc;
      try { doc = JSON.parse(text); } catch (e) { throw new Error(`${f.name}: ${e.message}`); }
      if (doc?.zhuoyue_backup !== 1 || typeof doc.entries !== 'object' || doc.entries === null) throw new Error(`${f.name}: not a zhuoyue backup`);
      const entries = Object.entries(doc.entries);
      for (const [k, v] of entries) {
        if (!/^zhuoyue:[a-z0-9._-]{1,64}(:[a-z0-9._-]{1,64})?$/.test(k) || typeof v !== 'string') throw new Error(`${f.name}: bad entry ${k.slice(0, 80)}`);
        const [, fw, rest] = k.split(':');
        if (fw === 'individual') {
          // The nomination: an object, which the readiness panel checks field by field when shown.
          const person = JSON.parse(v);
          if (typeof person !== 'object' || person === null || Array.isArray(person)) throw new Error(`${f.name}: bad entry ${k}`);
        } else if (!NOT_ASSESSMENTS.includes(fw) && rest === undefined) {
          this.engine.validate(v, true); // throws with code and item
        }
      }
      this.undoState = structuredClone(this.state);
      this.storage(() => { for (const [k, v] of entries) localStorage.setItem(k, v); });
      this.state = this.restore() ?? this.blank(this.fw.id);
      this.render();
      this.message(`${this.ui.restored}: ${f.name}`);
    } catch (e) {
      this.message(`${this.ui.restoreError}${e.message}`, true);
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
    const rows = ['id,name,percent,score,max'];
    for (const i of this.card?.items ?? []) rows.push([i.id, q(i.name[L]), i.percent ?? '', i.score.toFixed(2), i.max].join(','));
    this.download(`${this.fw.id}-assessment.csv`, 'text/csv', `\uFEFF${rows.join('\n')}\n`);
  }

  /** The application's self-assessment report from the engine (DOCX comes from the CLI or Python). */
  async exportDossier() {
    try {
      // The report carries each item's guidance; the dossier is in the whole engine (a second module).
      await Promise.all([this.engine.loadContent(this.fw.id), this.engine.loadFull()]);
      const html = this.engine.dossier(JSON.stringify(this.toInterchange()), this.award, this.langKey, false, today());
      this.download(`${this.fw.id}-dossier.html`, 'text/html', html);
    } catch (e) {
      this.message(e.message, true);
    }
  }
}

customElements.define('zhuoyue-self-assessment', SelfAssessment);
