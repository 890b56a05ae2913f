// What the browser scripts share: the demo password, checks, TOTP codes from the binary, API
// calls with bearer tokens, and Chromium with fake camera and microphone.
import { chromium, request } from 'playwright-core';
import { execFileSync } from 'node:child_process';

export const password = 'Fayuan-Demo-2026';

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The API client and helpers for the server at `base`; `totpCommand` prints a staff TOTP code. */
export async function connect(base, totpCommand) {
  const api = await request.newContext({ baseURL: base });
  const totpFor = (login) => {
    const args = totpCommand.map((a) => (a === '{login}' ? login : a));
    return execFileSync(args[0], args.slice(1)).toString().trim();
  };
  const call = async (method, path, token, data) => {
    const response = await api.fetch(path, {
      method,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      data,
    });
    const body = await response.text();
    check(response.ok(), `${method} ${path}: ${response.status()} ${body}`);
    return body ? JSON.parse(body) : null;
  };
  const token = async (login, staff) => {
    const totp = staff ? totpFor(login) : undefined;
    return (await call('POST', '/api/v1/sessions', null, { login, password, totp })).token;
  };
  return { api, call, token, totpFor };
}

/** Debian's Chromium, headless, with fake media devices that need no permission prompt. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.FAYUAN_TEST_BROWSER || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns'],
  });
}

/** A new browser context logged in through the login page (staff with their TOTP code). */
export async function loggedIn(browser, base, login, totpFor) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#login', login);
  await page.fill('#password', password);
  if (totpFor) await page.fill('#totp', totpFor(login));
  await page.click('form.stack button[type=submit]');
  await page.waitForURL(totpFor ? `${base}/staff` : `${base}/account`);
  return page;
}

/** Waits until a TOTP code used at `usedAt` (ms) has been replaced by the next one. */
export function nextTotpStep(usedAt) {
  return new Promise((r) => setTimeout(r, Math.max(0, 31000 - (Date.now() - usedAt))));
}
