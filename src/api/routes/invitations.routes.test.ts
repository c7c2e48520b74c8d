import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createInvitationMailJob } from '../../auth/index.js';
import { createHash } from 'node:crypto';
import { createTestClock, type TestClock } from '../../core/clock.js';
import { createSmtpMailer, type Mailer } from '../../core/mailer.js';
import { createJobRunner, type JobRunner } from '../../jobs/index.js';
import { startMailCatcher, type CaughtMail } from '../../core/testing/mail-catcher.js';
import { startApiTest, type ApiTest, type Caller, type Team } from '../testing/api-test.js';

/**
 * Issue 9, finding 1: logins are global, so a workspace admin invites by email and never
 * sets a password, learns whether an email has a login, or makes anyone a member unasked.
 */

const PASSWORD = 'correct horse battery';

/** A browser: the session cookie and CSRF token a login or an accepted invitation gives. */
type Browser = {
  status: number;
  body: LightMyRequestResponse;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
};

function browserFrom(t: ApiTest, response: LightMyRequestResponse): Browser {
  const cookie = /boomerang_session=([^;]+)/.exec(String(response.headers['set-cookie'] ?? ''))?.[0] ?? '';
  const csrf = response.statusCode === 200 ? (response.json() as { csrfToken: string }).csrfToken : '';
  return {
    status: response.statusCode,
    body: response,
    get: (url) => t.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body = {}) =>
      t.app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf }, payload: body as object }),
  };
}

async function logIn(t: ApiTest, email: string, password = PASSWORD, workspaceId?: string): Promise<Browser> {
  return browserFrom(
    t,
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password, ...(workspaceId ? { workspaceId } : {}) },
    }),
  );
}

async function acceptWithPassword(t: ApiTest, token: string, password: string): Promise<Browser> {
  return browserFrom(
    t,
    await t.app.inject({ method: 'POST', url: '/api/invitations/accept', payload: { token, password } }),
  );
}

const tokenOf = (link: string) => link.split('#token=')[1]!;

function linkIn(mail: CaughtMail | undefined): string {
  const link = /http\S+#token=[\w-]+/.exec(mail?.text ?? '')?.[0];
  assert.ok(link, `a link in the mail: ${mail?.text}`);
  return link;
}

async function invite(admin: Caller, email: string, role = 'csm', name = 'Invitee') {
  const response = await admin.post('/api/invitations', { email, name, role });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { id: string; link: string | null; [key: string]: unknown };
}

/** The worker's side of a test app with SMTP: runs the `mail.invitation` jobs at the test clock's time. */
function mailWorker(t: ApiTest, mailer: Mailer, clock: TestClock, publicUrl = 'https://cs.acme.example') {
  return createJobRunner({ db: t.handle.db, handlers: [createInvitationMailJob({ mailer, publicUrl })], clock });
}

/** Who did what to one invitation, oldest first, as the audit log API shows it. */
async function auditOf(admin: Caller, id: string) {
  const entries = (await admin.get(`/api/audit-log?entityType=invitation&entityId=${id}`)).json().data as Array<
    Record<string, unknown>
  >;
  return entries
    .reverse()
    .map(({ action, after, actorKind, actorAutomation, actorUserId }) => ({
      action,
      after,
      actorKind,
      actorAutomation,
      actorUserId,
    }));
}

const invitationOf = async (admin: Caller, id: string) =>
  ((await admin.get('/api/invitations')).json().data as Array<{ id: string; mailState: string | null }>).find(
    (row) => row.id === id,
  );

describe('invitations with outbound mail (SMTP_URL set)', () => {
  let t: ApiTest;
  let team: Team;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let clock: TestClock;
  let worker: JobRunner;

  before(async () => {
    mail = await startMailCatcher();
    clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
    const mailer = createSmtpMailer(mail.url, 'Boomerang <no-reply@test.example>');
    t = await startApiTest({ mailer, publicUrl: 'https://cs.acme.example', now: () => clock.now() });
    worker = mailWorker(t, mailer, clock);
    team = await t.team();
  });
  after(async () => {
    await t.close();
    await mail.close();
  });

  /** Invites, then lets the worker send: the mail goes out by a job, not in the request. */
  async function inviteAndSend(admin: Caller, email: string, role = 'csm', name = 'Invitee') {
    const invited = await invite(admin, email, role, name);
    assert.equal((await worker.runDue()).done, 1);
    return invited;
  }

  test('an admin can no longer set a password: POST /api/users is gone, and B cannot pre-create A’s future invitee', async () => {
    const { admin, outsider } = team;
    // Workspace B (outsider) tries today's attack: create the login with a password B chose.
    const preCreated = await outsider.post('/api/users', {
      email: 'future@acme.example',
      name: 'Future',
      password: 'chosen by B!',
      role: 'viewer',
    });
    assert.equal(preCreated.statusCode, 404);
    // B's invitation goes to the mailbox, not to B: the answer carries no link.
    const fromB = await inviteAndSend(outsider, 'future@acme.example', 'viewer');
    assert.equal(fromB.link, null);
    assert.equal(fromB.delivery, 'email');

    // A invites the same person; the person (not A's admin) chooses the password from A's mail.
    const fromA = await inviteAndSend(admin, 'future@acme.example', 'csm', 'Fran Future');
    assert.equal(fromA.link, null);
    const mailFromA = mail.messages.findLast((message) => message.subject.includes('Acme CS'));
    assert.deepEqual(mailFromA?.to, ['future@acme.example']);
    assert.match(linkIn(mailFromA), /^https:\/\/cs\.acme\.example\/invitations\/accept#token=/);
    const fran = await acceptWithPassword(t, tokenOf(linkIn(mailFromA)), 'fran’s own secret');
    assert.equal(fran.status, 200, fran.body.body);
    assert.equal(fran.body.json().workspace.name, 'Acme CS');
    assert.equal(fran.body.json().role, 'csm');

    // B's chosen password opens nothing; Fran's does, into A.
    assert.equal((await logIn(t, 'future@acme.example', 'chosen by B!')).status, 401);
    const again = await logIn(t, 'future@acme.example', 'fran’s own secret', team.workspace.id);
    assert.equal(again.status, 200);
    // B's invitation waits for Fran's answer; she was not made a member of B.
    const pending = (await again.get('/api/me/invitations')).json();
    assert.equal(pending.emailConfirmed, true, 'a mailed link proves the mailbox');
    assert.deepEqual(
      pending.data.map((row: { workspaceName: string }) => row.workspaceName),
      ['Globex CS'],
    );
    assert.ok(
      !(await outsider.get('/api/users')).json().data.some((m: { email: string }) => m.email === 'future@acme.example'),
    );
    assert.equal((await again.post(`/api/me/invitations/${fromB.id}/decline`)).statusCode, 204);
    assert.deepEqual((await again.get('/api/me/invitations')).json().data, []);
  });

  test('a link works once', async () => {
    await inviteAndSend(team.admin, 'once@acme.example');
    const token = tokenOf(linkIn(mail.messages.at(-1)));
    const preview = await t.app.inject({ method: 'POST', url: '/api/invitations/preview', payload: { token } });
    assert.equal(preview.json().workspaceName, 'Acme CS');
    assert.equal((await acceptWithPassword(t, token, 'first person here')).status, 200);
    const second = await acceptWithPassword(t, token, 'second person here');
    assert.equal(second.status, 400);
    assert.equal(second.body.json().issues[0].path, 'token');
    assert.equal((await logIn(t, 'once@acme.example', 'second person here')).status, 401);
  });

  test('the mail is a job committed with the invitation: queued, then sent once even when the job runs twice', async () => {
    const before = mail.messages.length;
    const invited = await invite(team.admin, 'queued@acme.example');
    // The request sent nothing: the invitation waits for the worker.
    assert.equal(mail.messages.length, before);
    assert.equal((await invitationOf(team.admin, invited.id))?.mailState, 'queued');
    const queued = (await team.admin.get('/api/jobs?state=queued')).json().data as Array<{
      id: string;
      type: string;
      uniqueKey: string;
    }>;
    const job = queued.find((row) => row.type === 'mail.invitation' && row.uniqueKey === invited.id);
    assert.ok(job, 'one mail.invitation job keyed by the invitation');

    assert.equal((await worker.runDue()).done, 1);
    assert.equal(mail.messages.length, before + 1);
    assert.equal((await invitationOf(team.admin, invited.id))?.mailState, 'sent');

    // The worker died after the send, before its done mark: the lease runs out and the job runs again.
    await t.handle.db
      .updateTable('jobs')
      .set({ state: 'running', finished_at: null, locked_until: clock.now() })
      .where('id', '=', job.id)
      .execute();
    clock.advance(60_000);
    assert.deepEqual(await worker.runDue(), { claimed: 1, done: 1, retried: 0, failed: 0 });
    assert.equal(mail.messages.length, before + 1, 'no second mail');
    // Issue 10, item 4: the send is recorded once, as the job that did it, not as an admin with no user.
    assert.deepEqual(await auditOf(team.admin, invited.id), [
      {
        action: 'create',
        after: { email: 'queued@acme.example', role: 'csm', delivery: 'email' },
        actorKind: 'user',
        actorAutomation: null,
        actorUserId: team.admin.userId,
      },
      {
        action: 'update',
        after: { mailState: 'sent' },
        actorKind: 'automation',
        actorAutomation: 'mail.invitation',
        actorUserId: null,
      },
    ]);
    // And the link of the one mail still works.
    const accepted = await acceptWithPassword(t, tokenOf(linkIn(mail.messages.at(-1))), 'queued’s password');
    assert.equal(accepted.status, 200, accepted.body.body);
  });

  test('nothing secret is kept in the jobs table; a link revoked before its job runs is never mailed', async () => {
    const before = mail.messages.length;
    const sent = await inviteAndSend(team.admin, 'secret@acme.example');
    const token = tokenOf(linkIn(mail.messages.at(-1)));
    const jobs = await t.handle.db.selectFrom('jobs').selectAll().execute();
    const stored = JSON.stringify(jobs);
    assert.ok(stored.includes(sent.id), 'the job names the invitation');
    assert.ok(!stored.includes(token), 'not the link’s secret');
    assert.ok(!stored.includes(createHash('sha256').update(token).digest('hex')), 'not even its hash');
    const payloads = jobs.filter((job) => job.type === 'mail.invitation').map((job) => Object.keys(job.payload));
    assert.deepEqual([...new Set(payloads.flat())], ['invitationId']);

    const revoked = await invite(team.admin, 'changed.mind@acme.example');
    assert.equal((await team.admin.delete(`/api/invitations/${revoked.id}`)).statusCode, 204);
    assert.equal((await worker.runDue()).done, 1);
    assert.equal(mail.messages.length, before + 1, 'only the first invitation was mailed');
  });

  test('when the mail server is down the job retries with backoff, then fails where the admin sees it', async () => {
    const brokenClock = createTestClock(new Date('2026-03-02T09:00:00Z'));
    const brokenMailer = createSmtpMailer('smtp://127.0.0.1:1', 'x@test.example');
    const broken = await startApiTest({ mailer: brokenMailer, now: () => brokenClock.now() });
    try {
      const brokenWorker = mailWorker(broken, brokenMailer, brokenClock);
      const workspace = await broken.workspace('Lonely');
      const admin = await broken.caller(workspace, 'admin');
      const invited = await invite(admin, 'nobody@acme.example', 'csm', 'Nobody');

      const first = await brokenWorker.runDue();
      assert.deepEqual(first, { claimed: 1, done: 0, retried: 1, failed: 0 });
      assert.equal((await invitationOf(admin, invited.id))?.mailState, 'queued', 'still trying');
      // Not again before its backoff (one minute after the first failure).
      brokenClock.advance(30_000);
      assert.equal((await brokenWorker.runDue()).claimed, 0);

      let attempts = 1;
      while (attempts < 8) {
        brokenClock.advance(3_600_000);
        const step = await brokenWorker.runDue();
        attempts += step.claimed;
        if (step.failed) break;
      }
      assert.equal(attempts, 8, 'eight attempts in all');
      const failed = (await admin.get('/api/jobs?state=failed')).json().data as Array<{
        type: string;
        uniqueKey: string;
        lastError: string;
        attempts: number;
      }>;
      assert.equal(failed.length, 1);
      assert.equal(failed[0]!.type, 'mail.invitation');
      assert.equal(failed[0]!.uniqueKey, invited.id);
      assert.match(failed[0]!.lastError, /ECONNREFUSED/);
      const listed = await invitationOf(admin, invited.id);
      assert.equal(listed?.mailState, 'failed');
      assert.deepEqual((await auditOf(admin, invited.id)).at(-1), {
        action: 'update',
        after: { mailState: 'failed' },
        actorKind: 'automation',
        actorAutomation: 'mail.invitation',
        actorUserId: null,
      });
    } finally {
      await broken.close();
    }
  });
});

describe('invitations without outbound mail (the admin passes the link on)', () => {
  let t: ApiTest;
  let team: Team;
  let clock: Date;

  before(async () => {
    clock = new Date('2026-03-02T09:00:00Z');
    t = await startApiTest({ now: () => clock, publicUrl: 'http://localhost:3000' });
    team = await t.team();
  });
  after(() => t.close());

  test('a login B set up from its own link cannot reach A’s invitation of that email', async () => {
    const { admin, outsider } = team;
    // Without SMTP, B holds the link of its own invitation and can choose the password itself.
    const fromB = await invite(outsider, 'pat@acme.example', 'viewer');
    assert.ok(fromB.link);
    assert.equal((await acceptWithPassword(t, tokenOf(fromB.link), 'chosen by B!')).status, 200);
    const fromA = await invite(admin, 'pat@acme.example', 'leader');

    // Logged in with B's password: A's invitation is neither listed nor acceptable without A's link.
    const asB = await logIn(t, 'pat@acme.example', 'chosen by B!');
    const mine = (await asB.get('/api/me/invitations')).json();
    assert.deepEqual(mine, { emailConfirmed: false, data: [] });
    assert.equal((await asB.post(`/api/me/invitations/${fromA.id}/accept`)).statusCode, 404);
    assert.equal((await logIn(t, 'pat@acme.example', 'chosen by B!', team.workspace.id)).status, 403);
    assert.ok(
      !(await admin.get('/api/users')).json().data.some((m: { email: string }) => m.email === 'pat@acme.example'),
    );
    // And A's link cannot reset that login's password either.
    const reset = await acceptWithPassword(t, tokenOf(fromA.link!), 'a new password');
    assert.equal(reset.status, 409);
    assert.equal((await logIn(t, 'pat@acme.example', 'a new password')).status, 401);
  });

  test('B inviting an existing A user learns nothing, and they join only by accepting', async () => {
    const { csm, outsider } = team;
    const csmEmail = (await team.admin.get('/api/users')).json().data.find((m: { id: string }) => m.id === csm.userId)
      .email as string;
    const existing = await invite(outsider, csmEmail, 'admin', 'Whoever');
    const unknown = await invite(outsider, 'never.seen@acme.example', 'admin', 'Whoever');
    // Same shape and values either way, except the id, email, and the one-time link.
    const comparable = (body: Record<string, unknown>) => ({ ...body, id: '…', email: '…', link: typeof body.link });
    assert.deepEqual(comparable(existing), comparable(unknown));
    assert.equal(existing.name, 'Whoever', 'the name B typed, not the user’s');
    assert.ok(!JSON.stringify(existing).includes(csm.userId));
    assert.ok(!(await outsider.get('/api/users')).json().data.some((m: { id: string }) => m.id === csm.userId));

    // The A user, logged in, sees B's invitation; B's link with a new password cannot take their login.
    assert.equal((await acceptWithPassword(t, tokenOf(existing.link!), 'B takes over')).status, 409);
    const asCsm = await logIn(t, csmEmail);
    const mine = (await asCsm.get('/api/me/invitations')).json();
    assert.deepEqual(
      mine.data.map((row: { id: string; workspaceName: string }) => [row.id, row.workspaceName]),
      [[existing.id, 'Globex CS']],
    );
    const accepted = await asCsm.post(`/api/me/invitations/${existing.id}/accept`);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().workspace.name, 'Globex CS');
    assert.ok((await outsider.get('/api/users')).json().data.some((m: { id: string }) => m.id === csm.userId));
    // Their own password still works, and still opens A.
    assert.equal((await logIn(t, csmEmail, PASSWORD, team.workspace.id)).body.json().role, 'csm');
  });

  test('an existing login accepts a link while logged in as its address, and only that address', async () => {
    const { admin, leader } = team;
    const invited = await invite(admin, 'Viewer.Two@Acme.example', 'viewer');
    await t.caller(await t.workspace('Elsewhere'), 'csm', { email: 'viewer.two@acme.example' });
    const asLeader = await logIn(t, await emailOf(leader));
    assert.equal(
      (await asLeader.post('/api/me/invitations/accept', { token: tokenOf(invited.link!) })).statusCode,
      400,
      'a link for another address',
    );
    const right = await logIn(t, 'viewer.two@acme.example');
    const accepted = await right.post('/api/me/invitations/accept', { token: tokenOf(invited.link!) });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().role, 'viewer');
    assert.equal(accepted.json().workspace.id, team.workspace.id);
  });

  async function emailOf(caller: Caller): Promise<string> {
    return (await team.admin.get('/api/users')).json().data.find((m: { id: string }) => m.id === caller.userId)
      .email as string;
  }

  test('a link expires after seven days, and a revoked one stops at once', async () => {
    const { admin } = team;
    const late = await invite(admin, 'late@acme.example');
    const revoked = await invite(admin, 'revoked@acme.example');
    assert.equal((await admin.delete(`/api/invitations/${revoked.id}`)).statusCode, 204);
    assert.equal((await acceptWithPassword(t, tokenOf(revoked.link!), 'long enough')).status, 400);
    clock = new Date(clock.getTime() + 7 * 24 * 60 * 60 * 1000 + 1000);
    assert.equal((await acceptWithPassword(t, tokenOf(late.link!), 'long enough')).status, 400);
    const listed = (await admin.get('/api/invitations')).json().data;
    assert.equal(listed.find((row: { id: string }) => row.id === late.id).status, 'expired');
    assert.ok(!listed.some((row: { id: string }) => row.id === revoked.id));
  });

  test('inviting a member of this workspace is a 409 problem; bad input is a 400 naming the field', async () => {
    const { admin } = team;
    const duplicate = await admin.post('/api/invitations', {
      email: (await emailOf(team.viewer)).toUpperCase(),
      name: 'Again',
      role: 'csm',
    });
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(duplicate.json().detail, /already a member of this workspace/);
    const badEmail = await admin.post('/api/invitations', { email: 'not-an-email', name: 'X', role: 'csm' });
    assert.equal(badEmail.statusCode, 400);
    assert.equal(badEmail.json().issues[0].path, 'email');
    const withPassword = await admin.post('/api/invitations', {
      email: 'x@acme.example',
      name: 'X',
      role: 'csm',
      password: 'set by admin',
    });
    assert.equal(withPassword.statusCode, 400);
  });

  test('another workspace’s admin cannot list, revoke or accept this workspace’s invitations', async () => {
    const { admin, outsider } = team;
    const invited = await invite(admin, 'guarded@acme.example');
    assert.ok(
      !(await outsider.get('/api/invitations')).json().data.some((row: { id: string }) => row.id === invited.id),
    );
    assert.equal((await outsider.delete(`/api/invitations/${invited.id}`)).statusCode, 404);
    const asOutsider = await logIn(t, await emailOfOutsider());
    assert.equal((await asOutsider.post(`/api/me/invitations/${invited.id}/accept`)).statusCode, 404);
    assert.equal((await asOutsider.post(`/api/me/invitations/${invited.id}/decline`)).statusCode, 404);
    assert.equal(
      (await asOutsider.post('/api/me/invitations/accept', { token: tokenOf(invited.link!) })).statusCode,
      400,
    );
    assert.equal(
      (await admin.get('/api/invitations')).json().data.find((row: { id: string }) => row.id === invited.id).status,
      'pending',
    );
  });

  async function emailOfOutsider(): Promise<string> {
    return (await team.outsider.get('/api/users'))
      .json()
      .data.find((m: { id: string }) => m.id === team.outsider.userId).email as string;
  }

  test('every role but admin is refused, and API tokens cannot answer invitations for a person', async () => {
    const invited = await invite(team.admin, 'roles@acme.example');
    for (const caller of [team.leader, team.csm, team.viewer]) {
      assert.equal((await caller.get('/api/invitations')).statusCode, 403);
      assert.equal(
        (await caller.post('/api/invitations', { email: 'y@acme.example', name: 'Y', role: 'viewer' })).statusCode,
        403,
      );
      assert.equal((await caller.delete(`/api/invitations/${invited.id}`)).statusCode, 403);
      assert.equal((await caller.get('/api/me/invitations')).statusCode, 403);
    }
    assert.equal(
      (await team.admin.get('/api/invitations')).json().data.find((row: { id: string }) => row.id === invited.id)
        .status,
      'pending',
    );
  });
});

describe('memberships: role changes and removal', () => {
  let t: ApiTest;
  let team: Team;

  before(async () => {
    t = await startApiTest();
    team = await t.team();
  });
  after(() => t.close());

  test('an admin changes a role and removes a member; the login stays for its other workspaces', async () => {
    const { admin, viewer, outsider } = team;
    const promoted = await admin.patch(`/api/users/${viewer.userId}`, { role: 'leader' });
    assert.equal(promoted.statusCode, 200, promoted.body);
    assert.equal(promoted.json().role, 'leader');
    assert.equal(
      (await admin.patch(`/api/users/${outsider.userId}`, { role: 'viewer' })).statusCode,
      404,
      'another workspace’s user',
    );
    assert.equal((await admin.delete(`/api/users/${viewer.userId}`)).statusCode, 204);
    assert.ok(!(await admin.get('/api/users')).json().data.some((m: { id: string }) => m.id === viewer.userId));
    // A token issued to the removed person stops with their membership.
    assert.equal((await viewer.get('/api/accounts')).statusCode, 401);
  });

  test('the last admin can be neither demoted nor removed', async () => {
    const { admin } = team;
    const demoted = await admin.patch(`/api/users/${admin.userId}`, { role: 'csm' });
    assert.equal(demoted.statusCode, 409);
    assert.match(demoted.json().detail, /at least one admin/);
    assert.equal((await admin.delete(`/api/users/${admin.userId}`)).statusCode, 409);
    assert.equal((await admin.patch(`/api/users/${admin.userId}`, { role: 'admin' })).statusCode, 200);
  });
});
