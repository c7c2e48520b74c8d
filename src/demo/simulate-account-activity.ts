import type { TicketPriority } from '../db/schema.js';
import { addDays, addMonths, dayBetween, daysBetween, maxDate, minDate, uuidFrom } from './demo-dates.js';
import type {
  ChurnDriver,
  DemoContact,
  DemoDriver,
  DemoNote,
  DemoSignal,
  DemoSurvey,
  DemoTask,
  DemoTicket,
  DemoTimelineEvent,
  RootCause,
  Segment,
} from './demo.types.js';
import type { Random } from './random.js';

export type SimulateAccountActivityOptions = {
  random: Random;
  accountIndex: number;
  segment: Segment;
  touch: 'high' | 'low' | 'tech';
  /** The CRM contacts; a departed champion's status and leftOn are set here. */
  contacts: DemoContact[];
  drivers: DemoDriver[];
  /** Which of the two stories a severe ticket burst tells. */
  burstRootCause: RootCause;
  signedOn: string;
  /** The churn date, or today. */
  end: string;
  historyStart: string;
  today: string;
  isActive: boolean;
  /** The current contract's last day, for an active account. */
  renewalDate: string | null;
  /** The main product line and its seats, which notes quote. */
  product: string;
  seats: number;
  person: () => string;
};

export type AccountActivity = {
  timeline: DemoTimelineEvent[];
  tickets: DemoTicket[];
  surveys: DemoSurvey[];
  signals: DemoSignal[];
  notes: DemoNote[];
  tasks: DemoTask[];
  newContacts: DemoContact[];
};

const ONBOARDING_STEPS = ['Kickoff call held', 'Admins set up', 'Data source connected', 'Users invited', 'First dashboard shared', 'Onboarding complete'];
const ROUTINE_TICKETS = [
  'How do I add a custom field to a report?', 'Password reset not arriving', 'Question about CSV export format', 'Invite link expired',
  'Dashboard filter resets after refresh', 'Change the billing contact', 'SSO setup question', 'Chart colours in PDF export',
  'Scheduled report sent twice', 'API token permissions', 'Slow loading of the accounts page', 'Rename a workspace',
];
const BURST_TICKETS: Record<'product_flaw' | 'support_closed_without_root_cause', string[]> = {
  product_flaw: ['Data sync failing since the last release', 'Reports show wrong totals', 'Export broken after update', 'Dashboards time out', 'Integration drops records'],
  support_closed_without_root_cause: ['Login loop again', 'Sync failing again (third time)', 'Same export error as last week', 'Notifications stopped again'],
};
/**
 * What a CSM writes after a touch, by the account's phase: getting started (first 90 days),
 * steady, or at risk (a churn driver is acting, or the customer leaves within 120 days). Each
 * template is used at most once per account and filled with its own names and numbers.
 */
const NOTE_TEMPLATES: Record<'early' | 'steady' | 'risk', string[]> = {
  early: [
    'Kickoff with {contact}: {seats} seats of {product} to roll out, {team} team first.',
    'Check-in: {count} admins trained; end-user training for the {team} team scheduled next week.',
    'Onboarding review with {contact}: data source connected, {count} dashboards built so far.',
    '{contact} asked for a sandbox to try {feature} before inviting the {team} team.',
    'Training session for {count} users from {team}; most questions were about {feature}.',
    '{contact} wants the {team} team live by {month}. Weekly check-ins until then.',
  ],
  steady: [
    'Call with {contact}: happy with {feature}, wants SSO before rolling out to the {team} team.',
    '{contact} asked about pricing for the analytics add-on. Follow up with a proposal.',
    'QBR prep: usage up in {feature}, flat in automation. Bring the adoption plan.',
    '{contact} shared the {team} team goals for next quarter; mapped them to {feature}.',
    'Usage check: {count} of {seats} seats active last month. {contact} will nudge the rest.',
    'Walked {contact} through the release notes; most interested in {feature}.',
    '{contact} introduced a new admin on the {team} team; sent the admin guide.',
    '{contact} could be a reference for other {product} customers. Ask after the QBR.',
    'Quarterly review with {contact}: {feature} saves the {team} team about {count} hours a week.',
  ],
  risk: [
    'Support escalation resolved; {contact} still frustrated about the response time.',
    '{contact} says adoption is stuck at {count} of {seats} seats; asked for a usage review.',
    '{contact} mentioned budget reviews across all vendors this quarter. Keep close.',
    'Tense call with {contact} about open tickets; promised a fix date for {feature}.',
    '{contact} asked how to export all their data. Flagged as a churn risk.',
    'Renewal talk with {contact}: wants {percent}% off or fewer {product} seats.',
    'No reply from {contact} to the last two emails. Trying the economic buyer instead.',
    '{contact} compared us with a cheaper tool on the last call; sending a value summary.',
  ],
};
const NOTE_TEAMS = ['sales', 'finance', 'operations', 'support', 'marketing', 'customer success'];
const NOTE_FEATURES = ['dashboards', 'scheduled reports', 'alerts', 'the Salesforce integration', 'CSV exports', 'forecasting'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const TOUCHES = [
  { kind: 'meeting', title: 'Check-in call' },
  { kind: 'meeting', title: 'Adoption workshop' },
  { kind: 'meeting', title: 'Quarterly business review' },
  { kind: 'email', title: 'Email: follow-up on the adoption plan' },
  { kind: 'email', title: 'Email: release notes and training invite' },
] as const;
const DIGITAL_TOUCHES = ['Newsletter: what is new this month', 'Email: tips to get more from dashboards', 'Webinar invite: reporting best practices'];
const ROUTINE_TASKS = ['Prepare QBR deck', 'Send adoption plan', 'Executive sponsor check-in', 'Share release highlights', 'Plan training for new users'];
const NEWS = [
  { type: 'funding', title: 'Raises a Series C round' },
  { type: 'news', title: 'Opens a new office in Berlin' },
  { type: 'news', title: 'Announces record quarterly revenue' },
  { type: 'acquisition', title: 'Acquires a smaller competitor' },
  { type: 'layoff', title: 'Announces a 10% reduction in staff' },
  { type: 'news', title: 'Launches a new product line' },
] as const;
const TICKET_RATE_PER_YEAR: Record<Segment, number> = { enterprise: 8, 'mid-market': 4, smb: 1.5, 'self-serve': 0.5 };
const NPS_COMMENTS = { promoter: 'Great reporting, the team loves it.', passive: 'Does the job; setup was harder than expected.', detractor: 'Too many problems lately, considering alternatives.' };

const at = (day: string, time: string) => `${day}T${time}Z`;

/**
 * What can be observed about one account besides contracts and usage: contacts leaving and
 * arriving, onboarding steps, CS touches, tickets, surveys and outside news. Each driver
 * leaves its mark here (see the README) and everything else is noise.
 */
export function simulateAccountActivity(options: SimulateAccountActivityOptions): AccountActivity {
  const { random, contacts, end, today } = options;
  const onset = (driver: ChurnDriver) => options.drivers.find((d) => d.driver === driver)?.onset ?? null;
  const windowStart = maxDate(options.signedOn, options.historyStart);
  // Nothing happens on the churn day after the contract ends, nor today (the world's "now" is
  // today's start): activity runs through the day before the earlier of the two.
  const lastDay = addDays(minDate(end, today), -1);
  const activity: AccountActivity = { timeline: [], tickets: [], surveys: [], signals: [], notes: [], tasks: [], newContacts: [] };
  const activeContactOn = (day: string) => {
    const present = contacts.filter((c) => !c.leftOn || c.leftOn > day);
    return present.length ? random.pick(present) : null;
  };

  // Champion departure: the contact leaves; sometimes a new executive arrives and says so in the news.
  const championLeft = onset('champion_departed');
  const champion = contacts.find((c) => c.role === 'champion');
  if (championLeft && champion) {
    champion.status = 'left';
    champion.leftOn = championLeft;
    activity.timeline.push({ kind: 'contact_left', team: 'customer_success', title: `Champion ${champion.name} left the company`, body: 'Found out from a bounced email.', occurredAt: at(addDays(championLeft, random.int(3, 30)), '09:00:00') });
  }
  const newExecutiveOn = championLeft && random.chance(0.6) ? addDays(championLeft, random.int(20, 90)) : !championLeft && random.chance(0.04) ? dayBetween(random, windowStart, lastDay) : null;
  if (newExecutiveOn && newExecutiveOn <= lastDay) {
    const name = options.person();
    const domain = contacts[0]!.email.split('@')[1]!;
    activity.newContacts.push({ id: uuidFrom(random), name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.exec@${domain}`, title: 'Chief Operating Officer', role: 'decision_maker', expertise: 'novice', status: 'active', personalWins: ['Make a mark in the first 100 days'], leftOn: null });
    activity.signals.push({ type: 'leadership_change', title: `Appoints ${name} as Chief Operating Officer`, text: 'New executives often review the vendor stack.', occurredAt: at(newExecutiveOn, '08:00:00') });
    activity.timeline.push({ kind: 'contact_added', team: 'customer_success', title: `New executive: ${name} (COO)`, body: null, occurredAt: at(addDays(newExecutiveOn, 5), '10:00:00') });
  }

  // Onboarding: steps a week or two apart, or stalled at the data connection.
  const slow = onset('slow_onboarding') !== null;
  let onboardingDoneOn: string | null = null;
  if (options.signedOn >= addDays(options.historyStart, -60)) {
    let day = addDays(options.signedOn, slow ? random.int(20, 35) : random.int(3, 10));
    for (const [step, title] of ONBOARDING_STEPS.entries()) {
      if (slow && step === 2) {
        activity.timeline.push({ kind: 'onboarding', team: 'onboarding', title: 'Onboarding stalled: data source not connected', body: 'Customer IT has not opened the firewall; no reply to two reminders.', tone: 'negative', occurredAt: at(addDays(day, 14), '11:00:00') });
        if (random.chance(0.5)) break;
        day = addDays(day, random.int(60, 120));
      }
      if (day > lastDay) break;
      activity.timeline.push({ kind: 'onboarding', team: 'onboarding', title: `Onboarding: ${title}`, body: null, occurredAt: at(day, '14:00:00') });
      if (step === ONBOARDING_STEPS.length - 1) onboardingDoneOn = day;
      day = addDays(day, slow ? random.int(15, 30) : random.int(4, 12));
    }
  }
  if (onboardingDoneOn) {
    const respondent = activeContactOn(onboardingDoneOn);
    activity.surveys.push({ kind: 'csat', score: slow ? random.int(1, 3) : random.int(4, 5), comment: slow ? 'Took far too long to get going.' : null, respondedAt: at(addDays(onboardingDoneOn, 3), '16:00:00'), contactId: respondent?.id ?? null });
  }

  const usedTemplates = new Set<string>();
  const writeNote = (day: string): string | null => {
    const atRisk = options.drivers.some((d) => d.onset <= day && d.driver !== 'price_increase') || (!options.isActive && daysBetween(day, end) < 120);
    const phase = atRisk ? 'risk' : daysBetween(options.signedOn, day) < 90 ? 'early' : 'steady';
    const unused = NOTE_TEMPLATES[phase].filter((template) => !usedTemplates.has(template));
    if (unused.length === 0) return null;
    const template = random.pick(unused);
    usedTemplates.add(template);
    const contact = activeContactOn(day) ?? contacts[0]!;
    const values: Record<string, string> = {
      contact: contact.name.split(' ')[0]!,
      product: options.product,
      seats: String(options.seats),
      count: String(random.int(2, Math.max(2, Math.min(12, options.seats - 1)))),
      team: random.pick(NOTE_TEAMS),
      feature: random.pick(NOTE_FEATURES),
      month: MONTHS[Number(addMonths(day, 2).slice(5, 7)) - 1]!,
      percent: String(random.pick([10, 15, 20])),
    };
    return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
  };
  // CS touches: high-touch every month or so, low-touch every quarter, tech-touch by email
  // campaigns; forgotten accounts get nothing at all.
  const forgotten = onset('low_touch_uncontacted') !== null;
  if (!forgotten) {
    const gap = options.touch === 'high' ? [25, 45] : options.touch === 'low' ? [70, 110] : [45, 75];
    for (let day = addDays(windowStart, random.int(5, gap[1]!)); day <= lastDay; day = addDays(day, random.int(gap[0]!, gap[1]!))) {
      if (options.touch === 'tech') {
        activity.timeline.push({ kind: 'email', team: 'marketing', title: random.pick(DIGITAL_TOUCHES), body: null, occurredAt: at(day, '07:00:00') });
        continue;
      }
      const touch = random.pick(TOUCHES);
      activity.timeline.push({ ...touch, team: 'customer_success', body: null, occurredAt: at(day, '16:00:00') });
      if (daysBetween(day, today) < 150 && random.chance(0.5)) {
        const body = writeNote(day);
        if (body) activity.notes.push({ id: uuidFrom(random), body, createdAt: at(day, '17:30:00') });
      }
    }
  }
  // Tickets: routine questions throughout, plus a burst of severe ones for that driver.
  let ticketNumber = 0;
  const addTicket = (ticket: { subject: string; priority: TicketPriority; createdOn: string; responseMinutes: [number, number]; badCsat: number; tags: string[] }) => {
    const requester = activeContactOn(ticket.createdOn);
    const solveDays = ticket.priority === 'urgent' || ticket.priority === 'high' ? random.int(1, 10) : random.int(0, 5);
    const solvedOn = addDays(ticket.createdOn, solveDays);
    const solved = solvedOn <= lastDay;
    const rated = solved && random.chance(0.45);
    activity.tickets.push({
      externalId: `DEMO-${options.accountIndex}-${++ticketNumber}`,
      subject: ticket.subject,
      priority: ticket.priority,
      status: solved ? 'solved' : random.pick(['open', 'pending'] as const),
      createdAt: at(ticket.createdOn, `${String(random.int(8, 17)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00`),
      solvedAt: solved ? at(solvedOn, '18:00:00') : null,
      firstResponseMinutes: random.int(...ticket.responseMinutes),
      csat: rated ? (random.chance(ticket.badCsat) ? 'bad' : 'good') : null,
      requesterEmail: requester?.email ?? null,
      tags: ticket.tags,
    });
  };
  const years = Math.max(0, daysBetween(windowStart, lastDay)) / 365;
  const routine = Math.round(TICKET_RATE_PER_YEAR[options.segment] * years * (0.4 + random.next() * 1.2));
  for (let t = 0; t < routine; t++) {
    addTicket({
      subject: random.pick(ROUTINE_TICKETS),
      priority: random.weighted([['low', 3], ['normal', 6], ['high', 1.5], ['urgent', 0.3]] as const),
      createdOn: dayBetween(random, windowStart, lastDay),
      responseMinutes: [15, 480],
      badCsat: 0.12,
      tags: ['question'],
    });
  }
  const burst = onset('severe_ticket_burst');
  if (burst) {
    const story = options.burstRootCause === 'support_closed_without_root_cause' ? 'support_closed_without_root_cause' : 'product_flaw';
    for (let t = random.int(3, 6); t > 0; t--) {
      addTicket({
        subject: random.pick(BURST_TICKETS[story]),
        priority: random.chance(0.6) ? 'urgent' : 'high',
        createdOn: addDays(burst, random.int(0, 21)),
        responseMinutes: story === 'product_flaw' ? [240, 2880] : [10, 60],
        badCsat: 0.75,
        tags: story === 'product_flaw' ? ['bug', 'escalated'] : ['reopened'],
      });
    }
  }
  if (onset('wrong_product_sold')) {
    addTicket({ subject: 'How do I set up workflow automation? (not in our plan)', priority: 'normal', createdOn: addDays(options.signedOn, random.int(20, 90)), responseMinutes: [30, 300], badCsat: 0.6, tags: ['feature_request'] });
  }

  // NPS twice a year for most accounts; active drivers pull the score down.
  if (random.chance(0.65)) {
    for (let day = addDays(windowStart, random.int(30, 150)); day <= lastDay; day = addMonths(day, 6)) {
      const respondent = activeContactOn(day);
      if (!respondent) continue;
      const active = options.drivers.filter((d) => d.onset <= day && d.driver !== 'price_increase').length;
      const score = Math.max(0, Math.min(10, random.int(7, 10) - Math.round(active * 2.5) + random.int(-2, 1)));
      const band = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
      activity.surveys.push({ kind: 'nps', score, comment: random.chance(0.5) ? NPS_COMMENTS[band] : null, respondedAt: at(day, '12:00:00'), contactId: respondent.id });
    }
  }

  // Outside news: mostly noise; a price increase sometimes triggers a vendor review.
  const priceRise = onset('price_increase');
  if (priceRise && random.chance(0.4)) {
    activity.signals.push({ type: 'vendor_review', title: 'CFO announces a review of all software vendors', text: 'Cost cutting across the tool stack.', occurredAt: at(addDays(priceRise, -random.int(20, 40)), '08:00:00') });
  }
  for (let n = Math.round(years * 0.3 + random.next() * 0.6); n > 0; n--) {
    const news = random.pick(NEWS);
    activity.signals.push({ ...news, text: null, occurredAt: at(dayBetween(random, windowStart, lastDay), '08:00:00') });
  }
  // A CSM's open work follows what is going on; nobody plans work for forgotten accounts.
  if (options.isActive && options.touch !== 'tech' && !forgotten) {
    const recent = addDays(today, -120);
    const plans: Array<[title: string, priority: DemoTask['priority']]> = [];
    if (options.renewalDate && options.renewalDate <= addDays(today, 90)) plans.push(['Renewal call', 'high']);
    if (championLeft && championLeft >= recent) plans.push(['Meet the new stakeholder', 'urgent']);
    if (burst && burst >= recent) plans.push(['Review open tickets with support', 'high']);
    if (slow && !onboardingDoneOn) plans.push(['Unblock onboarding: data connection', 'high']);
    const offset = random.int(0, ROUTINE_TASKS.length - 1);
    for (let k = random.int(0, 2); k > 0; k--) plans.push([ROUTINE_TASKS[(offset + k) % ROUTINE_TASKS.length]!, random.pick(['low', 'medium', 'medium'] as const)]);
    for (const [title, priority] of plans) {
      const dueDate = addDays(today, random.int(-10, 30));
      // A finished task was finished in the past, whatever its due date said.
      const completedAt = random.chance(0.25) ? at(dayBetween(random, addDays(today, -14), addDays(today, -1)), '15:00:00') : null;
      activity.tasks.push({ id: uuidFrom(random), title, dueDate, priority, status: completedAt ? 'done' : 'open', completedAt });
    }
  }

  // What the simulation scheduled after the customer left (or after today) never happened.
  const happened = (iso: string) => iso.slice(0, 10) <= lastDay;
  return {
    ...activity,
    timeline: activity.timeline.filter((entry) => happened(entry.occurredAt)),
    tickets: activity.tickets.filter((ticket) => happened(ticket.createdAt)),
    surveys: activity.surveys.filter((survey) => happened(survey.respondedAt)),
    signals: activity.signals.filter((signal) => happened(signal.occurredAt)),
  };
}
