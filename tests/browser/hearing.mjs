// The online hearing room in Debian's Chromium with fake camera and microphone: the judge opens
// the waiting room, the party waits until admitted, then both browsers are connected by WebRTC
// with remote media flowing; the judge ends the sitting.
// Usage: node hearing.mjs BASE_URL TOTP_COMMAND... (as journeys.mjs). The server runs with --demo.
import { chromium, request } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const [base, ...totpCommand] = process.argv.slice(2);
const executablePath = process.env.FAYUAN_TEST_BROWSER || '/usr/bin/chromium';
const password = 'Fayuan-Demo-2026';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function totpFor(login) {
  const args = totpCommand.map((a) => (a === '{login}' ? login : a));
  return execFileSync(args[0], args.slice(1)).toString().trim();
}

const api = await request.newContext({ baseURL: base });

async function call(method, path, token, data) {
  const response = await api.fetch(path, {
    method,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    data,
  });
  const body = await response.text();
  check(response.ok(), `${method} ${path}: ${response.status()} ${body}`);
  return body ? JSON.parse(body) : null;
}

async function token(login, staff) {
  const totp = staff ? totpFor(login) : undefined;
  return (await call('POST', '/api/v1/sessions', null, { login, password, totp })).token;
}

// A case of 张三 heard by a sole judge, with a sitting tomorrow whose waiting room is open.
const zhangToken = await token('13800000001', false);
const court = (await call('GET', '/api/v1/courts'))[0].id;
const filing = await call('POST', '/api/v1/filings', zhangToken, {
  court_id: court,
  category: 'civil_first_instance',
  cause: '民间借贷纠纷',
  procedure_requested: 'civil_summary',
  parties: [
    { role: 'plaintiff', kind: 'person', name: '张三', id_number: '110101199003077774', address: '北京市东城区示范路1号', phone: '13800000001' },
    { role: 'defendant', kind: 'person', name: '王五', address: '北京市西城区示范路2号' },
  ],
  claims: [{ text: '判令被告返还借款本金10000元', amount_fen: 1000000 }],
  facts: '被告借款一万元，到期未还。',
  materials: [
    { kind: 'complaint', title: '民事起诉状' },
    { kind: 'identity_proof', title: '原告身份证' },
    { kind: 'evidence_list', title: '借条' },
  ],
  consents_to_mediation: false,
});
await call('POST', `/api/v1/filings/${filing.id}/submit`, zhangToken, {});
const officerToken = await token('filing', true);
const docketed = await call('POST', `/api/v1/filings/${filing.id}/docket`, officerToken, { procedure: 'civil_summary' });
const caseId = docketed.case.id;
const chiefToken = await token('chief', true);
const judgeId = (await call('POST', `/api/v1/cases/${caseId}/assign`, chiefToken, {})).judge_id;
const adminToken = await token('admin', true);
const judgeLogin = (await call('GET', `/api/v1/accounts/${judgeId}`, adminToken)).username;
const judgeToken = await token(judgeLogin, true);
const tokenTakenAt = Date.now();
const courtroom = (await call('GET', `/api/v1/courts/${court}`)).courtrooms[0].id;
const sitting = await call('POST', `/api/v1/cases/${caseId}/hearings`, judgeToken, {
  kind: 'hearing',
  starts_at: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
  minutes: 120,
  courtroom_id: courtroom,
  urgent_reason: '双方同意提前开庭',
});
await call('POST', `/api/v1/hearings/${sitting.id}/status`, judgeToken, { status: 'waiting' });

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
try {
  async function loggedIn(login, staff) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#login', login);
    await page.fill('#password', password);
    if (staff) await page.fill('#totp', totpFor(login));
    await page.click('form.stack button[type=submit]');
    await page.waitForURL(staff ? `${base}/staff` : `${base}/account`);
    return page;
  }
  // A TOTP code is accepted once: the judge's page login waits for the next one.
  await new Promise((r) => setTimeout(r, Math.max(0, 31000 - (Date.now() - tokenTakenAt))));
  const judge = await loggedIn(judgeLogin, true);
  await judge.goto(`${base}/hearings/${sitting.id}/video`);
  await judge.waitForFunction(() => document.querySelector('.video-status').textContent.includes('等待'));

  const party = await loggedIn('13800000001', false);
  await party.goto(`${base}/cases/${caseId}/hearings`);
  await party.click('a:has-text("进入视频庭审")');
  await party.waitForFunction(() => document.querySelector('.video-status').textContent.includes('候审'));
  check(await party.evaluate(() => window.fayuanVideo.peers.size) === 0, 'no media before admission');

  // The judge sees who waits, with the identity check, and admits.
  await judge.waitForSelector('.video-waiting li');
  const waiting = await judge.textContent('.video-waiting li');
  check(waiting.includes('张三') && waiting.includes('已实名认证'), `waiting: ${waiting}`);
  await judge.click('.video-waiting button');
  for (const page of [judge, party]) {
    await page.waitForFunction(() => window.fayuanVideo.connected() >= 1, null, { timeout: 20000 });
    // Remote media flows: the remote picture has frames.
    await page.waitForFunction(() => [...document.querySelectorAll('.video-grid video')]
      .some((v) => !v.muted && v.readyState >= 2 && v.videoWidth > 0), null, { timeout: 20000 });
  }

  await judge.click('button[data-action=end]');
  await party.waitForFunction(() => document.querySelector('.video-status').textContent.includes('庭审已结束'));
  console.log('hearing room: 1 passed, 0 failed');
} finally {
  await browser.close();
  await api.dispose();
}
