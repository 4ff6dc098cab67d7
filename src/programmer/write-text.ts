/**
 * What a pump write did, in the words the clinician reads after sending (the Finish screen) and on the
 * printed session summary — one wording, so the paper never calls "verified" what the screen called
 * "applied but not verified" (docs/architecture.md, principle 5: an answer never claims what a reset can undo).
 */
export const READBACK_TEXT: Readonly<Record<string, string>> = {
  verified: 'Verified: the pump read back the new programme exactly.',
  'applied-unverified': 'Applied but NOT verified: interrogate again before the patient leaves.',
  'readback-mismatch': 'Read-back MISMATCH: the pump holds something else — interrogate and re-program now.',
  refused: 'The pump refused the change: nothing was changed.',
  'not-applied': 'Not applied: the pump still runs the current programme.',
  unknown: 'Outcome unknown (link lost): interrogate to find out what the pump runs.',
};
