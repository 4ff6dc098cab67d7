/**
 * `itb troubleshoot …` through the real CLI on a real clinic database: an episode started from a symptom
 * with the findings in hand, the causes ranked and the steps to tell them apart printed, a step's result
 * recorded and the causes re-ranked, the episode closed with the cause, remedy and outcome — through the
 * store functions the API's episode routes call, under the API's rules for the same routes. Bad input is
 * refused with its code and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EpisodeView } from '../clinic/troubleshooting/episode-view.ts';
import { CAUSES } from '../therapy/troubleshoot/causes.ts';
import { clinicDb, removeClinicDbs, STAFF } from './clinic-db.test-support.ts';
import { itb } from './pump-link.test-support.ts';
import type { EpisodeList } from './troubleshoot.ts';

afterEach(removeClinicDbs);

const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;
/** The pump reports its reservoir empty: the guide must put the empty reservoir first. */
const EMPTY = JSON.stringify({ reservoirMl: 20, activeAlarms: ['empty-reservoir'], calculatedResidualMl: 0 });

async function setup() {
  const c = await clinicDb();
  const patient = ['--patient', c.patientId];
  const nurse = [...patient, ...c.as(STAFF.nurse)];
  const ok = (r: { stdout: string; stderr: string; code: number }): EpisodeView => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as EpisodeView;
  };
  const start = (...more: string[]) =>
    itb('troubleshoot', 'start', ...nurse, '--symptom', 'more-spasticity', '--findings', EMPTY, ...more);
  const episodes = () => c.read((s, ctx) => s.listEpisodes(c.patientId, ctx));
  return { ...c, patient, nurse, ok, start, episodes };
}

describe('itb troubleshoot', () => {
  it('no command line for troubleshooting: start from a symptom, ranked causes and steps, record a step, close with the outcome', async () => {
    const c = await setup();
    const opened = c.ok(await c.start());
    expect(opened).toMatchObject({ symptom: 'more-spasticity', closed: null, steps: [] });
    expect(opened.plan.candidates[0]?.id).toBe('reservoir-empty-or-low');
    expect(opened.plan.nextSteps.length).toBeGreaterThan(0);

    const human = await itb(
      'troubleshoot',
      'start',
      ...c.patient,
      '--db',
      c.db,
      '--as',
      STAFF.nurse,
      '--symptom',
      'leakage',
      '--findings',
      JSON.stringify({ reservoirMl: 20 }),
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/leakage/);
    expect(human.stdout).toMatch(/likely causes, most likely first:\n {2}1\. /);
    expect(human.stdout).toMatch(/\n {6}remedies: [^\n]+ \| /);
    expect(human.stdout).toMatch(/steps to tell them apart:\n {2}- /);
    expect(human.stdout).toMatch(/ → /); // each step's results with what they rule in or out

    const stepped = c.ok(
      await itb(
        'troubleshoot',
        'step',
        ...c.nurse,
        '--episode',
        opened.id,
        '--step',
        'reconcile-residual',
        '--result',
        'drained 3 mL less than calculated',
        '--findings',
        JSON.stringify({ residualDiscrepancyMl: -3 }),
      ),
    );
    expect(stepped.steps.map((s) => [s.step, s.result])).toEqual([
      ['reconcile-residual', 'drained 3 mL less than calculated'],
    ]);
    expect(stepped.findings.residualDiscrepancyMl).toBe(-3);

    const remedy = CAUSES['reservoir-empty-or-low'].remedies[0] ?? '';
    const closed = c.ok(
      await itb(
        'troubleshoot',
        'close',
        ...c.nurse,
        '--episode',
        opened.id,
        '--cause',
        'reservoir-empty-or-low',
        '--remedy',
        remedy,
        '--outcome',
        'resolved',
      ),
    );
    expect(closed.closed).toMatchObject({ cause: 'reservoir-empty-or-low', remedy, outcome: 'resolved' });

    // A viewer reads the episodes (the API's rule for GET …/troubleshooting).
    const shown = await itb(
      'troubleshoot',
      'show',
      ...c.patient,
      ...c.as(STAFF.viewer),
      '--episode',
      opened.id,
    );
    expect(c.ok(shown).closed?.outcome).toBe('resolved');
    const all = await itb('troubleshoot', 'show', ...c.patient, ...c.as(STAFF.viewer));
    expect((JSON.parse(all.stdout) as EpisodeList).episodes).toHaveLength(2);
    const trail = await c.read((s, ctx) => s.auditTrail({ entity: 'troubleshooting-entry' }, ctx));
    expect(
      trail.filter((e) => e.action === 'create').every((e) => e.actor === `user:${c.idOf(STAFF.nurse)}`),
    ).toBe(true);
  }, 60_000);

  it('no command line for troubleshooting: roles the API refuses and bad input are clear errors that change nothing', async () => {
    const c = await setup();
    const opened = c.ok(await c.start());
    const before = await c.episodes();
    const viewerStart = await itb(
      'troubleshoot',
      'start',
      ...c.patient,
      ...c.as(STAFF.viewer),
      '--symptom',
      'leakage',
      '--findings',
      EMPTY,
    );
    expect(code(viewerStart)).toBe('ITB_E_FORBIDDEN');
    expect(code(await itb('troubleshoot', 'show', ...c.patient, ...c.as(STAFF.admin)))).toBe(
      'ITB_E_FORBIDDEN',
    );
    const start = (symptom: string, findings: string) =>
      itb('troubleshoot', 'start', ...c.nurse, '--symptom', symptom, '--findings', findings);
    expect(code(await start('headache', EMPTY))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await start('leakage', '{reservoirMl: 20'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await start('leakage', '[20]'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await start('leakage', JSON.stringify({ reservoirMl: -1 })))).toBe('ITB_E_INVALID_INPUT');
    const noPatient = await itb(
      'troubleshoot',
      'start',
      '--patient',
      'no-such-patient',
      ...c.as(STAFF.nurse),
      '--symptom',
      'leakage',
      '--findings',
      EMPTY,
    );
    expect(code(noPatient)).toBe('ITB_E_CLINIC_NOT_FOUND');
    const step = (stepId: string, episode = opened.id) =>
      itb('troubleshoot', 'step', ...c.nurse, '--episode', episode, '--step', stepId, '--result', 'seen');
    expect(code(await step('x-ray-by-guess'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await step('imaging', 'no-such-episode'))).toBe('ITB_E_CLINIC_NOT_FOUND');
    const close = (cause: string, remedy: string) =>
      itb(
        'troubleshoot',
        'close',
        ...c.nurse,
        '--episode',
        opened.id,
        '--cause',
        cause,
        '--remedy',
        remedy,
        '--outcome',
        'resolved',
      );
    expect(code(await close('gremlins', 'refill'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await close('reservoir-empty-or-low', 'surgical catheter revision'))).toBe(
      'ITB_E_TROUBLE_REMEDY_MISMATCH',
    );
    expect(await c.episodes()).toEqual(before);

    const remedy = CAUSES['reservoir-empty-or-low'].remedies[0] ?? '';
    c.ok(await close('reservoir-empty-or-low', remedy));
    expect(code(await step('imaging'))).toBe('ITB_E_TROUBLE_EPISODE_CLOSED');
  }, 60_000);
});
