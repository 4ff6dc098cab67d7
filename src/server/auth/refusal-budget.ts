/**
 * The bound on the audit entries one signed-in account's refused requests write. Each refusal used to be
 * its own durable, hash-chained audit write: any account — a patient's included — could grow the trail
 * without bound and hold the store's writer with a loop of forbidden requests.
 *
 * Per account, in a window of `windowMs` from its first refusal: the first `listed` refusals are written one
 * by one, as before. The rest are counted — per patient they named, else per route — and written when the
 * window closes: one entry per patient or route for the first `summaries` of them, one more entry for all
 * the others (how many, on which routes, how many named a patient). Every refusal is counted in some entry;
 * one account writes at most `listed + summaries + 1` entries per window. A window closes at the account's
 * next refusal after it, at the periodic sweep ({@link RefusalAuditBudget.flush}), and when the app closes.
 */
import type { ActorContext } from '../../clinic/records.ts';
import type { ClinicStore, Refusal, RefusalTally } from '../../clinic/store.ts';

export interface RefusalAuditLimit {
  readonly listed: number;
  readonly summaries: number;
  readonly windowMs: number;
}

/** Our choice [A]: a clinician mistyping is refused a few times a minute, not twenty times in ten. */
export const REFUSAL_AUDIT_LIMIT: RefusalAuditLimit = { listed: 20, summaries: 10, windowMs: 10 * 60_000 };

interface Count {
  count: number;
  first: number;
  last: number;
  named: number;
  readonly routes: Map<string, number>;
}

interface Window {
  readonly start: number;
  listed: number;
  /** Keyed by the patient named, else by the route; at most `summaries` keys. */
  readonly counted: Map<string, { readonly patientId?: string; readonly count: Count }>;
  readonly others: Count;
}

const emptyCount = (): Count => ({ count: 0, first: 0, last: 0, named: 0, routes: new Map() });

function add(c: Count, refusal: Refusal, t: number): void {
  if (c.count === 0) c.first = t;
  c.count += 1;
  c.last = t;
  if (refusal.patientId !== undefined) c.named += 1;
  c.routes.set(refusal.route, (c.routes.get(refusal.route) ?? 0) + 1);
}

const tallyOf = (c: Count, patients?: number): RefusalTally => ({
  count: c.count,
  first: new Date(c.first).toISOString(),
  last: new Date(c.last).toISOString(),
  routes: Object.fromEntries(c.routes),
  ...(patients === undefined ? {} : { patients }),
});

/** The one route of a count, or `*` when it spans several. */
const routeOf = (c: Count): string => (c.routes.size === 1 ? [...c.routes.keys()][0]! : '*');

/** Stands in for the store's `recordRefusal` in front of the refusal audit (auth/refusal-audit.ts). */
export class RefusalAuditBudget implements Pick<ClinicStore, 'recordRefusal'> {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly store: Pick<ClinicStore, 'recordRefusal'>,
    private readonly now: () => number,
    private readonly limit: RefusalAuditLimit = REFUSAL_AUDIT_LIMIT,
  ) {}

  async recordRefusal(refusal: Refusal, ctx: ActorContext): Promise<void> {
    const t = this.now();
    const open = this.#windows.get(ctx.actor);
    if (open !== undefined && t - open.start >= this.limit.windowMs) await this.#close(ctx.actor, open);
    const w = this.#windows.get(ctx.actor) ?? this.#open(ctx.actor, t);
    if (w.listed < this.limit.listed) {
      w.listed += 1;
      return this.store.recordRefusal(refusal, ctx);
    }
    const key = refusal.patientId === undefined ? `route ${refusal.route}` : `patient ${refusal.patientId}`;
    const known = w.counted.get(key);
    if (known === undefined && w.counted.size >= this.limit.summaries) return add(w.others, refusal, t);
    const entry = known ?? {
      ...(refusal.patientId === undefined ? {} : { patientId: refusal.patientId }),
      count: emptyCount(),
    };
    w.counted.set(key, entry);
    add(entry.count, refusal, t);
  }

  /** Writes the counts of every window closed by now (of every window with `all`, when the app closes). */
  async flush(all = false): Promise<void> {
    const t = this.now();
    for (const [actor, w] of [...this.#windows]) {
      if (all || t - w.start >= this.limit.windowMs) await this.#close(actor, w);
    }
  }

  #open(actor: string, t: number): Window {
    const w: Window = { start: t, listed: 0, counted: new Map(), others: emptyCount() };
    this.#windows.set(actor, w);
    return w;
  }

  async #close(actor: string, w: Window): Promise<void> {
    // Closed once: the sweep and the account's next refusal may both find the window due.
    if (this.#windows.get(actor) !== w) return;
    this.#windows.delete(actor);
    const ctx = { actor };
    const over = `over the ${this.limit.listed} refusals of this account listed one by one in ${this.limit.windowMs / 60_000} min: counted, not listed`;
    for (const { patientId, count } of w.counted.values()) {
      const reason = `${count.count} more refused requests ${over}`;
      await this.store.recordRefusal(
        {
          route: routeOf(count),
          reason,
          tally: tallyOf(count),
          ...(patientId === undefined ? {} : { patientId }),
        },
        ctx,
      );
    }
    if (w.others.count > 0) {
      const reason = `${w.others.count} more refused requests on other patients or routes ${over}`;
      await this.store.recordRefusal({ route: '*', reason, tally: tallyOf(w.others, w.others.named) }, ctx);
    }
  }
}
