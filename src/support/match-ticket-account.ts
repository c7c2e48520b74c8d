import type { TicketMatchedBy } from '../db/schema.js';

/**
 * Which account a ticket belongs to. Pure: the caller loads the candidate accounts and
 * contacts (by the ticket's hints) and passes them in. Rules, strongest first:
 *
 * 1. `account_id` — the sender named the Boomerang account;
 * 2. `external_id` — an account carries the sender's id for the customer (for Zendesk the
 *    organization id, stored on the account as external id `zendesk`);
 * 3. `contact_email` — a contact has the requester's email;
 * 4. `email_domain` — an account's domain is the requester's email domain (or the domain
 *    the sender gave), trying `eu.acme.com` before `acme.com`.
 *
 * A rule that finds two or more accounts is ambiguous and gives way to the next: a ticket
 * on the wrong customer's thread is worse than an unmatched one, which is kept and shown.
 */
export type TicketMatchHints = {
  accountId?: string;
  externalId?: { system: string; id: string };
  domain?: string;
};

export type AccountCandidate = { id: string; domain: string | null; externalIds: Record<string, string> };
export type ContactCandidate = { accountId: string; email: string | null };

export type TicketMatch = { accountId: string; matchedBy: TicketMatchedBy };

export type MatchTicketAccountOptions = {
  hints: TicketMatchHints;
  requesterEmail: string | null | undefined;
  accounts: AccountCandidate[];
  contacts: ContactCandidate[];
};

/** Mail providers anyone can sign up with: their domain says nothing about the customer. */
export const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'ymail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  'zoho.com',
  'fastmail.com',
]);

/** `https://www.Acme.com/about` → `acme.com`; null when nothing host-like is left. */
export function normalizeDomain(text: string | null | undefined): string | null {
  if (!text) return null;
  const host = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/:?#].*$/, '')
    .replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

export function emailDomain(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return at > 0 ? normalizeDomain(email!.slice(at + 1)) : null;
}

/**
 * The domains to look accounts up by, most specific first: `eu.acme.co.uk` →
 * [`eu.acme.co.uk`, `acme.co.uk`, `co.uk`]… minus public mail providers. The caller looks
 * all of them up at once; `matchTicketAccount` takes the most specific that matches.
 */
export function domainCandidates(domain: string | null | undefined): string[] {
  const normalized = normalizeDomain(domain);
  if (!normalized || PUBLIC_EMAIL_DOMAINS.has(normalized)) return [];
  const labels = normalized.split('.');
  const candidates: string[] = [];
  for (let start = 0; start <= labels.length - 2; start += 1) candidates.push(labels.slice(start).join('.'));
  return candidates;
}

/** The domains a ticket's hints and requester point at, for the caller's lookup. */
export function ticketDomainCandidates(hints: TicketMatchHints, requesterEmail: string | null | undefined): string[] {
  return [...new Set([...domainCandidates(hints.domain), ...domainCandidates(emailDomain(requesterEmail))])];
}

function only<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

export function matchTicketAccount(options: MatchTicketAccountOptions): TicketMatch | null {
  const { hints, accounts } = options;
  if (hints.accountId && accounts.some((account) => account.id === hints.accountId)) {
    return { accountId: hints.accountId, matchedBy: 'account_id' };
  }
  if (hints.externalId) {
    const { system, id } = hints.externalId;
    const found = only(accounts.filter((account) => account.externalIds[system] === id));
    if (found) return { accountId: found.id, matchedBy: 'external_id' };
  }
  const email = options.requesterEmail?.trim().toLowerCase();
  if (email) {
    const accountIds = [
      ...new Set(options.contacts.filter((c) => c.email?.trim().toLowerCase() === email).map((c) => c.accountId)),
    ];
    const found = only(accountIds);
    if (found) return { accountId: found, matchedBy: 'contact_email' };
  }
  for (const domains of [domainCandidates(hints.domain), domainCandidates(emailDomain(email))]) {
    for (const domain of domains) {
      const found = accounts.filter((account) => normalizeDomain(account.domain) === domain);
      if (found.length === 1) return { accountId: found[0]!.id, matchedBy: 'email_domain' };
      // Several accounts share the most specific domain that matched: ambiguous, stop here
      // rather than fall back to a broader domain.
      if (found.length > 1) break;
    }
  }
  return null;
}
