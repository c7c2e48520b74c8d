import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contactLeftMoment, contractMoment, interactionMoment, signalMoment, surveyMoment, ticketMoments, type TicketFacts } from './derive-moments.js';

const created = new Date('2026-03-01T09:00:00Z');
const after = (h: number) => new Date(created.getTime() + h * 3_600_000);
const ticket = (over: Partial<TicketFacts>): TicketFacts => ({
  id: 't1', accountId: 'a1', subject: 'Sync failing', priority: 'normal', status: 'solved', createdAt: created, solvedAt: after(10), csat: null, tags: [], requesterContactIds: ['c1'], ...over,
});
const verdicts = (t: TicketFacts) => ticketMoments(t).map((m) => `${m.kind}:${m.outcome}:${m.intensity}`);

describe('moments derived from tickets', () => {
  test('opening and resolution, by priority, CSAT, time to resolve and reopenings', () => {
    const cases: Array<[string, Partial<TicketFacts>, string[]]> = [
      ['a question solved fast', {}, ['ticket_opened:neutral:1', 'ticket_solved:positive:1']],
      ['a question that took 8 days', { solvedAt: after(8 * 24) }, ['ticket_opened:neutral:1', 'ticket_solved:negative:1']],
      ['a question solved in 3 days', { solvedAt: after(72) }, ['ticket_opened:neutral:1', 'ticket_solved:neutral:1']],
      ['urgent, solved in 4 days', { priority: 'urgent', solvedAt: after(96) }, ['ticket_opened:negative:2', 'ticket_solved:negative:1']],
      ['high, solved in a day', { priority: 'high', solvedAt: after(20) }, ['ticket_opened:negative:1', 'ticket_solved:positive:1']],
      ['urgent with a bad rating', { priority: 'urgent', csat: 'bad' }, ['ticket_opened:negative:2', 'ticket_solved:negative:3']],
      ['a good rating wins over slowness', { csat: 'good', solvedAt: after(300) }, ['ticket_opened:neutral:1', 'ticket_solved:positive:2']],
      ['reopened', { tags: ['Reopened'], csat: 'good' }, ['ticket_opened:negative:2', 'ticket_solved:negative:2']],
      ['still open', { status: 'open', solvedAt: null }, ['ticket_opened:neutral:1']],
    ];
    for (const [name, over, expected] of cases) assert.deepEqual(verdicts(ticket(over)), expected, name);
  });

  test('each moment says why, and keys are stable so an event delivered twice records once', () => {
    const [opened, solved] = ticketMoments(ticket({ priority: 'urgent', solvedAt: after(96) }));
    assert.equal(opened!.sourceKey, 'ticket:t1:opened');
    assert.equal(solved!.sourceKey, 'ticket:t1:solved');
    assert.equal(solved!.reason, 'Took 96 h to resolve (over 72 h for urgent/high tickets)');
    assert.deepEqual(solved!.contactIds, ['c1']);
    assert.deepEqual(solved!.occurredAt, after(96));
  });
});

describe('moments from surveys, interactions, signals, contracts and departures', () => {
  test('survey scores', () => {
    const of = (kind: string, score: number) => {
      const m = surveyMoment({ id: 's', accountId: 'a', contactId: null, kind, score, respondedAt: created });
      return `${m.outcome}:${m.intensity}`;
    };
    assert.deepEqual([0, 3, 4, 6, 7, 8, 9, 10].map((s) => of('nps', s)), ['negative:3', 'negative:3', 'negative:2', 'negative:1', 'neutral:1', 'neutral:1', 'positive:1', 'positive:2']);
    assert.deepEqual([1, 2, 3, 4, 5].map((s) => of('csat', s)), ['negative:2', 'negative:1', 'neutral:1', 'positive:1', 'positive:2']);
    assert.deepEqual([1, 3, 5, 6, 7].map((s) => of('ces', s)), ['negative:2', 'negative:1', 'neutral:1', 'positive:1', 'positive:2']);
    assert.equal(surveyMoment({ id: 's', accountId: 'a', contactId: 'c', kind: 'nps', score: 2, respondedAt: created }).reason, 'NPS 2: a strong detractor');
  });

  test('a logged meeting keeps the CSM’s sentiment; a good or bad meeting counts 2', () => {
    const m = interactionMoment({ id: 'i', accountId: 'a', kind: 'meeting', subject: 'QBR', sentiment: 'negative', occurredAt: created, contactIds: ['c'] });
    assert.deepEqual([m.outcome, m.intensity, m.channel, m.title], ['negative', 2, 'meeting', 'Meeting: QBR']);
    assert.equal(interactionMoment({ id: 'i', accountId: 'a', kind: 'email', subject: 'Hi', sentiment: 'positive', occurredAt: created, contactIds: [] }).intensity, 1);
  });

  test('only outages among signals, contracts by kind, key people leaving', () => {
    assert.equal(signalMoment({ id: 's', accountId: 'a', type: 'news', title: 'Raises a Series C', text: null, occurredAt: created }), null);
    assert.equal(signalMoment({ id: 's', accountId: 'a', type: 'other', title: 'Two-hour outage of the EU cluster', text: null, occurredAt: created })!.intensity, 3);
    assert.equal(contractMoment({ id: 7, type: 'contract.churned', accountId: 'a', occurredAt: created, arrBefore: 12000, arrAfter: 0 })!.title, 'Contract ended: ARR 12,000 → 0');
    assert.equal(contractMoment({ id: 7, type: 'contract.signed', accountId: 'a', occurredAt: created, arrBefore: 0, arrAfter: 1 })!.outcome, 'positive');
    const left = (role: string) => contactLeftMoment({ id: 'c', accountId: 'a', name: 'Jane', role, at: created, sourceKey: 'k' })?.intensity ?? null;
    assert.deepEqual(['champion', 'economic_buyer', 'end_user'].map(left), [3, 2, null]);
  });
});
