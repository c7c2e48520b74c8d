import type { ContactRole } from '../db/schema.js';
import { timelineTone } from '../timeline/index.js';
import { addDays, addMonths, uuidFrom, uuidOfName } from './demo-dates.js';
import type {
  ChurnDriver,
  DemoAccount,
  DemoContact,
  DemoDriver,
  DemoLineItem,
  DemoMovement,
  DemoOutcome,
  DemoSubscription,
  DemoTimelineEvent,
  DemoUser,
  DemoWorld,
  DemoWorldOptions,
  RootCause,
  Segment,
} from './demo.types.js';
import { createRandom, type Random } from './random.js';
import { simulateAccountActivity } from './simulate-account-activity.js';

export const SEGMENT_PROFILE: Record<Segment, { share: number; seats: [number, number]; price: number; employees: [number, number]; touch: 'high' | 'low' | 'tech'; baseChurn: number }> = {
  enterprise: { share: 8, seats: [60, 180], price: 1800, employees: [2000, 40000], touch: 'high', baseChurn: 0.03 },
  'mid-market': { share: 22, seats: [20, 60], price: 900, employees: [200, 2000], touch: 'high', baseChurn: 0.05 },
  smb: { share: 40, seats: [5, 20], price: 480, employees: [20, 200], touch: 'low', baseChurn: 0.07 },
  'self-serve': { share: 30, seats: [1, 6], price: 360, employees: [1, 50], touch: 'tech', baseChurn: 0.1 },
};
const SEGMENTS = Object.entries(SEGMENT_PROFILE).map(([segment, profile]) => [segment as Segment, profile.share] as const);

/** Prevalence, and how much each driver alone raises the chance of churning at a renewal. */
const DRIVERS: Record<ChurnDriver, { prevalence: number; churnWeight: number; rootCause: RootCause }> = {
  wrong_product_sold: { prevalence: 0.05, churnWeight: 0.45, rootCause: 'wrong_product_sold' },
  slow_onboarding: { prevalence: 0.08, churnWeight: 0.25, rootCause: 'onboarding' },
  low_touch_uncontacted: { prevalence: 0.16, churnWeight: 0.25, rootCause: 'cs_missed_signs' },
  low_seat_utilisation: { prevalence: 0.14, churnWeight: 0.3, rootCause: 'provisioning_problems' },
  severe_ticket_burst: { prevalence: 0.08, churnWeight: 0.3, rootCause: 'product_flaw' },
  champion_departed: { prevalence: 0.1, churnWeight: 0.4, rootCause: 'poor_crm_documentation' },
  price_increase: { prevalence: 0.07, churnWeight: 0.25, rootCause: 'other' },
};
const DRIVER_ORDER = Object.keys(DRIVERS) as ChurnDriver[];

const NAME_STEMS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Hooli', 'Vandelay', 'Soylent', 'Cyberdyne',
  'Tyrell', 'Massive', 'Aperture', 'Gringotts', 'Oceanic', 'Monarch', 'Nakatomi', 'Pied Piper', 'Dunder', 'Blue Sun',
  'Prestige', 'Sterling', 'Bluth', 'Gekko', 'Virtucon', 'Zorg', 'Ollivander', 'Krusty', 'Duff', 'Spacely', 'Cogswell',
  'Rekall', 'Weyland', 'Tessier', 'Ajax', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Proseware',
  'Adatum', 'Woodgrove', 'Lucerne', 'Margie', 'Fourth Coffee', 'Wingtip', 'Alpine', 'Coho', 'Humongous', 'Trey',
];
const NAME_SUFFIXES = ['Labs', 'Systems', 'Group', 'Analytics', 'Logistics', 'Health', 'Foods', 'Bank', 'Energy', 'Media', 'Retail', 'Robotics', 'Insurance', 'Software', 'Travel'];
const INDUSTRIES = ['Software', 'Financial services', 'Healthcare', 'Retail', 'Manufacturing', 'Logistics', 'Media', 'Education', 'Energy', 'Travel'];
export const FIRST_NAMES = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kemi', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe'];
export const LAST_NAMES = ['Adams', 'Brooks', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kim', 'Lopez', 'Mensah', 'Novak', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const PERSONAL_WINS = ['Promotion to VP', 'Cut reporting time in half', 'Hit the quarterly target', 'Look good to the board', 'Fewer late nights at month end', 'Lead the digital transformation', 'Grow the team'];
const TITLES: Record<ContactRole, string> = {
  champion: 'Head of RevOps',
  economic_buyer: 'VP Operations',
  decision_maker: 'Director of Sales',
  admin: 'Systems Administrator',
  end_user: 'Analyst',
};
const STAGES_ACTIVE = ['Adoption', 'Performance', 'Transformation', 'Advocacy'];

const roundCents = (value: number) => Math.round(value * 100) / 100;
export const arrOf = (items: DemoLineItem[]) => roundCents(items.reduce((sum, item) => sum + item.seats * item.unitPrice, 0));
export const money = (value: number) => `$${Math.round(value).toLocaleString('en-US')}`;

/** When each driver starts to act, relative to the first contract. */
function driverOnset(driver: ChurnDriver, signedOn: string, random: Random): string {
  switch (driver) {
    case 'wrong_product_sold':
    case 'low_touch_uncontacted':
      return signedOn;
    case 'slow_onboarding':
      return addDays(signedOn, 14);
    case 'low_seat_utilisation':
      return addDays(signedOn, random.int(45, 150));
    case 'price_increase':
      return addMonths(signedOn, 12);
    // Champions mostly leave within the first year, before the first renewal decides.
    case 'champion_departed':
      return addDays(signedOn, random.int(60, 330));
    case 'severe_ticket_burst':
      return addDays(signedOn, random.int(30, 540));
  }
}

/**
 * The chance to churn at a renewal: each active driver independently "pushes" the
 * customer out; a ticket burst more than a year old has half its effect.
 */
// Salesforce's Account Source values, as a demo CRM would hold them.
const CHANNELS_BY_SEGMENT: Record<Segment, readonly string[]> = {
  enterprise: ['Partner Referral', 'Outbound', 'Outbound', 'Event', 'Web'],
  'mid-market': ['Web', 'Partner Referral', 'Outbound', 'Event', 'Web'],
  smb: ['Web', 'Web', 'Paid Search', 'Partner Referral', 'Event'],
  'self-serve': ['Web', 'Web', 'Paid Search', 'Paid Search', 'Partner Referral'],
};

/**
 * The demo account's acquisition channel, from its index (a multiplicative hash) rather than
 * the seeded random stream, so adding it left every other figure of the demo world unchanged.
 */
function demoChannel(index: number, segment: Segment): string {
  const options = CHANNELS_BY_SEGMENT[segment];
  return options[(Math.imul(index + 1, 2654435761) >>> 0) % options.length]!;
}

export function churnProbability(options: { segment: Segment; drivers: DemoDriver[]; renewal: string }): number {
  let stay = 1 - SEGMENT_PROFILE[options.segment].baseChurn;
  for (const { driver, onset } of options.drivers) {
    if (onset > options.renewal) continue;
    const stale = driver === 'severe_ticket_burst' && onset < addDays(options.renewal, -365);
    stay *= 1 - DRIVERS[driver].churnWeight * (stale ? 0.5 : 1);
  }
  return Math.min(0.92, 1 - stay);
}

function rootCauseOf(drivers: DemoDriver[], burstRootCause: RootCause): RootCause {
  const first = [...drivers].sort((a, b) => (a.onset === b.onset ? DRIVER_ORDER.indexOf(a.driver) - DRIVER_ORDER.indexOf(b.driver) : a.onset < b.onset ? -1 : 1))[0];
  if (!first) return 'other';
  return first.driver === 'severe_ticket_burst' ? burstRootCause : DRIVERS[first.driver].rootCause;
}

/** A contract term before its id is drawn; it ends the day before its first anniversary. */
type Term = Pick<DemoSubscription, 'status' | 'startDate' | 'items'>;
type TermMovement = Omit<DemoMovement, 'contractId'> & { term: number };

/**
 * The terms as contracts and the movements booked on them. The term in force now takes the
 * id drawn from the seeded stream (where the single contract's id was drawn before terms
 * were kept), earlier terms ids derived from it, so keeping the history moved no other draw.
 */
function contractHistory(terms: Term[], movements: TermMovement[], currentId: string, autoRenew: boolean) {
  const contracts: DemoSubscription[] = terms.map((term, k) => ({
    id: k === terms.length - 1 ? currentId : uuidOfName(`${currentId}:term:${k}`),
    ...term,
    endDate: addDays(addMonths(term.startDate, 12), -1),
    autoRenew,
  }));
  return { contracts, movements: movements.map(({ term, ...movement }): DemoMovement => ({ ...movement, contractId: contracts[term]!.id })) };
}

function renewedEntry(renewal: string, before: number, after: number): DemoTimelineEvent {
  return {
    kind: 'contract_changed',
    team: 'customer_success',
    title: after === before ? `Renewed at ARR ${money(after)}` : `${after > before ? 'Expansion' : 'Contraction'} at renewal: ARR ${money(before)} → ${money(after)}`,
    body: null,
    occurredAt: `${renewal}T12:00:00Z`,
    tone: timelineTone({ of: 'contract', movement: after === before ? null : after > before ? 'expansion' : 'contraction', ended: false }),
  };
}

function accountName(index: number): string {
  const stem = NAME_STEMS[index % NAME_STEMS.length]!;
  const suffix = NAME_SUFFIXES[Math.floor(index / NAME_STEMS.length) % NAME_SUFFIXES.length]!;
  const round = Math.floor(index / (NAME_STEMS.length * NAME_SUFFIXES.length));
  return `${stem} ${suffix}${round ? ` ${round + 1}` : ''}`;
}

function makeContacts(options: { random: Random; segment: Segment; domain: string; person: () => string }): DemoContact[] {
  const { random, segment, domain } = options;
  const count = segment === 'enterprise' ? random.int(4, 7) : segment === 'self-serve' ? random.int(1, 2) : random.int(2, 4);
  const roles: ContactRole[] = ['champion', 'economic_buyer', 'decision_maker', 'admin', 'end_user'];
  return Array.from({ length: count }, (_, c) => {
    const name = options.person();
    const role = roles[c] ?? 'end_user';
    return {
      id: uuidFrom(random),
      name,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${c}@${domain}`,
      title: TITLES[role],
      role,
      expertise: random.chance(0.4) ? 'expert' : 'novice',
      status: 'active',
      personalWins: role === 'champion' || role === 'economic_buyer' ? [random.pick(PERSONAL_WINS)] : [],
      leftOn: null,
    };
  });
}

/**
 * A simulated B2B SaaS vendor's customer base, as plain data: pure and deterministic for a
 * seed. Hidden churn drivers (with the day each starts) shape what is observable (usage,
 * tickets, contacts, touches, prices) and decide who churns or contracts at renewals; the
 * truth is returned apart (`truth`) and never written where the product's features read.
 *
 * @example
 *   const world = generateDemoWorld({ seed: 42, accounts: 300, months: 18, today: '2026-11-26' });
 */
export function generateDemoWorld(options: DemoWorldOptions): DemoWorld {
  const random = createRandom(options.seed);
  const person = () => `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  const users: DemoUser[] = [{ id: uuidFrom(random), name: 'Lena Leader', email: 'leader@demo.boomerang.dev', role: 'leader' }];
  const csmCount = Math.max(2, Math.min(40, Math.round(options.accounts / 40)));
  for (let index = 1; index <= csmCount; index++) {
    users.push({ id: uuidFrom(random), name: person(), email: `csm${index}@demo.boomerang.dev`, role: 'csm' });
  }
  const csms = users.filter((user) => user.role === 'csm');
  const historyStart = addMonths(options.today, -options.months);
  const accounts: DemoAccount[] = [];

  for (let index = 0; index < options.accounts; index++) {
    const name = accountName(index);
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`;
    const segment = random.weighted(SEGMENTS);
    const profile = SEGMENT_PROFILE[segment];
    const owner = random.pick(csms);
    const contacts = makeContacts({ random, segment, domain, person });
    const signedOn = addDays(historyStart, random.int(-365, options.months * 30 - 20));
    let drivers: DemoDriver[] = DRIVER_ORDER.filter((driver) => {
      // Only accounts a CSM is meant to look after can be forgotten; enterprise ones never are.
      if (driver === 'low_touch_uncontacted' && (segment === 'enterprise' || segment === 'self-serve')) return false;
      return random.chance(DRIVERS[driver].prevalence);
    }).map((driver) => ({ driver, onset: driverOnset(driver, signedOn, random) }));
    const burstRootCause: RootCause = random.chance(0.5) ? 'product_flaw' : 'support_closed_without_root_cause';

    let items: DemoLineItem[] = [{ product: 'Boomerang Core', seats: random.int(...profile.seats), unitPrice: profile.price }];
    if (segment === 'enterprise' || (segment === 'mid-market' && random.chance(0.4))) {
      items.push({ product: 'Analytics add-on', seats: Math.ceil(items[0]!.seats / 4), unitPrice: 120 });
    }
    if (drivers.some((d) => d.driver === 'wrong_product_sold')) items = [{ ...items[0]!, product: 'Boomerang Lite' }];
    // Annual terms back to back; each renewal starts the next, and the ledger books each move on the term it moved.
    const terms: Term[] = [{ status: 'active', startDate: signedOn, items }];
    const movements: TermMovement[] = [{ kind: 'new', arrBefore: 0, arrAfter: arrOf(items), occurredOn: signedOn, term: 0 }];
    const timeline: DemoTimelineEvent[] = [
      { kind: 'contract_signed', team: 'sales', title: `Contract signed: ARR ${money(arrOf(items))}`, body: items.map((i) => `${i.product}: ${i.seats} seats`).join('\n'), occurredAt: `${signedOn}T15:00:00Z` },
    ];

    // Renewals: each a moment where the drivers active by then may tip the account over.
    let churnedOn: string | null = null;
    let contractedOn: string | null = null;
    let renewals = 0;
    // The world's "now" is the start of today: what is dated today has not happened yet, so the
    // demo never shows a moment later than the clock of whoever loads it during that day.
    for (let renewal = addMonths(signedOn, 12); renewal < options.today; renewal = addMonths(renewal, 12)) {
      const before = arrOf(items);
      const priceRaised = drivers.some((d) => d.driver === 'price_increase' && d.onset === renewal);
      if (priceRaised) {
        const percent = random.pick([15, 20, 25]);
        items = items.map((item) => ({ ...item, unitPrice: roundCents(item.unitPrice * (1 + percent / 100)) }));
        timeline.push({ kind: 'email', team: 'finance', title: `Renewal quote sent: list price +${percent}%`, body: `New unit prices from ${renewal}.`, occurredAt: `${addDays(renewal, -45)}T09:30:00Z` });
      }
      if (random.chance(churnProbability({ segment, drivers, renewal }))) {
        churnedOn = renewal;
        terms.at(-1)!.status = 'cancelled';
        movements.push({ kind: 'churn', arrBefore: before, arrAfter: 0, occurredOn: renewal, term: terms.length - 1 });
        timeline.push({ kind: 'contract_cancelled', team: 'customer_success', title: `Churned: ARR ${money(before)} → $0`, body: null, occurredAt: `${renewal}T12:00:00Z` });
        break;
      }
      const hasActiveDriver = drivers.some((d) => d.onset <= renewal && d.driver !== 'price_increase');
      const factor = hasActiveDriver
        ? random.chance(0.45) ? 0.55 + random.next() * 0.3 : 1
        : random.chance(0.3) ? 1.1 + random.next() * 0.5 : random.chance(0.04) ? 0.8 : 1;
      if (factor !== 1) items = items.map((item) => ({ ...item, seats: Math.max(1, Math.round(item.seats * factor)) }));
      const after = arrOf(items);
      renewals++;
      terms.at(-1)!.status = 'expired';
      terms.push({ status: 'active', startDate: renewal, items });
      if (after < before) contractedOn = renewal;
      if (after !== before) movements.push({ kind: after > before ? 'expansion' : 'contraction', arrBefore: before, arrAfter: after, occurredOn: renewal, term: terms.length - 1 });
      timeline.push(renewedEntry(renewal, before, after));
    }
    // What would have started after the customer left never happened.
    const end = churnedOn ?? options.today;
    drivers = drivers.filter((d) => d.onset <= end);

    // A few lost customers come back (win-back) a few months later.
    let wonBackOn: string | null = null;
    if (churnedOn && random.chance(0.12)) {
      const back = addMonths(churnedOn, random.int(3, 8));
      if (back < options.today) {
        wonBackOn = back;
        terms.push({ status: 'active', startDate: back, items });
        movements.push({ kind: 'reactivation', arrBefore: 0, arrAfter: arrOf(items), occurredOn: back, term: terms.length - 1 });
        timeline.push({ kind: 'contract_signed', team: 'sales', title: `Won back: ARR ${money(arrOf(items))}`, body: null, occurredAt: `${back}T12:00:00Z` });
        // A customer won back renews as it came back (no draws: the seeded stream stays as it was).
        for (let renewal = addMonths(back, 12); renewal < options.today; renewal = addMonths(renewal, 12)) {
          terms.at(-1)!.status = 'expired';
          terms.push({ status: 'active', startDate: renewal, items });
          timeline.push(renewedEntry(renewal, arrOf(items), arrOf(items)));
        }
      }
    }
    const isActive = !churnedOn || wonBackOn !== null;
    const subscriptionEnd = addDays(addMonths(terms.at(-1)!.startDate, 12), -1);
    const activity = simulateAccountActivity({
      random,
      accountIndex: index,
      segment,
      touch: profile.touch,
      contacts,
      drivers,
      burstRootCause,
      signedOn,
      end,
      historyStart,
      today: options.today,
      isActive,
      renewalDate: isActive ? subscriptionEnd : null,
      product: items[0]!.product,
      seats: items[0]!.seats,
      person,
    });
    const outcome: DemoOutcome = churnedOn
      ? wonBackOn ? 'won_back' : 'churned'
      : contractedOn ? 'contracted' : movements.some((m) => m.kind === 'expansion') ? 'expanded' : renewals > 0 ? 'renewed' : 'not_yet_renewed';

    accounts.push({
      id: uuidFrom(random),
      index,
      customerSince: signedOn,
      name,
      domain,
      industry: random.pick(INDUSTRIES),
      segment,
      employeeCount: random.chance(0.08) ? null : random.int(...profile.employees),
      region: random.weighted([['North America', 5], ['EMEA', 3], ['APAC', 2], ['LATAM', 1]] as const),
      acquisitionChannel: demoChannel(index, segment),
      ownerId: owner.id,
      parentId: null,
      lifecycleStage: !isActive ? 'Churned' : addMonths(wonBackOn ?? signedOn, 2) > options.today ? 'Decision & Contract' : random.pick(STAGES_ACTIVE),
      externalIds: { salesforce: `001DEMO${String(index).padStart(8, '0')}` },
      contacts: [...contacts, ...activity.newContacts],
      ...contractHistory(terms, movements, uuidFrom(random), segment === 'self-serve' || random.chance(0.3)),
      notes: activity.notes,
      tasks: activity.tasks,
      // Events the simulation scheduled for today or later have not happened yet.
      timeline: [...timeline, ...activity.timeline].filter((event) => event.occurredAt.slice(0, 10) < options.today),
      tickets: activity.tickets,
      surveys: activity.surveys,
      signals: activity.signals,
      lostPeriods: churnedOn ? [{ from: churnedOn, to: wonBackOn }] : [],
      arr: isActive ? arrOf(items) : 0,
      renewalDate: isActive ? subscriptionEnd : null,
      truth: {
        drivers,
        outcome,
        churnedOn,
        contractedOn,
        rootCause: churnedOn || contractedOn ? rootCauseOf(drivers, burstRootCause) : null,
      },
    });
  }
  // Some enterprise accounts are subsidiaries of another enterprise account.
  const enterprises = accounts.filter((account) => account.segment === 'enterprise');
  for (let index = 1; index < enterprises.length; index += 5) enterprises[index]!.parentId = enterprises[index - 1]!.id;
  return { users, accounts };
}
