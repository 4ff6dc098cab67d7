/**
 * Finding "one clinic NAT, one lock-out", in a real browser against the demo clinic: after a flood of
 * failed logins from the clinic's one address (here the loopback every browser and the flood share), the
 * nurse signs in again at the browser she signed in at before — its device cookie, set at sign-in and sent
 * only to the login route, passes the address lock — while a browser that never signed in to her account
 * is refused (docs/api.md "Throttling").
 */
import { describe, it, vi } from 'vitest';
import { ADDRESS_LIMIT } from '../../src/server/auth/rate-limit.ts';
import { guardBrowser, haveBrowser, signInDemo, useDemoInChromium } from './harness.ts';

guardBrowser('the known-browser sign-in browser test');

vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('sign-in from a known browser in Chromium', () => {
  const site = useDemoInChromium({ browsers: 2 });

  it('one clinic NAT, one lock-out: the nurse signs in again at her browser while the address is locked', async () => {
    const [known, stranger] = site.browsers;
    if (known === undefined || stranger === undefined) throw new Error('two browsers expected');
    const nurse = site.demo.accounts.find((a) => a.role === 'nurse');
    if (nurse === undefined) throw new Error('no demo nurse');
    await signInDemo(known.page, site.demo, 'nurse');
    await known.page.getByRole('button', { name: 'Sign out' }).click();
    for (let i = 0; i <= ADDRESS_LIMIT.freeFailures; i++) {
      await fetch(`${site.demo.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `flood${i}@x.example`, password: 'nope' }),
      });
    }
    const signIn = async (page: typeof known.page) => {
      await page.goto(`${site.demo.url}/`);
      await page.getByLabel('E-mail').fill(nurse.email);
      await page.getByLabel('Password').fill(nurse.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await signIn(stranger.page);
    await stranger.page.getByText('too many failed logins').waitFor();
    await signIn(known.page);
    await known.page.getByRole('heading', { name: 'Refill board' }).waitFor();
  });
});
