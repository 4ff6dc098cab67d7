/**
 * All of the project's error and reason codes, gathered from each module's registry. docs/codes.md is
 * generated from this list (`npm run docs:codes`) and test/codes-doc.test.ts keeps the two in step.
 */
import { THERAPY_CODES, type CodeInfo } from './therapy/codes.ts';
import { GUARDRAIL_CODES } from './therapy/guardrail-codes.ts';
import { NVM_CODES } from './pump/nvm-codes.ts';
import { PUMP_CODES } from './pump/codes.ts';
import { CLINIC_CODES } from './clinic/codes.ts';
import { PATHWAY_CODES } from './clinic/pathway/codes.ts';
import { TROUBLE_CODES } from './clinic/troubleshooting/codes.ts';
import { MRI_CODES } from './clinic/mri/codes.ts';
import { BODY_CODES } from './body/codes.ts';
import { ADVISE_CODES } from './advise/codes.ts';
import { SIM_CODES } from './sim/codes.ts';
import { LINK_CODES } from './link/codes.ts';
import { FHIR_ERROR_CODES } from './fhir/codes.ts';
import { CLI_CODES } from './cli/codes.ts';
import { PROGRAMMER_CODES as PROGRAMMER_CLI_CODES } from './cli/programmer-codes.ts';
import { PROGRAMMER_CODES } from './programmer/codes.ts';
import { SERVER_CODES } from './server/codes.ts';
import { SIM_API_CODES } from './server/sim-extension.ts';
import { RISK_BOARD_CODES } from './clinic/risk-board.ts';
import { WORLD_CODES } from './world/codes.ts';

export interface RegisteredCode extends CodeInfo {
  readonly code: string;
  readonly module: string;
}

const REGISTRIES: ReadonlyArray<readonly [string, Readonly<Record<string, CodeInfo>>]> = [
  ['therapy', THERAPY_CODES],
  ['therapy guardrails', GUARDRAIL_CODES],
  ['pump', PUMP_CODES],
  ['pump memory', NVM_CODES],
  ['world', WORLD_CODES],
  ['body', BODY_CODES],
  ['advise', ADVISE_CODES],
  ['sim', SIM_CODES],
  ['link', LINK_CODES],
  ['clinic', CLINIC_CODES],
  ['care pathway', PATHWAY_CODES],
  ['troubleshooting episodes', TROUBLE_CODES],
  ['MRI preparation', MRI_CODES],
  ['fhir', FHIR_ERROR_CODES],
  ['risk board', RISK_BOARD_CODES],
  ['server', SERVER_CODES],
  ['sim API', SIM_API_CODES],
  ['programmer', PROGRAMMER_CODES],
  ['programmer (CLI)', PROGRAMMER_CLI_CODES],
  ['cli', CLI_CODES],
];

/** Every code of every module, in registry order; a code declared twice is a programming error. */
export function allCodes(): RegisteredCode[] {
  const seen = new Map<string, string>();
  const out: RegisteredCode[] = [];
  for (const [module, registry] of REGISTRIES) {
    for (const [code, info] of Object.entries(registry)) {
      const owner = seen.get(code);
      if (owner !== undefined) throw new Error(`code ${code} declared by both ${owner} and ${module}`);
      seen.set(code, module);
      out.push({ code, module, ...info });
    }
  }
  return out;
}
