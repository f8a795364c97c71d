// An individual's nomination, loaded on demand by <zhuoyue-self-assessment> when the applicant is
// an individual: the facts a person's award conditions read (years of quality work, region, the
// declarations, awards won, other applications this year). The widget keeps the nomination and asks
// the page's engine for readiness; this module only draws and edits.
import { el, field, today } from './zhuoyue-widget.js';

const UI = {
  'zh-CN': {
    person: '个人申报信息（仅保存在本浏览器）',
    personName: '姓名', employer: '工作单位', personRegion: '户籍或工作所在地（如 shanghai）', workYears: '从事质量相关工作年限',
    role: '职务', good_conduct: '恪守职业道德，无违法违纪记录', wonBefore: '曾获奖项', wonYear: '获奖年份',
    alsoApplying: '本年度同时申报', none: '无', personLegal: '遵守法律法规', gatesOnly: '个人奖项按申报条件判断，不设评审线。',
  },
  en: {
    person: 'The nominee (kept in this browser only)',
    personName: 'Name', employer: 'Organisation', personRegion: 'Registered or employed in (e.g. shanghai)', workYears: 'Years of quality-related work',
    role: 'Role', good_conduct: 'Professional conduct: no breach of law or discipline', wonBefore: 'Award won before', wonYear: 'Year won',
    alsoApplying: 'Also applying this year for', none: 'none', personLegal: 'Compliant with the law', gatesOnly: 'Individual awards are judged on their conditions; there is no score line.',
  },
};

/** The individual block a nomination's gates read: years, region, declarations, awards won,
 * other applications this year. */
export function form(w) {
  const ui = { ...w.ui, ...UI[w.langKey === 'en' ? 'en' : 'zh-CN'] };
  const L = w.langKey;
  const p = w.person;
  const year = Number(today().slice(0, 4));
  const text = (key, label) => field(label, el('input', {
    type: 'text', id: `zy-person-${key}`, value: p[key] ?? '', maxlength: 200,
    oninput: (ev) => { const v = ev.target.value.trim(); if (v === '') delete p[key]; else p[key] = v; w.personChanged(); },
  }));
  const number = (key, label, min, max, onvalue) => field(label, el('input', {
    type: 'number', id: `zy-person-${key}`, inputmode: 'numeric', min, max, step: 1, value: onvalue.get() ?? '',
    oninput: (ev) => {
      const v = ev.target.value.trim();
      if (v === '') onvalue.set(undefined);
      else if (/^[0-9]{1,4}$/.test(v) && Number(v) >= min && Number(v) <= max) onvalue.set(Number(v));
      else return;
      w.personChanged();
    },
  }));
  const yesNo = (key, label) => field(label, el('select', {
    id: `zy-person-${key}`,
    onchange: (ev) => { if (ev.target.value === '') delete p[key]; else p[key] = ev.target.value === 'true'; w.personChanged(); },
  }, ...[['', ui.unknown], ['true', ui.yes], ['false', ui.no]].map(([v, t]) => el('option', { value: v, text: t, selected: String(p[key] ?? '') === v }))));
  // A list stated as "none" is [], left unstated it is absent: its gate is then unknown.
  const choice = (id, label, awards, current, onchange) => field(label, el('select', { id, onchange: (ev) => { onchange(ev.target.value); w.personChanged(); } },
    el('option', { value: '', text: ui.unknown, selected: current === undefined }),
    el('option', { value: '-', text: ui.none, selected: current === null }),
    ...awards.map((a) => el('option', { value: a.id, text: a.name[L], selected: current === a.id }))));
  const won = p.prior_awards === undefined ? undefined : p.prior_awards[0]?.award ?? null;
  const applying = p.applications === undefined ? undefined : p.applications.find((a) => a.year === year)?.award ?? null;
  const wonYear = { get: () => p.prior_awards?.[0]?.year, set: (v) => { if (p.prior_awards?.[0]) p.prior_awards[0].year = v ?? year; } };
  const years = { get: () => p.quality_work_years, set: (v) => { if (v === undefined) delete p.quality_work_years; else p.quality_work_years = v; } };
  return el('fieldset', { class: 'zy-facts', id: 'zy-person-facts' }, el('legend', { text: ui.person }),
    el('p', { text: ui.gatesOnly }),
    el('div', { class: 'zy-bar' },
      text('name', ui.personName), text('organisation', ui.employer), text('role', ui.role), text('region', ui.personRegion),
      number('quality_work_years', ui.workYears, 0, 70, years), yesNo('legal_compliance', ui.personLegal), yesNo('good_conduct', ui.good_conduct),
      choice('zy-person-won', ui.wonBefore, w.individualAwards(), won, (v) => {
        if (v === '') delete p.prior_awards;
        else p.prior_awards = v === '-' ? [] : [{ award: v, year: p.prior_awards?.[0]?.year ?? year - 1 }];
      }),
      number('won-year', ui.wonYear, 1950, year, wonYear),
      choice('zy-person-applying', ui.alsoApplying, w.engine.awards(), applying, (v) => {
        if (v === '') delete p.applications;
        else p.applications = v === '-' ? [] : [{ award: v, year }];
      })));
}

