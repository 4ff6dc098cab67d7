/**
 * Post-operative concerns reach the clinicians (postop-alert.ts): each concern a check can record raises an
 * alert in the inbox of the roles that act on it, with a review-by date that the pathway lists as due.
 */
import { describe, expect, it } from 'vitest';
import { inInboxOf } from '../alert-roles.ts';
import type { EpochMs } from '../../therapy/quantities.ts';
import { CONCERN_REVIEW_WITHIN, concernReviewDue, postOpAlert } from './postop-alert.ts';
import { postOpCheckInput } from './pathway-fixtures.ts';

const T0 = Date.UTC(2024, 2, 1, 9);
const clean = { ...postOpCheckInput('p', 'i', T0), notes: '' };

describe('post-operative concern alerts', () => {
  it('post-op concerns raise no alert: fever, wound, CSF leak signs and infection signs each raise one, routed to nurses and physicians', () => {
    expect(postOpAlert(clean)).toBeNull();
    const cases = [
      [{ temperatureC: 38.4 }, 'critical', /fever 38.4/],
      [{ infectionSigns: true }, 'critical', /infection/],
      [{ wound: 'discharge' as const }, 'critical', /wound: discharge/],
      [{ wound: 'erythema' as const }, 'warning', /wound: erythema/],
      [{ positionalHeadache: true }, 'warning', /CSF leak/],
      [{ fluidCollection: true }, 'warning', /fluid collection/],
    ] as const;
    for (const [over, severity, words] of cases) {
      const alert = postOpAlert({ ...clean, ...over });
      expect(alert, JSON.stringify(over)).toMatchObject({ kind: 'postop-concern', severity });
      expect(alert?.message).toMatch(words);
      expect(alert?.reasons?.[0]?.code).toBe('ITB_R_POSTOP_CONCERN');
      const a = { kind: 'postop-concern' as const, severity };
      expect(inInboxOf('nurse', a) && inInboxOf('physician', a), JSON.stringify(over)).toBe(true);
      expect(inInboxOf('admin', a)).toBe(false);
    }
  });

  it('H42 meningitis or pocket infection: infection signs, a discharging or open wound, or fever are critical, reviewed the same day; fever with headache names meningitis', () => {
    for (const over of [
      { infectionSigns: true },
      { wound: 'discharge' as const },
      { wound: 'dehiscence' as const },
      { temperatureC: 38.0 },
    ]) {
      const check = { ...clean, ...over, at: T0 };
      expect(postOpAlert(check)?.severity, JSON.stringify(over)).toBe('critical');
      expect(concernReviewDue('i', [check], T0 as EpochMs)[0]?.dueAt).toBe(
        T0 + CONCERN_REVIEW_WITHIN.critical.value,
      );
    }
    const meningism = postOpAlert({ ...clean, temperatureC: 38.6, positionalHeadache: true });
    expect(meningism?.severity).toBe('critical');
    expect(meningism?.message).toMatch(/meningitis until excluded/);
    expect(postOpAlert({ ...clean, positionalHeadache: true })?.message).not.toMatch(/meningitis/);
  });

  it('H53 CSF leak: a positional headache or a fluid collection after surgery flags a possible CSF leak for review within three days', () => {
    for (const over of [{ positionalHeadache: true }, { fluidCollection: true }]) {
      const check = { ...clean, ...over, at: T0 };
      const alert = postOpAlert(check);
      expect(alert?.severity, JSON.stringify(over)).toBe('warning');
      expect(alert?.message, JSON.stringify(over)).toMatch(/CSF leak/);
      expect(concernReviewDue('i', [check], T0 as EpochMs)[0]?.dueAt).toBe(
        T0 + CONCERN_REVIEW_WITHIN.warning.value,
      );
    }
  });

  it('the concern review is due by the check time plus its window, and a later clean check clears it', () => {
    const fever = { ...clean, temperatureC: 38.2, at: T0 };
    const due = concernReviewDue('i', [fever], T0 as EpochMs);
    expect(due).toEqual([
      {
        item: 'concern-review',
        implantId: 'i',
        dueAt: T0 + CONCERN_REVIEW_WITHIN.critical.value,
        overdue: false,
      },
    ]);
    const late = (T0 + CONCERN_REVIEW_WITHIN.critical.value + 1) as EpochMs;
    expect(concernReviewDue('i', [fever], late)[0]?.overdue).toBe(true);
    expect(concernReviewDue('i', [fever, { ...clean, at: T0 + 3_600_000 }], late)).toEqual([]);
    expect(concernReviewDue('other', [fever], late)).toEqual([]);
  });
});
