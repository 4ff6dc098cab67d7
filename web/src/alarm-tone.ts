/**
 * The programmer's own alarm tone for an alarm test (src/programmer/procedures.ts: protocol v1 has no
 * opcode that sounds the pump, so the clinician plays the pump's tone *patterns* — beeps and their length,
 * from the pump profile [docs/clinical-reference.md §3] — for the patient to recognise). The pitches are our choice [A]: a
 * programmer speaker's tone, not a measurement of the implant's.
 */
import type { TonePattern } from '../../src/pump/profile.ts';

/** Hz of the single tone and of the two tones a two-tone pattern alternates [A]. */
export const TONE_HZ = { high: 880, low: 660 } as const;

/** Plays `pattern` once through Web Audio; resolves when it has finished. */
export async function playTone(pattern: TonePattern): Promise<void> {
  const ctx = new AudioContext();
  const gain = ctx.createGain();
  gain.gain.value = 0.2;
  gain.connect(ctx.destination);
  const beepS = pattern.toneMs / 1000;
  let t = ctx.currentTime + 0.05;
  for (let i = 0; i < pattern.beeps; i++) {
    const osc = ctx.createOscillator();
    osc.frequency.value = pattern.name === 'two-tone' && i % 2 === 1 ? TONE_HZ.low : TONE_HZ.high;
    osc.connect(gain);
    osc.start(t);
    osc.stop(t + beepS);
    t += beepS;
  }
  await new Promise((resolve) => setTimeout(resolve, (t - ctx.currentTime) * 1000 + 50));
  await ctx.close();
}
