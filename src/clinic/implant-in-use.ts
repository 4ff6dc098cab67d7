/**
 * The one rule for "which pump does this patient have now": the latest implanted (by implant date, then by
 * when it was recorded) that no explant names. A replaced pump is explanted when its replacement is recorded
 * (pathway/pump-replacement.ts); a pump removed without a replacement leaves none in use. The prescription's
 * device gate, the pathway page and the papers read it, so none of them names a pump that is out.
 */
/** What the rule reads of an implant (the store's record, or the web's copy of it). */
interface Dated {
  readonly id: string;
  readonly implantDate: string;
  readonly createdAt: number;
}

/** The implant in use, or undefined when none was implanted or every one was explanted. */
export function implantInUse<I extends Dated>(
  implants: readonly I[],
  explants: readonly { readonly implantId: string }[],
): I | undefined {
  const out = new Set(explants.map((e) => e.implantId));
  return implants
    .filter((i) => !out.has(i.id))
    .sort((a, b) => a.implantDate.localeCompare(b.implantDate) || a.createdAt - b.createdAt)
    .at(-1);
}

/**
 * When the patient's last pump was removed, when implants are on record and none is in use (every one
 * explanted); null while a pump is in place or before any implant.
 */
export function pumpRemovedAt<I extends Dated>(
  implants: readonly I[],
  explants: readonly { readonly implantId: string; readonly at: number }[],
): number | null {
  if (implants.length === 0 || implantInUse(implants, explants) !== undefined) return null;
  return explants.reduce((t, e) => Math.max(t, e.at), 0);
}
