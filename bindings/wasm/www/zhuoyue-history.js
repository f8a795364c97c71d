// Calibration and history, loaded on demand by <zhuoyue-self-assessment history> together with the
// whole engine (a second module): beside the totals the radar chart and the optimism guard (the
// calibrated range, each flag with what lifts it); below the form the organisation's own history
// from the yearly snapshots this browser keeps (the engine's trend chart and a table). The widget
// owns the state; this module draws, and saves a snapshot when asked.
import { el, fmt, today } from './zhuoyue-widget.js';

const UI = {
  'zh-CN': {
    calibration: '自评校准', claimed: '自评', range: '校准区间', rangeNote: '这是供讨论的区间，不是“真实”得分。',
    noFlags: '没有需要讨论的标记。', lift: '如何消除：', atStake: '分',
    snapshot: '保存本年度评估', snapshotSaved: '已保存本年度评估', trend: '历年对比', noSnapshots: '尚未保存历年评估；点击“保存本年度评估”开始记录。',
    date: '日期', total: '总分', change: '比上次',
  },
  en: {
    calibration: 'Self-score calibration', claimed: 'Claimed', range: 'Calibrated range', rangeNote: 'A range to discuss, not a "true" score.',
    noFlags: 'No flags.', lift: 'To lift it: ', atStake: 'points',
    snapshot: "Save this year's assessment", snapshotSaved: "This year's assessment is saved", trend: 'Since last time', noSnapshots: "No saved years yet; \"Save this year's assessment\" starts the record.",
    date: 'Date', total: 'Total', change: 'Change',
  },
};

const ui = (w) => UI[w.langKey === 'en' ? 'en' : 'zh-CN'];

/** An SVG the engine drew (its text escaped there), as a node of this page. */
function svg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  return document.importNode(doc.documentElement, true);
}

/** What goes beside the totals of the assessment `json` (as the widget just scored it): the
 * engine's radar chart (the report draws the same one) and the optimism guard. */
export function summary(w, json) {
  return [radar(w, json), calibration(w, json)];
}

function radar(w, json) {
  try {
    return svg(w.engine.charts(json, true, w.langKey).radar);
  } catch (e) {
    return el('p', { class: 'zy-error', text: e.message });
  }
}

/** The calibrated range and each flag with what lifts it. */
function calibration(w, json) {
  const t = ui(w);
  try {
    const r = w.engine.calibrate(json, true);
    const { range } = r;
    return el('section', { id: 'zy-calibration', 'aria-label': t.calibration },
      el('h3', { text: t.calibration }),
      el('p', { id: 'zy-range', 'data-low': String(range.low_hundredths), 'data-high': String(range.high_hundredths),
        text: `${t.claimed} ${fmt(range.claimed)} · ${t.range} ${fmt(range.low)} – ${fmt(range.high)}` }),
      el('p', { class: 'zy-note', text: t.rangeNote }),
      r.flags.length === 0 ? el('p', { id: 'zy-no-flags', text: t.noFlags }) : flagGroups(w, r.flags));
  } catch (e) {
    return el('p', { class: 'zy-error', text: e.message });
  }
}

/** Flags grouped by rule: the rule's name, how many items and points, then each flag. */
function flagGroups(w, flags) {
  const t = ui(w);
  const L = w.langKey;
  const groups = new Map();
  for (const f of flags) {
    if (!groups.has(f.rule)) groups.set(f.rule, []);
    groups.get(f.rule).push(f);
  }
  return el('div', { id: 'zy-flags' }, ...[...groups.values()].map((list) => {
    const first = list[0];
    const stake = list.reduce((n, f) => n + f.points_at_stake_hundredths, 0) / 100;
    const count = first.item ? ` (${list.length} · ${fmt(stake)} ${t.atStake})` : '';
    return el('details', { 'data-group': first.rule, open: list.length <= 3 },
      el('summary', { text: `${first.title[L]}${count}` }),
      el('ul', {}, ...list.map((f) => el('li', { 'data-rule': f.rule, 'data-item': f.item ?? '', text: f.message[L] }))),
      el('p', { class: 'zy-note', text: `${t.lift}${first.lift[L]}` }));
  }));
}

/** The history section below the form: a button saving this year's snapshot, then the trend. */
export function section(w) {
  const t = ui(w);
  const out = el('div', { id: 'zy-trend-out' });
  const node = el('section', { id: 'zy-trend', 'aria-label': t.trend },
    el('h3', { text: t.trend }),
    el('button', { type: 'button', 'data-action': 'snapshot', text: t.snapshot, onclick: () => saveSnapshot(w, out) }),
    out);
  update(w, out);
  return node;
}

function snapshots(w) {
  try {
    const list = JSON.parse(w.storage(() => localStorage.getItem(w.snapshotsKey)) ?? '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** Saves today's assessment as this year's snapshot (one per date: today's replaces today's). */
function saveSnapshot(w, out) {
  const date = today();
  const doc = { ...w.toInterchange(), date };
  const list = snapshots(w).filter((x) => x?.date !== date);
  list.push(doc);
  list.sort((a, b) => String(a.date).localeCompare(String(b.date)));
  const kept = list.slice(-w.limits.max_history);
  const saved = w.storage(() => { localStorage.setItem(w.snapshotsKey, JSON.stringify(kept)); return true; });
  if (saved) w.message(`${ui(w).snapshotSaved} (${date})`);
  update(w, out);
}

/** The organisation's own history from its snapshots: the engine's trend chart and a table. */
function update(w, out) {
  const t = ui(w);
  const list = snapshots(w);
  if (list.length === 0) {
    out.replaceChildren(el('p', { text: t.noSnapshots }));
    return;
  }
  try {
    const r = w.engine.trend(JSON.stringify(list), w.langKey, today());
    const rows = r.history.series.map((p) => el('tr', {}, el('th', { scope: 'row', text: p.date }),
      el('td', { text: fmt(p.total) }), el('td', { text: p.since_previous === null ? '' : `${p.since_previous > 0 ? '+' : ''}${fmt(p.since_previous)}` })));
    out.replaceChildren(el('div', { class: 'zy-summary' }, svg(r.chart),
      el('table', { id: 'zy-history' }, el('caption', { text: t.trend }),
        el('thead', {}, el('tr', {}, ...[t.date, t.total, t.change].map((x) => el('th', { scope: 'col', text: x })))),
        el('tbody', {}, ...rows))));
  } catch (e) {
    out.replaceChildren(el('p', { class: 'zy-error', text: e.message }));
  }
}
