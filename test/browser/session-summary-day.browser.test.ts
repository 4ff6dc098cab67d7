/**
 * The session summary's day on the patient page (issue 12, item 5: a printed session summary), in Chromium
 * against the demo clinic: the date field shows today as the server counts it (the PDF of the default link
 * prints that clinic day), a later day cannot be picked, and picking an earlier day links to that day's
 * summary, which prints it.
 */
import { describe, expect, it, vi } from 'vitest';
import { readPdf } from '../../src/reports/pdf-read.test-support.ts';
import { isoDayText } from '../../src/therapy/date-text.ts';
import { guardBrowser, haveBrowser, signInDemo, useDemoInChromium } from './harness.ts';

guardBrowser('the session summary day browser test');
vi.setConfig({ testTimeout: 120_000 });

const previousDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe.runIf(haveBrowser)('the session summary day picker in Chromium', () => {
  const site = useDemoInChromium();

  it('defaults to the clinic’s today and prints the day the clinician picks', async () => {
    const { page, demo } = site;
    await signInDemo(page, demo, 'physician');
    const status = await page.request.get(`${demo.url}/api/v1/demo/status`);
    const { pumps } = (await status.json()) as { pumps: { patientId: string }[] };
    const patientId = pumps[0]?.patientId ?? '';
    await page.goto(`${demo.url}/patients/${encodeURIComponent(patientId)}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const field = page.getByLabel('Session summary day');
    const pdfText = async (href: string | null) => {
      const res = await page.request.get(`${demo.url}${href ?? ''}`);
      expect(res.status()).toBe(200);
      return (await readPdf(await res.body())).text.join(' ');
    };

    const today = await field.getAttribute('max');
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => field.inputValue()).toBe(today);
    const todayLink = page.getByRole('link', { name: "Today's session summary (PDF)" });
    expect(await pdfText(await todayLink.getAttribute('href'))).toContain(
      `Clinic day ${isoDayText(today ?? '')}`,
    );

    const yesterday = previousDay(today ?? '');
    await field.fill(yesterday);
    const link = page.getByRole('link', { name: `Session summary of ${isoDayText(yesterday)} (PDF)` });
    await expect.poll(() => link.getAttribute('href')).toMatch(new RegExp(`\\?day=${yesterday}$`));
    expect(await pdfText(await link.getAttribute('href'))).toContain(`Clinic day ${isoDayText(yesterday)}`);
  });
});
