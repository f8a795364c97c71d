// Type-checked by tests/types.test.mjs (tsc --strict, no emit): the package's declarations type the
// results precisely, so a typo in a field name is a compile error, not `undefined` at run time.
import init, { score, framework, awards, readiness, plan, validate, frameworkIds, loadFull, report } from '../www/zhuoyue.js';
import type { ScoreResult, Framework, Readiness, PlanResult, AwardProfile, Assessment } from '../www/zhuoyue.js';

export async function use(json: string): Promise<number> {
  await init();
  const card: ScoreResult = score(json, true);
  const total: number = card.total_hundredths + card.categories[0].score_hundredths + card.items.length;
  const band: number | null = card.band;
  const name: string | undefined = card.organisation.name ?? undefined;
  const fw: Framework = framework(frameworkIds()[0]);
  const descriptor: string = fw.bands[0].process.zh + fw.categories[0].items[0].name.en;
  const list: AwardProfile[] = awards();
  const r: Readiness = readiness(json, list[0].id, 2026, true, '2026-11-26');
  const reasons: number = r.reasons.length;
  const doc: Assessment = validate(json, true).assessment;
  await loadFull();
  const p: PlanResult = plan(json, undefined, list[0].id, 15, true);
  const html: string = report(json, list[0].id, 2026, 'zh', false, true, '2026-11-26');
  // @ts-expect-error a field that does not exist is an error: the results are not `any`
  const missing = card.totl;
  // @ts-expect-error totals are numbers, not strings
  const wrong: string = card.total;
  return html.length + total + (band ?? 0) + reasons + p.plan.cycles.length + Object.keys(doc.items ?? {}).length
    + descriptor.length + (name?.length ?? 0) + (missing ? 1 : 0) + wrong.length;
}
