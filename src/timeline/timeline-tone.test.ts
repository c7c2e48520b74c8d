import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timelineTone, type ToneFact, type TimelineTone } from './timeline-tone.js';

test('losses, contractions and bad moments read as negative; wins as positive; the rest neutral', () => {
  const cases: Array<[ToneFact, TimelineTone]> = [
    [{ of: 'contract', movement: 'churn', ended: true }, 'negative'],
    [{ of: 'contract', movement: null, ended: true }, 'negative'],
    [{ of: 'contract', movement: 'contraction', ended: false }, 'negative'],
    [{ of: 'contract', movement: 'expansion', ended: false }, 'positive'],
    [{ of: 'contract', movement: 'new', ended: false }, 'positive'],
    [{ of: 'contract', movement: 'reactivation', ended: false }, 'positive'],
    [{ of: 'contract', movement: null, ended: false }, 'neutral'],
    [{ of: 'kind', kind: 'contract_cancelled' }, 'negative'],
    [{ of: 'kind', kind: 'champion_left' }, 'negative'],
    [{ of: 'kind', kind: 'contact_left' }, 'negative'],
    [{ of: 'kind', kind: 'contract_signed' }, 'positive'],
    [{ of: 'kind', kind: 'note' }, 'neutral'],
    [{ of: 'kind', kind: 'task_completed' }, 'neutral'],
    [{ of: 'survey', survey: 'nps', score: 6 }, 'negative'],
    [{ of: 'survey', survey: 'nps', score: 7 }, 'neutral'],
    [{ of: 'survey', survey: 'nps', score: 8 }, 'neutral'],
    [{ of: 'survey', survey: 'nps', score: 9 }, 'positive'],
    [{ of: 'survey', survey: 'csat', score: 2 }, 'negative'],
    [{ of: 'survey', survey: 'csat', score: 3 }, 'neutral'],
    [{ of: 'survey', survey: 'csat', score: 4 }, 'positive'],
    [{ of: 'survey', survey: 'ces', score: 3 }, 'negative'],
    [{ of: 'survey', survey: 'ces', score: 5 }, 'neutral'],
    [{ of: 'survey', survey: 'ces', score: 6 }, 'positive'],
    [{ of: 'ticket', story: 'opened', priority: 'urgent' }, 'negative'],
    [{ of: 'ticket', story: 'opened', priority: 'high' }, 'neutral'],
    [{ of: 'ticket', story: 'solved', priority: 'urgent' }, 'neutral'],
    [{ of: 'ticket_csat', csat: 'bad' }, 'negative'],
    [{ of: 'ticket_csat', csat: 'good' }, 'positive'],
    [{ of: 'signal', type: 'layoff' }, 'negative'],
    [{ of: 'signal', type: 'leadership_change' }, 'negative'],
    [{ of: 'signal', type: 'funding' }, 'positive'],
    [{ of: 'signal', type: 'news' }, 'neutral'],
    [{ of: 'interaction', sentiment: 'negative' }, 'negative'],
  ];
  for (const [fact, tone] of cases) assert.equal(timelineTone(fact), tone, JSON.stringify(fact));
});
