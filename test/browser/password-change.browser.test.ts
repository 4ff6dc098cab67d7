/**
 * Finding "no self-service password change", in a real browser against the demo clinic: a signed-in nurse
 * opens the header's Password link, is told a wrong current password changes nothing, changes it with the
 * right one, and stays signed in; her session in a second browser has ended (it is back at sign-in), and
 * she signs in there with the new password only (docs/web.md "/account/password").
 */
import { describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, signInDemo, useDemoInChromium } from './harness.ts';

guardBrowser('the password change browser test');

vi.setConfig({ testTimeout: 120_000 });

const NEW_PASSWORD = 'a much longer new passphrase';

describe.runIf(haveBrowser)('own password change in Chromium', () => {
  const site = useDemoInChromium({ browsers: 2 });

  it('no self-service password change: the nurse changes her own password on the Password page; her other session ends', async () => {
    const [first, second] = site.browsers;
    if (first === undefined || second === undefined) throw new Error('two browsers expected');
    await signInDemo(first.page, site.demo, 'nurse');
    await signInDemo(second.page, site.demo, 'nurse');
    const nurse = site.demo.accounts.find((a) => a.role === 'nurse');
    if (nurse === undefined) throw new Error('no demo nurse');

    const page = first.page;
    await page.getByRole('link', { name: 'Password' }).click();
    await page.getByRole('heading', { name: 'Change my password' }).waitFor();
    const fill = async (current: string) => {
      await page.getByLabel('Current password').fill(current);
      await page.getByLabel(/^New password \(at least 10/).fill(NEW_PASSWORD);
      await page.getByLabel('New password again').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    await fill('not my password');
    await page.getByText('the current password is wrong').waitFor();
    await fill(nurse.password);
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Password changed. 1 other session of this account ended; this one stays signed in.');
    // This browser stays signed in; the other is back at sign-in, where only the new password works.
    await page.getByRole('link', { name: 'Refill board' }).click();
    await page.getByRole('heading', { name: 'Refill board' }).waitFor();
    await second.page.reload();
    await second.page.getByLabel('E-mail').waitFor();
    await second.page.getByLabel('E-mail').fill(nurse.email);
    await second.page.getByLabel('Password').fill(nurse.password);
    await second.page.getByRole('button', { name: 'Sign in' }).click();
    await second.page.getByText('the e-mail or password is wrong').waitFor();
    await second.page.getByLabel('Password').fill(NEW_PASSWORD);
    await second.page.getByRole('button', { name: 'Sign in' }).click();
    await second.page.getByRole('heading', { name: 'Refill board' }).waitFor();
  });
});
