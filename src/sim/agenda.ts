/**
 * The simulator's agenda: what the scenario and the simulated clinic will do, and when. Items at the same
 * instant run in the order they were added (a stable sequence number), so a run is deterministic.
 */
import type { AlarmType } from '../pump/state.ts';
import type { EpochMs, Millis } from '../therapy/quantities.ts';
import type { Fault } from './scenario.ts';

export type Action =
  /** The `index`-th scheduled refill (1-based); `late` once it has been postponed by a late-refill fault. */
  | { readonly kind: 'refill'; readonly index: number; readonly late?: boolean }
  | { readonly kind: 'visit' }
  | { readonly kind: 'fault'; readonly fault: Fault; readonly id: number }
  /** The MRI field ends; the rotor turns again `recovery` later (the world's drawn delay). */
  | { readonly kind: 'magnet-end'; readonly recovery: Millis }
  | { readonly kind: 'response'; readonly alarm: AlarmType }
  | { readonly kind: 'catheter-revision' }
  /** The clinic is alerted to overdose signs (overdose-response.ts); then it re-checks until they resolve. */
  | { readonly kind: 'overdose-response' }
  | { readonly kind: 'overdose-recheck' }
  /** The pump at its elective replacement indicator is replaced (pump-replacement.ts). */
  | { readonly kind: 'pump-replacement' }
  /** The overdue board recalls a patient whose refill was missed. */
  | { readonly kind: 'recall' };

export interface AgendaItem {
  readonly at: EpochMs;
  readonly seq: number;
  readonly action: Action;
}

/** A small sorted list (a run holds tens of items at once, never thousands). */
export class Agenda {
  private items: AgendaItem[] = [];
  private seq = 0;

  add(at: EpochMs, action: Action): AgendaItem {
    const item = { at, seq: this.seq++, action };
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1] as AgendaItem).at > at) i--;
    this.items.splice(i, 0, item);
    return item;
  }

  remove(item: AgendaItem): void {
    this.items = this.items.filter((x) => x !== item);
  }

  /** The instant of the next item, or null. */
  nextAt(): EpochMs | null {
    return this.items[0]?.at ?? null;
  }

  /** Removes and returns the first item due at or before `t`. */
  popDue(t: number): AgendaItem | undefined {
    const first = this.items[0];
    if (first === undefined || first.at > t) return undefined;
    this.items.shift();
    return first;
  }

  find(pred: (a: Action) => boolean): AgendaItem | undefined {
    return this.items.find((x) => pred(x.action));
  }
}
