/**
 * The emergency card's back said "A pump alarm (beeping) means: call the clinic the same day" for every
 * alarm, while the patient's own view (web/src/pages/PatientViewPage.tsx) says the repeating two-tone alarm
 * (empty reservoir, end of service, motor stall) means "call now": the pump may have stopped and withdrawal
 * follows within a day or two (docs/clinical-reference.md §2, §3 "Alarms"). The card now says both alarms
 * apart, in the view's words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pdfText } from '../reports/pdf-common.ts';
import { hasPhrase, readPdf } from '../reports/pdf-read.test-support.ts';
import { withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(`the emergency card's alarm advice on ${backend.name}`, () => {
    it('emergency card said every pump alarm means "call the clinic the same day": the repeating two-tone alarm says call now', async () => {
      open = await withPumpApi({ backend });
      const card = await open.api.call(
        'nurse',
        'GET',
        `/api/v1/patients/${open.patientId}/emergency-card.pdf`,
      );
      expect(card.statusCode, card.body).toBe(200);
      const text = (await readPdf(card.rawPayload)).text.join(' ');
      expect(
        hasPhrase(text, pdfText('A pump alarm (beeping) means: call the clinic the same day.')),
        text,
      ).toBe(false);
      expect(
        hasPhrase(text, pdfText('A single tone about every hour: call the clinic the same day.')),
        text,
      ).toBe(true);
      expect(
        hasPhrase(
          text,
          pdfText(
            'Two tones repeating: the pump may have stopped - call the clinic now; if unreachable, emergency services.',
          ),
        ),
        text,
      ).toBe(true);
    });
  });
