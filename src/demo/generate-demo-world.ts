import type { ArrMovementKind, ContactRole, Role, TaskPriority, TaskStatus } from '../db/schema.js';
import { createRandom, type Random } from './random.js';

/**
 * A simulated B2B SaaS vendor's customer base, as plain data: pure and deterministic for a
 * seed, so tests can check it and the loader can write it anywhere. Hidden churn drivers
 * decide who churns or contracts; they are returned apart (`drivers`) and never written
 * where the product's own features read.
 */
export type ChurnDriver =
  | 'low_seat_utilisation'
  | 'champion_departed'
  | 'severe_ticket_burst'
  | 'slow_onboarding'
  | 'wrong_product_sold'
  | 'low_touch_uncontacted'
  | 'price_increase';

export type DemoUser = { id: string; name: string; email: string; role: Role };
export type DemoContact = {
  id: string;
  name: string;
  email: string;
  title: string;
  role: ContactRole;
  expertise: 'novice' | 'expert';
  status: 'active' | 'left';
  personalWins: string[];
};
export type DemoLineItem = { product: string; seats: number; unitPrice: number };
export type DemoSubscription = {
  id: string;
  status: 'active' | 'cancelled';
  startDate: string;
  endDate: string;
  autoRenew: boolean;
  items: DemoLineItem[];
};
export type DemoMovement = { kind: ArrMovementKind; arrBefore: number; arrAfter: number; occurredOn: string };
export type DemoNote = { id: string; body: string; createdAt: string };
export type DemoTask = { id: string; title: string; dueDate: string; priority: TaskPriority; status: TaskStatus };
export type DemoTimelineEvent = { kind: string; team: string; title: string; body: string | null; occurredAt: string };

export type DemoAccount = {
  id: string;
  /** When they became a customer: the first contract's signature. */
  customerSince: string;
  name: string;
  domain: string;
  industry: string;
  segment: Segment;
  employeeCount: number | null;
  region: string;
  ownerId: string;
  parentId: string | null;
  lifecycleStage: string;
  externalIds: Record<string, string>;
  contacts: DemoContact[];
  subscription: DemoSubscription;
  movements: DemoMovement[];
  notes: DemoNote[];
  tasks: DemoTask[];
  timeline: DemoTimelineEvent[];
  arr: number;
  renewalDate: string | null;
  drivers: ChurnDriver[];
  churnedOn: string | null;
};

export type DemoWorld = { users: DemoUser[]; accounts: DemoAccount[] };

export type DemoWorldOptions = { seed: number; accounts: number; months: number; today: string };

type Segment = 'enterprise' | 'mid-market' | 'smb' | 'self-serve';

const SEGMENTS: readonly (readonly [Segment, number])[] = [
  ['enterprise', 8],
  ['mid-market', 22],
  ['smb', 40],
  ['self-serve', 30],
];
const SEGMENT_PROFILE: Record<Segment, { seats: [number, number]; price: number; employees: [number, number]; touch: string }> = {
  enterprise: { seats: [150, 900], price: 540, employees: [2000, 40000], touch: 'high-touch' },
  'mid-market': { seats: [40, 200], price: 420, employees: [200, 2000], touch: 'high-touch' },
  smb: { seats: [8, 45], price: 360, employees: [20, 200], touch: 'low-touch' },
  'self-serve': { seats: [1, 10], price: 300, employees: [1, 50], touch: 'tech-touch' },
};
const DRIVER_PREVALENCE: readonly (readonly [ChurnDriver, number])[] = [
  ['low_seat_utilisation', 0.14],
  ['champion_departed', 0.1],
  ['severe_ticket_burst', 0.08],
  ['slow_onboarding', 0.08],
  ['wrong_product_sold', 0.05],
  ['low_touch_uncontacted', 0.1],
  ['price_increase', 0.06],
];
const NAME_STEMS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Hooli', 'Vandelay', 'Soylent', 'Cyberdyne',
  'Tyrell', 'Massive', 'Aperture', 'Gringotts', 'Oceanic', 'Monarch', 'Nakatomi', 'Pied Piper', 'Dunder', 'Blue Sun',
  'Prestige', 'Sterling', 'Bluth', 'Gekko', 'Virtucon', 'Zorg', 'Ollivander', 'Krusty', 'Duff', 'Spacely', 'Cogswell',
  'Rekall', 'Weyland', 'Tessier', 'Ajax', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Proseware',
  'Adatum', 'Woodgrove', 'Lucerne', 'Margie', 'Fourth Coffee', 'Wingtip', 'Alpine', 'Coho', 'Humongous', 'Trey',
];
const NAME_SUFFIXES = ['Labs', 'Systems', 'Group', 'Analytics', 'Logistics', 'Health', 'Foods', 'Bank', 'Energy', 'Media', 'Retail', 'Robotics', 'Insurance', 'Software', 'Travel'];
const INDUSTRIES = ['Software', 'Financial services', 'Healthcare', 'Retail', 'Manufacturing', 'Logistics', 'Media', 'Education', 'Energy', 'Travel'];
const FIRST_NAMES = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kemi', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe'];
const LAST_NAMES = ['Adams', 'Brooks', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kim', 'Lopez', 'Mensah', 'Novak', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const PERSONAL_WINS = ['Promotion to VP', 'Cut reporting time in half', 'Hit the quarterly target', 'Look good to the board', 'Fewer late nights at month end', 'Lead the digital transformation', 'Grow the team'];
const NOTE_TEMPLATES = [
  'Call with {contact}: happy with the dashboards, wants SSO before rolling out to the sales team.',
  '{contact} asked about pricing for the analytics add-on. Follow up with a proposal.',
  'Onboarding check-in. Two admins trained; end-user training scheduled next week.',
  'QBR prep: usage up in reporting, flat in automation. Bring the adoption plan.',
  '{contact} mentioned budget reviews across all vendors this quarter. Keep close.',
  'Support escalation resolved; {contact} still frustrated about the response time.',
];
const TOUCHES = [
  { kind: 'meeting', title: 'Check-in call' },
  { kind: 'meeting', title: 'Adoption workshop' },
  { kind: 'email', title: 'Email: follow-up on adoption plan' },
  { kind: 'email', title: 'Email: release notes and training invite' },
] as const;
const TASK_TITLES = ['Prepare QBR deck', 'Renewal call', 'Send adoption plan', 'Meet the new champion', 'Review open tickets with support', 'Executive sponsor check-in'];
const STAGES_ACTIVE = ['Decision & Contract', 'Adoption', 'Performance', 'Transformation', 'Advocacy'];

const DAY_MS = 86_400_000;
function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
function addMonths(isoDate: string, months: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}
function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random.next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
const roundCents = (value: number) => Math.round(value * 100) / 100;
const arrOf = (items: DemoLineItem[]) => roundCents(items.reduce((sum, item) => sum + item.seats * item.unitPrice, 0));
const money = (value: number) => `$${Math.round(value).toLocaleString('en-US')}`;

function churnProbability(drivers: ChurnDriver[], segment: Segment): number {
  const base = segment === 'self-serve' ? 0.08 : segment === 'smb' ? 0.06 : 0.03;
  return Math.min(0.9, base + 0.22 * drivers.length);
}

export function generateDemoWorld(options: DemoWorldOptions): DemoWorld {
  const random = createRandom(options.seed);
  const person = () => `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  const users: DemoUser[] = [{ id: uuidFrom(random), name: 'Lena Leader', email: 'leader@demo.boomerang.dev', role: 'leader' }];
  const csmCount = Math.max(2, Math.min(40, Math.round(options.accounts / 40)));
  for (let index = 1; index <= csmCount; index++) {
    const name = person();
    users.push({ id: uuidFrom(random), name, email: `csm${index}@demo.boomerang.dev`, role: 'csm' });
  }
  const csms = users.filter((user) => user.role === 'csm');
  const accounts: DemoAccount[] = [];
  const historyStart = addMonths(options.today, -options.months);

  for (let index = 0; index < options.accounts; index++) {
    const stem = NAME_STEMS[index % NAME_STEMS.length]!;
    const suffix = NAME_SUFFIXES[Math.floor(index / NAME_STEMS.length) % NAME_SUFFIXES.length]!;
    const round = Math.floor(index / (NAME_STEMS.length * NAME_SUFFIXES.length));
    const name = `${stem} ${suffix}${round ? ` ${round + 1}` : ''}`;
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`;
    const segment = random.weighted(SEGMENTS);
    const profile = SEGMENT_PROFILE[segment];
    const drivers = DRIVER_PREVALENCE.filter(([, prevalence]) => random.chance(prevalence)).map(([driver]) => driver);
    const owner = random.pick(csms);

    const contacts: DemoContact[] = [];
    const contactCount = segment === 'enterprise' ? random.int(4, 7) : segment === 'self-serve' ? random.int(1, 2) : random.int(2, 4);
    const roles: ContactRole[] = ['champion', 'economic_buyer', 'decision_maker', 'admin', 'end_user'];
    for (let c = 0; c < contactCount; c++) {
      const contactName = person();
      const role = c < roles.length ? roles[c]! : 'end_user';
      contacts.push({
        id: uuidFrom(random),
        name: contactName,
        email: `${contactName.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`,
        title: role === 'economic_buyer' ? 'VP Operations' : role === 'champion' ? 'Head of RevOps' : role === 'admin' ? 'Systems Administrator' : 'Analyst',
        role,
        expertise: random.chance(0.4) ? 'expert' : 'novice',
        status: 'active',
        personalWins: role === 'champion' || role === 'economic_buyer' ? [random.pick(PERSONAL_WINS)] : [],
      });
    }

    // Contract history: signed some time before today, renewed yearly, each renewal a moment
    // where hidden drivers tip the account into churn or contraction.
    const signedOn = addDays(historyStart, random.int(-365, options.months * 30 - 20));
    let items: DemoLineItem[] = [
      { product: 'Boomerang Core', seats: random.int(...profile.seats), unitPrice: profile.price },
    ];
    if (segment === 'enterprise' || (segment === 'mid-market' && random.chance(0.4))) {
      items.push({ product: 'Analytics add-on', seats: Math.ceil(items[0]!.seats / 4), unitPrice: 120 });
    }
    if (drivers.includes('wrong_product_sold')) items = [{ ...items[0]!, product: 'Boomerang Lite' }];
    const movements: DemoMovement[] = [{ kind: 'new', arrBefore: 0, arrAfter: arrOf(items), occurredOn: signedOn }];
    const timeline: DemoTimelineEvent[] = [
      { kind: 'contract_signed', team: 'sales', title: `Contract signed: ARR ${money(arrOf(items))}`, body: null, occurredAt: `${signedOn}T15:00:00Z` },
      { kind: 'meeting', team: 'onboarding', title: 'Onboarding kickoff', body: 'Goals agreed; admins named.', occurredAt: `${addDays(signedOn, drivers.includes('slow_onboarding') ? 30 : 7)}T10:00:00Z` },
    ];
    let termStart = signedOn;
    let churnedOn: string | null = null;
    let status: 'active' | 'cancelled' = 'active';
    for (let renewal = addMonths(signedOn, 12); renewal <= options.today; renewal = addMonths(renewal, 12)) {
      const before = arrOf(items);
      if (random.chance(churnProbability(drivers, segment))) {
        churnedOn = renewal;
        status = 'cancelled';
        movements.push({ kind: 'churn', arrBefore: before, arrAfter: 0, occurredOn: renewal });
        timeline.push({ kind: 'contract_cancelled', team: 'customer_success', title: `Churned: ARR ${money(before)} → $0`, body: null, occurredAt: `${renewal}T12:00:00Z` });
        break;
      }
      const factor = drivers.length > 0 && random.chance(0.35) ? 0.6 + random.next() * 0.3 : drivers.length === 0 && random.chance(0.35) ? 1.1 + random.next() * 0.5 : 1;
      if (factor !== 1) items = items.map((item) => ({ ...item, seats: Math.max(1, Math.round(item.seats * factor)) }));
      const after = arrOf(items);
      termStart = renewal;
      if (after !== before) {
        movements.push({ kind: after > before ? 'expansion' : 'contraction', arrBefore: before, arrAfter: after, occurredOn: renewal });
      }
      timeline.push({
        kind: 'contract_changed',
        team: 'customer_success',
        title: after === before ? `Renewed at ARR ${money(after)}` : `${after > before ? 'Expansion' : 'Contraction'} at renewal: ARR ${money(before)} → ${money(after)}`,
        body: null,
        occurredAt: `${renewal}T12:00:00Z`,
      });
    }
    // A few lost customers come back (win-back) a few months later.
    if (churnedOn && random.chance(0.12)) {
      const back = addMonths(churnedOn, random.int(3, 8));
      if (back <= options.today) {
        movements.push({ kind: 'reactivation', arrBefore: 0, arrAfter: arrOf(items), occurredOn: back });
        timeline.push({ kind: 'contract_signed', team: 'sales', title: `Won back: ARR ${money(arrOf(items))}`, body: null, occurredAt: `${back}T12:00:00Z` });
        termStart = back;
        churnedOn = null;
        status = 'active';
      }
    }
    const subscription: DemoSubscription = {
      id: uuidFrom(random),
      status,
      startDate: termStart,
      endDate: addDays(addMonths(termStart, 12), -1),
      autoRenew: segment === 'self-serve' || random.chance(0.3),
      items,
    };
    if (drivers.includes('champion_departed')) {
      const champion = contacts.find((contact) => contact.role === 'champion');
      if (champion) {
        champion.status = 'left';
        const leftOn = addDays(options.today, -random.int(20, 200));
        timeline.push({ kind: 'champion_left', team: 'customer_success', title: `Champion ${champion.name} left`, body: null, occurredAt: `${leftOn}T09:00:00Z` });
      }
    }
    if (drivers.includes('severe_ticket_burst')) {
      for (let t = 0; t < 3; t++) {
        const on = addDays(options.today, -random.int(10, 120));
        timeline.push({ kind: 'ticket', team: 'support', title: `Urgent ticket: ${random.pick(['Data sync failing', 'Login outage', 'Report export broken', 'API rate limits'])}`, body: null, occurredAt: `${on}T11:00:00Z` });
      }
    }

    const notes: DemoNote[] = [];
    const tasks: DemoTask[] = [];
    const isActive = status === 'active';
    const touchCount = profile.touch === 'tech-touch' || drivers.includes('low_touch_uncontacted') ? random.int(0, 1) : random.int(1, 3);
    // Each touch uses a different note, as a CSM would not write the same note twice.
    const noteOffset = random.int(0, NOTE_TEMPLATES.length - 1);
    for (let n = 0; n < touchCount; n++) {
      const champion = contacts.find((contact) => contact.role === 'champion') ?? contacts[0]!;
      const on = addDays(options.today, -random.int(2, 150));
      const body = NOTE_TEMPLATES[(noteOffset + n) % NOTE_TEMPLATES.length]!.replace('{contact}', champion.name.split(' ')[0]!);
      notes.push({ id: uuidFrom(random), body, createdAt: `${on}T14:30:00Z` });
      const touch = random.pick(TOUCHES);
      timeline.push({ ...touch, team: 'customer_success', body: null, occurredAt: `${addDays(on, -1)}T16:00:00Z` });
    }
    if (isActive && profile.touch !== 'tech-touch') {
      for (let k = 0; k < random.int(0, 2); k++) {
        const done = random.chance(0.3);
        tasks.push({
          id: uuidFrom(random),
          title: random.pick(TASK_TITLES),
          dueDate: addDays(options.today, random.int(-10, 30)),
          priority: random.weighted([['low', 2], ['medium', 5], ['high', 3], ['urgent', 1]] as const),
          status: done ? 'done' : 'open',
        });
      }
    }

    accounts.push({
      id: uuidFrom(random),
      customerSince: signedOn,
      name,
      domain,
      industry: random.pick(INDUSTRIES),
      segment,
      employeeCount: random.chance(0.08) ? null : random.int(...profile.employees),
      region: random.weighted([['North America', 5], ['EMEA', 3], ['APAC', 2], ['LATAM', 1]] as const),
      ownerId: owner.id,
      parentId: null,
      lifecycleStage: isActive ? (addMonths(termStart, 2) > options.today ? 'Decision & Contract' : random.pick(STAGES_ACTIVE.slice(1))) : 'Churned',
      externalIds: { salesforce: `001DEMO${String(index).padStart(8, '0')}` },
      contacts,
      subscription,
      movements,
      notes,
      tasks,
      // Events the simulation scheduled after today have not happened yet.
      timeline: timeline.filter((event) => event.occurredAt.slice(0, 10) <= options.today),
      arr: isActive ? arrOf(items) : 0,
      renewalDate: isActive ? subscription.endDate : null,
      drivers,
      churnedOn,
    });
  }
  // Some enterprise accounts are subsidiaries of another enterprise account.
  const enterprises = accounts.filter((account) => account.segment === 'enterprise');
  for (let index = 1; index < enterprises.length; index += 5) enterprises[index]!.parentId = enterprises[index - 1]!.id;
  return { users, accounts };
}
