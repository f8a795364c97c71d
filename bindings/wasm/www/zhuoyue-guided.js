// The guided self-assessment, loaded on demand by <zhuoyue-self-assessment guided>: the
// organisational profile with live character counts against the chosen award's limit and its key
// factors; per item what it asks (the framework's guidance, fetched as content/<id>.json), the band
// descriptors of both kinds, the narrative per evaluation dimension and, for results items, the
// results tables. The widget owns the state and the engine calls; this module only draws and edits.
import { el, field } from './zhuoyue-widget.js';

const UI = {
  'zh-CN': {
    profile: '组织概述', chars: '字', limit: '上限', over: '超出上限', none: '所选奖项未规定字数上限',
    keyFactors: '关键因素（评审意见引用的编号）', addFactor: '添加关键因素', remove: '删除', id: '编号', section: '所属部分', text: '内容',
    asks: '本评分项要求', bands: '评分指南', narrative: '组织的陈述', measures: '结果数据表', addMeasure: '添加指标',
    name: '指标名称', unit: '单位', better: '期望方向', higher: '越高越好', lower: '越低越好',
    values: '各期数值（每行“期间: 数值”，如 2024: 98.5）', comparison: '对比值', source: '对比来源',
    badValues: '无法读取的行（应为“期间: 数值”）：',
  },
  en: {
    profile: 'Organisational profile', chars: 'characters', limit: 'limit', over: 'over the limit', none: 'The chosen award sets no length limit',
    keyFactors: 'Key factors (the ids comments cite)', addFactor: 'Add a key factor', remove: 'Remove', id: 'Id', section: 'Section', text: 'Text',
    asks: 'What the item asks', bands: 'Scoring guidelines', narrative: 'Your narrative', measures: 'Results tables', addMeasure: 'Add a measure',
    name: 'Measure', unit: 'Unit', better: 'Better', higher: 'higher', lower: 'lower',
    values: 'Values per period (one "period: value" per line, e.g. 2024: 98.5)', comparison: 'Comparison value', source: 'Comparison source',
    badValues: 'Lines not understood (write "period: value"): ',
  },
};

const ui = (w) => UI[w.langKey === 'en' ? 'en' : 'zh-CN'];
/** Characters as the engine counts them: Unicode scalar values, whitespace included. */
const count = (text) => [...(text ?? '')].length;

/** The profile: one textarea per section the framework names, each with its prompts and count;
 * the total against the chosen award's limit; the key factors. */
export function profile(w) {
  const t = ui(w);
  const L = w.langKey;
  const state = (w.state.profile ??= {});
  const sections = w.fw.profile_sections.map((s) => {
    const id = `zy-profile-${s.id}`;
    const counter = el('span', { class: 'zy-count', 'data-count': s.id });
    const ta = el('textarea', { id, 'data-section': s.id, rows: 4, maxlength: w.limits.max_text_chars, 'aria-describedby': `${id}-asks` });
    ta.value = state[s.id] ?? '';
    const show = () => { counter.textContent = `${count(ta.value)} ${t.chars}`; };
    ta.addEventListener('input', () => { state[s.id] = ta.value; show(); w.changed(); });
    show();
    return el('div', { class: 'zy-section' },
      field(s.name[L], ta, { style: 'display:flex' }),
      el('ul', { id: `${id}-asks`, class: 'zy-descriptor' }, ...(s.guidance?.[L] ?? []).map((q) => el('li', { text: q }))),
      counter);
  });
  const factors = el('div', { id: 'zy-key-factors' });
  const drawFactors = () => {
    const list = (state.key_factors ??= []);
    factors.replaceChildren(...list.map((k, i) => {
      const input = (key, label, attrs) => field(label, el('input', {
        type: 'text', id: `zy-kf-${i}-${key}`, value: k[key] ?? '', ...attrs,
        oninput: (ev) => { k[key] = ev.target.value; w.changed(); },
      }));
      const section = field(t.section, el('select', {
        id: `zy-kf-${i}-section`, onchange: (ev) => { k.section = ev.target.value; w.changed(); },
      }, ...w.fw.profile_sections.map((s) => el('option', { value: s.id, text: s.name[L], selected: k.section === s.id }))));
      return el('div', { class: 'zy-bar', 'data-key-factor': i },
        input('id', t.id, { maxlength: 64, pattern: '[A-Za-z0-9._-]{1,64}', size: 8 }), section,
        input('text', t.text, { maxlength: w.limits.max_text_chars }),
        el('button', { type: 'button', text: t.remove, 'aria-label': `${t.remove} ${k.id ?? ''}`, onclick: () => { list.splice(i, 1); drawFactors(); w.changed(); } }));
    }));
  };
  drawFactors();
  const add = el('button', {
    type: 'button', 'data-action': 'add-key-factor', text: t.addFactor,
    onclick: () => {
      const list = (state.key_factors ??= []);
      list.push({ id: `KF-${list.length + 1}`, section: w.fw.profile_sections[0]?.id ?? '', text: '' });
      drawFactors();
      // Not saved until it has text: the engine refuses an empty key factor.
      factors.querySelector(`[id="zy-kf-${list.length - 1}-text"]`)?.focus();
    },
  });
  w.profileTotal = el('p', { id: 'zy-profile-total', 'aria-live': 'polite' });
  return el('fieldset', { class: 'zy-profile' }, el('legend', { text: t.profile }), w.profileTotal, ...sections,
    el('h4', { text: t.keyFactors }), factors, add);
}

/** What an item asks, the band descriptors of both kinds, the narrative per dimension and, for a
 * results item, its results tables. */
export function item(w, it) {
  const t = ui(w);
  const L = w.langKey;
  const e = w.entry(it.id);
  const asks = el('details', { open: true }, el('summary', { text: t.asks }),
    el('ul', {}, ...(it.guidance?.[L] ?? []).map((q) => el('li', { text: q }))));
  const kinds = ['process', 'results'];
  const bands = el('details', {}, el('summary', { text: t.bands }), el('div', { class: 'zy-scroll' }, el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: '%' }), ...kinds.map((k) => el('th', { scope: 'col', text: w.fw.kinds[k][L] })))),
    el('tbody', {}, ...w.fw.bands.map((b) => el('tr', { 'data-current': String(it.kind) },
      el('th', { scope: 'row', text: `${b.min}-${b.max}%` }), ...kinds.map((k) => el('td', { style: 'text-align:left', text: b[k][L] }))))))));
  const narrative = w.fw.dimensions.filter((d) => d.kind === it.kind).map((d) => {
    const ta = el('textarea', { id: `zy-n-${it.id}-${d.id}`, 'data-narrative': d.id, rows: 2, maxlength: w.limits.max_text_chars });
    ta.value = e.narrative?.[d.id] ?? '';
    ta.addEventListener('input', () => { (e.narrative ??= {})[d.id] = ta.value; w.changed(); });
    return field(`${t.narrative}${L === 'en' ? ': ' : '：'}${d.name[L]} (${d.id})`, ta, { style: 'display:flex' });
  });
  const parts = [asks, bands, ...narrative];
  if (it.kind === 'results') parts.push(measures(w, it, e));
  return el('div', { class: 'zy-guided' }, ...parts);
}

/** `period: value` lines to observations; lines that do not read are returned apart. */
function readValues(text) {
  const values = [];
  const bad = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^([^:：]{1,32})[:：]\s*(-?[0-9]+(?:\.[0-9]+)?)$/.exec(line);
    if (m) values.push({ period: m[1].trim(), value: Number(m[2]) });
    else bad.push(line.slice(0, 40));
  }
  return { values, bad };
}

function measures(w, it, e) {
  const t = ui(w);
  const box = el('div', { class: 'zy-measures' });
  const draw = () => {
    const list = (e.measures ??= []);
    box.replaceChildren(el('h4', { text: t.measures }), ...list.map((m, i) => {
      const id = (k) => `zy-m-${it.id}-${i}-${k}`;
      const problem = el('p', { class: 'zy-error', id: id('problem'), 'aria-live': 'polite' });
      const text = (k, label, attrs = {}) => field(label, el('input', {
        type: 'text', id: id(k), value: k === 'source' ? (m.comparison?.source ?? '') : (m[k] ?? ''), maxlength: 200, ...attrs,
        oninput: (ev) => { set(k, ev.target.value); },
      }));
      const set = (k, v) => {
        if (k === 'name' || k === 'unit') m[k] = v;
        else if (k === 'comparison' || k === 'source') {
          const value = k === 'comparison' ? v.trim() : String(m.comparison?.value ?? '');
          const source = k === 'source' ? v : (m.comparison?.source ?? '');
          if (value === '' || !/^-?[0-9]+(\.[0-9]+)?$/.test(value)) delete m.comparison;
          else m.comparison = { value: Number(value), source };
        }
        w.changed();
      };
      const values = el('textarea', { id: id('values'), rows: 3, 'aria-describedby': id('problem') });
      values.value = (m.values ?? []).map((v) => `${v.period}: ${v.value}`).join('\n');
      values.addEventListener('input', () => {
        const read = readValues(values.value);
        problem.textContent = read.bad.length ? `${t.badValues}${read.bad.join('; ')}` : '';
        m.values = read.values;
        w.changed();
      });
      const better = field(t.better, el('select', { id: id('better'), onchange: (ev) => { m.better = ev.target.value; w.changed(); } },
        ...['higher', 'lower'].map((b) => el('option', { value: b, text: t[b], selected: m.better === b }))));
      return el('fieldset', { 'data-measure': i }, el('legend', { text: m.name || `${t.name} ${i + 1}` }),
        el('div', { class: 'zy-bar' }, text('name', t.name), text('unit', t.unit, { size: 6 }), better,
          text('comparison', t.comparison, { inputmode: 'decimal', size: 8, value: m.comparison?.value ?? '' }), text('source', t.source)),
        field(t.values, values, { style: 'display:flex' }), problem,
        el('button', { type: 'button', text: t.remove, onclick: () => { list.splice(i, 1); draw(); w.changed(); } }));
    }), el('button', {
      type: 'button', 'data-action': 'add-measure', text: t.addMeasure,
      onclick: () => { (e.measures ??= []).push({ name: `${t.name} ${e.measures.length + 1}`, unit: '', better: 'higher', values: [] }); draw(); w.changed(); },
    }));
  };
  draw();
  return box;
}

/** After each change: the profile's total against the chosen award's limit. */
export function update(w) {
  if (!w.profileTotal) return;
  const t = ui(w);
  const total = Object.entries(w.state.profile ?? {}).filter(([k]) => k !== 'key_factors').reduce((n, [, v]) => n + count(v), 0);
  const max = w.engine.awards().find((a) => a.id === w.award)?.profile_max_chars;
  w.profileTotal.textContent = max === undefined || max === null
    ? `${total} ${t.chars} (${t.none})`
    : `${total} / ${max} ${t.chars}${total > max ? ` — ${t.over} ${total - max}` : ''}`;
  w.profileTotal.className = max !== undefined && max !== null && total > max ? 'zy-error' : '';
}
