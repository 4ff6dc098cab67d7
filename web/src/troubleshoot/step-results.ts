/**
 * The results a clinician can record for each diagnostic step, each with the findings it adds for the
 * guide (src/therapy/troubleshoot/findings.ts). Steps whose result the guide reads as a number
 * (reconciliation) or not at all (interrogation read-out, clinical review) take free text instead.
 */
import type { StepId } from '../../../src/therapy/troubleshoot/causes.ts';

export interface ResultChoice {
  readonly label: string;
  readonly findings: Record<string, unknown>;
}

export const STEP_CHOICES: Partial<Record<StepId, readonly ResultChoice[]>> = {
  'access-port-aspiration': [
    { label: 'clear CSF aspirated', findings: { portAspiration: 'csf' } },
    { label: 'nothing could be aspirated', findings: { portAspiration: 'none' } },
    { label: 'fluid that is not CSF', findings: { portAspiration: 'not-csf' } },
  ],
  imaging: [
    { label: 'contrast leaks at the pump connection', findings: { imaging: 'leak-at-pump' } },
    { label: 'contrast leaks along the catheter', findings: { imaging: 'leak-along-catheter' } },
    { label: 'contrast does not pass the catheter', findings: { imaging: 'no-passage' } },
    { label: 'catheter intact to the tip', findings: { imaging: 'intact' } },
    { label: 'a mass at the catheter tip', findings: { imaging: 'mass-at-tip' } },
  ],
  'rotor-study': [
    { label: 'the rotor turned', findings: { rotorStudy: 'turned' } },
    { label: 'the rotor did not turn', findings: { rotorStudy: 'did-not-turn' } },
  ],
  'infection-workup': [
    { label: 'signs of infection', findings: { infectionSigns: true } },
    { label: 'no sign of infection', findings: { infectionSigns: false } },
  ],
};
