// The widget's training mode (loaded on demand): a trainee scores the bundled case study item by
// item; the work is locked when submitted, and only then compared with the expert reference, item
// by item with its reasoning. Kept in this browser's localStorage; nothing leaves the machine.
// (The reference travels with the page, as everything offline must: a determined trainee could
// read it. The trainer's own session, `zhuoyue training`, is where the pass rule is applied.)
import { el, field } from './zhuoyue-widget.js';

const T = {
  zh: {
    title: '培训练习：案例评分', fictitious: '虚构案例，仅供培训。', back: '返回自评', submit: '提交评分（提交后锁定）',
    reset: '重新开始', profile: '组织概述', keyFactors: '关键因素', notRated: '未评分', rated: '已评分',
    result: '与专家参考评分的比较', item: '条款', reference: '参考', yours: '您的', difference: '差值', reasoning: '专家意见',
    summary: (r) => `平均绝对差 ${fmt(r.mad)}，偏差 ${fmt(r.bias)}（正数为偏宽），排序一致性 ${r.spearman === null ? '无法计算' : r.spearman.toFixed(3)}`,
    locked: '已提交：评分已锁定。', you: '我',
  },
  en: {
    title: 'Training exercise: score the case', fictitious: 'A fictitious case, for training only.', back: 'Back to the self-assessment',
    submit: 'Submit (locks your scores)', reset: 'Start again', profile: 'Organisational profile', keyFactors: 'Key factors',
    notRated: 'not rated', rated: 'rated', result: "Compared with the experts' reference", item: 'Item', reference: 'Reference',
    yours: 'Yours', difference: 'Difference', reasoning: "The experts' reasoning",
    summary: (r) => `mean absolute difference ${fmt(r.mad)}, bias ${fmt(r.bias)} (positive: lenient), rank agreement ${r.spearman === null ? 'undefined' : r.spearman.toFixed(3)}`,
    locked: 'Submitted: your scores are locked.', you: 'me',
  },
};

const fmt = (v) => (v === null || v === undefined ? '-' : v.toFixed(2));
const key = (id) => `zhuoyue:training:${id}`;

/** Shows exercise `ex` ({id, case, reference}) in widget `w` in place of the self-assessment. */
export function show(w, ex) {
  const L = w.langKey;
  const t = T[L];
  const fw = w.engine.framework(ex.case.framework);
  let state = null;
  try { state = JSON.parse(w.storage(() => localStorage.getItem(key(ex.id))) ?? 'null'); } catch { state = null; }
  if (!state || typeof state !== 'object' || typeof state.items !== 'object') state = { items: {}, submitted: false };
  const save = () => w.storage(() => localStorage.setItem(key(ex.id), JSON.stringify(state)));
  const progress = el('p', { id: 'zy-training-progress', 'aria-live': 'polite' });
  const result = el('section', { id: 'zy-training-result', 'aria-live': 'polite' });
  const count = () => { progress.textContent = `${Object.keys(state.items).length} / ${fw.categories.reduce((n, c) => n + c.items.length, 0)} ${t.rated}`; };
  const button = (action, text, onclick) => el('button', { type: 'button', 'data-action': action, text, onclick });
  const profile = ex.case.profile ?? {};
  const root = el('section', { id: 'zy-training', 'aria-label': t.title },
    el('h2', { text: `${t.title}: ${ex.case.organisation?.name ?? ex.id}` }),
    el('p', { class: 'zy-ok', text: t.fictitious }),
    el('div', { class: 'zy-bar' }, button('training-back', t.back, () => w.render()),
      button('training-submit', t.submit, () => { state.submitted = true; save(); show(w, ex); }),
      button('training-reset', t.reset, () => { state = { items: {}, submitted: false }; save(); show(w, ex); })),
    el('fieldset', {}, el('legend', { text: t.profile }),
      ...fw.profile_sections.map((s) => el('p', {}, el('strong', { text: `${s.name[L]}：` }), profile[s.id] ?? '')),
      el('p', { text: `${t.keyFactors}：${(profile.key_factors ?? []).map((k) => `${k.id} ${k.text}`).join('；')}` })),
    progress);
  for (const cat of fw.categories) {
    const fs = el('fieldset', { 'data-category': cat.id }, el('legend', { text: `${cat.id} ${cat.name[L]} (${cat.points})` }));
    for (const item of cat.items) {
      const select = el('select', { id: `zy-t-${item.id}`, 'data-item': item.id, disabled: state.submitted },
        el('option', { value: '', text: t.notRated }));
      for (let p = 0; p <= 100; p += fw.percent_step) select.append(el('option', { value: String(p), text: `${p}%`, selected: state.items[item.id] === p }));
      select.addEventListener('change', () => {
        if (select.value === '') delete state.items[item.id]; else state.items[item.id] = Number(select.value);
        save();
        count();
      });
      const narrative = Object.values(ex.case.items?.[item.id]?.narrative ?? {});
      fs.append(el('div', { class: 'zy-item', 'data-item': item.id },
        el('h4', { text: `${item.id} ${item.name[L]} (${item.points})` }),
        ...narrative.map((n) => el('p', { class: 'zy-descriptor', text: n })),
        field(t.yours, select)));
    }
    root.append(fs);
  }
  if (state.submitted) {
    const mine = { framework: fw.id, assessor: t.you, items: state.items };
    try {
      const r = w.engine.training(JSON.stringify(ex.reference), JSON.stringify(mine)).trainees[0];
      result.append(el('h3', { text: t.result }), el('p', { class: 'zy-ok', text: t.locked }),
        el('p', { id: 'zy-training-summary', 'data-mad': String(r.mad), text: t.summary(r) }),
        el('div', { class: 'zy-scroll' }, el('table', {},
          el('thead', {}, el('tr', {}, ...[t.item, t.reference, t.yours, t.difference, t.reasoning].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, ...r.items.map((c) => el('tr', { 'data-item': c.item, 'data-difference': String(c.difference ?? '') },
            el('td', { text: c.item }), el('td', { text: `${c.reference}%` }), el('td', { text: c.trainee === null ? '-' : `${c.trainee}%` }),
            el('td', { text: c.difference === null ? '-' : `${c.difference > 0 ? '+' : ''}${c.difference}` }),
            el('td', { style: 'text-align: left', text: c.reasoning.join(' ') })))))));
    } catch (e) {
      result.append(el('p', { class: 'zy-error', role: 'alert', text: e.message }));
    }
  }
  root.append(result);
  count();
  w.replaceChildren(root);
}
