/**
 * One error vocabulary (docs/architecture.md principle 6): every mapped code is a declared code, refusals keep their
 * code and reasons, and anything unexpected is 500 ITB_E_INTERNAL with nothing of the original leaked.
 */
import { describe, expect, it } from 'vitest';
import { allCodes } from '../codes.ts';
import { CLINIC_CODES } from '../clinic/codes.ts';
import { PUMP_CODES } from '../pump/codes.ts';
import { ItbError } from '../therapy/codes.ts';
import { SERVER_CODES } from './codes.ts';
import { r4BindingProblems, r4Issues } from '../fhir/r4-test-support.ts';
import { ERROR_STATUS, outcome, renderError } from './errors.ts';

describe('error mapping', () => {
  it('maps only declared error codes, and every server code', () => {
    const declared = new Set([
      ...allCodes().map((c) => c.code),
      ...Object.keys(SERVER_CODES),
      ...Object.keys(PUMP_CODES),
      ...Object.keys(CLINIC_CODES),
      'ITB_E_FHIR_INVALID_RESOURCE',
      'ITB_E_FHIR_MISSING_DATA',
      'ITB_E_FHIR_CONTENT_TYPE',
    ]);
    for (const code of Object.keys(ERROR_STATUS)) expect(declared.has(code), code).toBe(true);
    for (const [code, info] of Object.entries(SERVER_CODES)) {
      if (info.kind === 'error') expect(ERROR_STATUS[code], code).toBeDefined();
    }
  });

  it('a residual typed larger than the reservoir answered 500 "internal failure": every error of the therapy core the routes call is mapped', () => {
    const therapy = allCodes().filter(
      (c) => c.kind === 'error' && (c.module === 'therapy' || c.module === 'therapy guardrails'),
    );
    expect(therapy.map((c) => c.code)).toContain('ITB_E_RESIDUAL_EXCEEDS_RESERVOIR');
    for (const { code } of therapy) {
      if (code !== 'ITB_E_INTERNAL') expect(ERROR_STATUS[code]?.status, code).toBeLessThan(500);
    }
  });

  it('turns an unexpected error into 500 ITB_E_INTERNAL without its message', () => {
    const r = renderError(new Error('SELECT * FROM patients WHERE name = "Ann Example"'));
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.outcome)).not.toContain('Ann Example');
    expect(r.outcome.issue[0]?.details.coding[0]?.code).toBe('ITB_E_INTERNAL');
    const unknown = renderError(new ItbError('ITB_E_SOMETHING_NEW', 'secret detail'));
    expect(unknown.status).toBe(500);
    expect(JSON.stringify(unknown.outcome)).not.toContain('secret detail');
  });

  it('keeps a storage failure’s code but not its message (503)', () => {
    const r = renderError(new ItbError('ITB_E_CLINIC_STORAGE', 'duplicate key value (mrn)=(MRN-9)'));
    expect(r.status).toBe(503);
    expect(JSON.stringify(r.outcome)).not.toContain('MRN-9');
  });

  it('lists guardrail reasons as issues with FHIR severities', () => {
    const r = renderError(
      new ItbError('ITB_E_INVALID_PRESCRIPTION', 'blocked', {
        reasons: [
          {
            code: 'ITB_R_DOSE_ABOVE_HARD_LIMIT',
            severity: 'block',
            message: 'too much',
            limit: 1500,
            value: 3000,
          },
          { code: 'ITB_R_DOSE_WITHIN_RANGE', severity: 'ok', message: 'fine' },
        ],
      }),
    );
    expect(r.status).toBe(422);
    expect(r.outcome.issue.map((i) => i.severity)).toEqual(['error', 'error', 'information']);
    expect(r.outcome.issue[1]?.diagnostics).toBe('{"limit":1500,"value":3000}');
  });

  it('every OperationOutcome the API answers (each error code, guardrail reasons, validation issues) is valid R4 with bound codes', () => {
    const reasons = [
      { code: 'ITB_R_X', message: 'blocked', severity: 'block', limit: 1, value: 2 },
      { code: 'ITB_R_Y', message: 'warned', severity: 'warn' },
      { code: 'ITB_R_Z', message: 'fine', severity: 'ok' },
    ];
    const outcomes = [
      ...Object.keys(ERROR_STATUS).map((code) => outcome(code, 'text')),
      renderError(new ItbError('ITB_E_CLINIC_BLOCKED', 'blocked', { reasons })).outcome,
      renderError(new Error('boom')).outcome,
    ];
    expect(outcomes[outcomes.length - 2]?.issue).toHaveLength(4);
    for (const o of outcomes) {
      expect(r4Issues(o), JSON.stringify(o)).toEqual([]);
      expect(r4BindingProblems(o), JSON.stringify(o)).toEqual([]);
    }
  });
});
