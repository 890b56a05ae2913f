// The online hearing room in Debian's Chromium with fake camera and microphone: the judge opens
// the waiting room, the party waits until admitted, then both browsers are connected by WebRTC
// with remote media flowing; the judge ends the sitting.
// Usage: node hearing.mjs BASE_URL TOTP_COMMAND... (as journeys.mjs). The server runs with --demo.
import { check, connect, launch, loggedIn, nextTotpStep } from './common.mjs';

const [base, ...totpCommand] = process.argv.slice(2);
const { api, call, token, totpFor } = await connect(base, totpCommand);

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

const browser = await launch();
try {
  // A TOTP code is accepted once: the judge's page login waits for the next one.
  await nextTotpStep(tokenTakenAt);
  const judge = await loggedIn(browser, base, judgeLogin, totpFor);
  await judge.goto(`${base}/hearings/${sitting.id}/video`);
  await judge.waitForFunction(() => document.querySelector('.video-status').textContent.includes('等待'));

  const party = await loggedIn(browser, base, '13800000001', null);
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
    await page.waitForFunction(() => window.fayuanVideo.connected() >= 1, null, { timeout: 45000 });
    // Remote media flows: the remote picture has frames.
    await page.waitForFunction(() => [...document.querySelectorAll('.video-grid video')]
      .some((v) => !v.muted && v.readyState >= 2 && v.videoWidth > 0), null, { timeout: 45000 });
  }

  await judge.click('button[data-action=end]');
  await party.waitForFunction(() => document.querySelector('.video-status').textContent.includes('庭审已结束'));
  console.log('hearing room: 1 passed, 0 failed');
} finally {
  await browser.close();
  await api.dispose();
}
