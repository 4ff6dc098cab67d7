/**
 * Tripwire for speed work on the simulator (issue 14): a population's results must stay bit-identical for
 * a seed. The digest covers whole runs of a few one-year patients — every timeline row and event, leapt
 * over quiet instants and on the full 12 h grid, the population outcome at a coarse interval, and at each
 * sample the unrounded body observation and drug totals (the rows round to 3–6 digits, which would hide a
 * change in the last bits). A change meant to alter results (the model, the clinic's rules) updates the
 * digest here, and says so in its commit. The digest is of one Node.js version's arithmetic and ICU (event
 * texts carry formatted numbers): a Node.js upgrade that moves it is checked against docs/model-validation.md.
 */
import { createHash, type Hash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { WORLD_EVENT_RATES } from '../world/index.ts';
import { patientScenario, runPatient } from './population.ts';
import type * as Record from './record.ts';
import { runScenario } from './runner.ts';

const seen: { hash: Hash | null } = { hash: null };

vi.mock('./record.ts', async (importOriginal) => {
  const record = await importOriginal<typeof Record>();
  return {
    ...record,
    sampleRow: (...args: Parameters<typeof record.sampleRow>) => {
      const [, c, o] = args;
      seen.hash?.update(
        JSON.stringify([o, c.intrathecalNg, c.tissueNg, c.pump.totals.deliveredNg, c.world.reservoir.volume]),
      );
      return record.sampleRow(...args);
    },
  };
});

const SEED = 7;
const PATIENTS = 4;
const YEARS = 1;
const PINNED = 'e40b1fb551d85cae56f03293043a6efc76beb779b7fe9272a1cc7f2ee669db5d';

function populationDigest(): string {
  const hash = createHash('sha256');
  seen.hash = hash;
  for (let i = 0; i < PATIENTS; i++) {
    const scenario = patientScenario(SEED, i, YEARS);
    for (const sampling of ['events', 'grid'] as const) {
      const run = runScenario(scenario, {
        keepTimeline: true,
        sampling,
        pocketFillPerRefill: WORLD_EVENT_RATES.pocketFillPerRefill.value.typical,
      });
      hash.update(JSON.stringify(run));
    }
    hash.update(JSON.stringify(runPatient(SEED, i, YEARS, { sampleHours: 168 })));
  }
  seen.hash = null;
  return hash.digest('hex');
}

describe('population results pinned for a seed', () => {
  it('speed work left a population run bit-identical: timelines, events and outcomes match the pinned digest', () => {
    const digest = populationDigest();
    expect(digest, `population digest is now ${digest}`).toBe(PINNED);
  });
});
