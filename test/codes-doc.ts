/** Renders docs/codes.md from the code registries; shared by the generator script and its test. */
import { allCodes, type RegisteredCode } from '../src/codes.ts';

export function renderCodesDoc(): string {
  const byModule = new Map<string, RegisteredCode[]>();
  for (const c of allCodes()) byModule.set(c.module, [...(byModule.get(c.module) ?? []), c]);
  const lines = [
    '# Error and reason codes',
    '',
    'Generated from the code registries (`src/codes.ts`) by `npm run docs:codes`; do not edit by hand.',
    '`ITB_E_*` codes refuse an operation (the CLI prints them on stderr and exits non-zero; the HTTP API',
    'returns them in an OperationOutcome). `ITB_R_*` codes are reasons attached to a guardrail verdict.',
  ];
  for (const [module, codes] of byModule) {
    lines.push('', `## ${module}`, '', '| code | kind | meaning |', '|---|---|---|');
    for (const c of codes) lines.push(`| \`${c.code}\` | ${c.kind} | ${c.summary.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}
