/**
 * Finding "same-site CSRF" in a real browser, against the demo clinic (virtual pumps on the real link): a
 * page served on another port of 127.0.0.1 — the same site, so Chromium sends the SameSite=Strict session
 * cookie — makes the signed-in physician's browser interrogate a pump (a body-less POST that opens a
 * telemetry session and records a programming session) and record a programming session, with
 * auto-submitted text/plain forms and no-cors / JSON fetches. Nothing is recorded (src/server/auth/csrf.ts).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { guardBrowser, haveBrowser, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the CSRF browser test');

const portOf = (s: { address(): unknown }) => {
  const a = s.address();
  return typeof a === 'object' && a !== null && 'port' in a ? (a as { port: number }).port : 0;
};

function attackerPage(interrogate: string, target: string, body: string): string {
  // text/plain forms send `name=value`: the name carries the JSON up to a quote the value closes.
  const cut = body.length - 2;
  const name = body.slice(0, cut).replaceAll('"', '&quot;');
  const value = `=${body.slice(cut)}`.replaceAll('"', '&quot;');
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<iframe id="framed" src="${new URL(target).origin}/"></iframe>
<form id="f" method="POST" action="${target}" enctype="text/plain" target="sink">
<input name="${name}" value="${value.slice(1)}"></form>
<form id="g" method="POST" action="${interrogate}" enctype="text/plain" target="sink"></form>
<script>
(async () => {
  const body = ${JSON.stringify(body)};
  const tries = [
    fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
      headers: { 'content-type': 'text/plain' }, body }),
    fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include',
      headers: { 'content-type': 'application/json' }, body }),
    fetch(${JSON.stringify(interrogate)}, { method: 'POST', mode: 'no-cors', credentials: 'include' }),
  ];
  await Promise.allSettled(tries);
  const sink = document.querySelector('iframe');
  for (const id of ['f', 'g']) {
    await new Promise((done) => { sink.onload = done; document.getElementById(id).submit(); });
  }
  document.title = 'done';
})();
</script></body></html>`;
}

// The demo drives real pumps over TCP; on a loaded 2-core machine that takes longer than 30 s.
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('cross-origin POST against the signed-in app in Chromium', () => {
  let demo: RunningDemo;
  let attacker: Server | undefined;
  let browser: BrowserSession;

  const site = useDemoInChromium();

  beforeAll(() => {
    demo = site.demo;
    browser = site.browser;
  });

  afterAll(async () => {
    // The browser closes after this hook (the harness's, registered first, runs last): its keep-alive
    // connections to the attacker page are ended here, or close() would wait for them.
    attacker?.closeAllConnections();
    await new Promise((done) => (attacker === undefined ? done(undefined) : attacker.close(done)));
  });

  it('same-site CSRF: a page on another port records nothing for the signed-in physician', async () => {
    const { page } = browser;
    // No security headers (finding 7): the app must still run under its Content-Security-Policy.
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const physician = demo.accounts.find((a) => a.role === 'physician');
    if (physician === undefined) throw new Error('no demo physician');
    await page.goto(`${demo.url}/`);
    await page.getByLabel('E-mail').fill(physician.email);
    await page.getByLabel('Password').fill(physician.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const victim = demo.patients[0];
    if (victim === undefined) throw new Error('no demo patient');
    const ctx = { actor: 'system:test' };
    const recorded = async () => (await demo.store.listProgrammingSessions(victim.patient.id, ctx)).length;
    const before = await recorded();
    const api = `${demo.url}/api/v1/patients/${victim.patient.id}`;
    const body = JSON.stringify({ implantId: victim.implant.id, interrogation: {}, diff: [] });
    const html = attackerPage(`${api}/pump/interrogate`, `${api}/sessions`, body);
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((done) => attacker?.listen(0, '127.0.0.1', done));

    await page.goto(`http://127.0.0.1:${portOf(attacker)}/`);
    await page.waitForFunction('document.title === "done"', undefined, { timeout: 60_000 });
    expect(await recorded()).toBe(before);

    // No security headers: the app must not render inside another page's frame (clickjacking).
    const framed = page.frames().filter((f) => f !== page.mainFrame() && f.name() !== 'sink');
    expect(framed.length).toBe(1);
    const rendered = await framed[0]
      ?.evaluate<number>("document.getElementById('root')?.childElementCount ?? 0")
      .catch(() => 0);
    expect(rendered).toBe(0);

    // The app itself still writes: signing out is a POST with the CSRF token, and it takes effect.
    await page.goto(`${demo.url}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: /sign in/i }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);
    expect(cspViolations.filter((v) => !v.includes('frame-ancestors'))).toEqual([]);
  });
});
