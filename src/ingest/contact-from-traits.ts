import {
  createContactInputSchema,
  type Contact,
  type CreateContactInput,
  type UpdateContactInput,
} from '../contacts/index.js';
import type { JsonObject } from './ingest.types.js';

/** Contacts made from identify calls carry the userId under this external-id system. */
export const SEGMENT_SYSTEM = 'segment';

const text = (value: unknown, max: number): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The person's name as Segment's identify traits spell it (`name`, or first + last). */
function nameFrom(traits: JsonObject): string | undefined {
  const full = text(traits.name, 200);
  if (full) return full;
  const parts = [text(traits.firstName ?? traits.first_name, 100), text(traits.lastName ?? traits.last_name, 100)].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

function emailFrom(traits: JsonObject): string | undefined {
  const email = text(traits.email, 254);
  return email && EMAIL.test(email) ? email : undefined;
}

/**
 * The contact a user without one gets: named by the traits (or the email, or the user key),
 * carrying the user key as its `segment` external id.
 *
 * @example
 *   newContactFromTraits('u1', { name: 'Jane', email: 'jane@acme.com' })
 *   // { name: 'Jane', email: 'jane@acme.com', externalIds: { segment: 'u1' } }
 */
export function newContactFromTraits(userKey: string, traits: JsonObject): CreateContactInput {
  const name = nameFrom(traits);
  const email = emailFrom(traits);
  const title = text(traits.title, 200);
  const input: CreateContactInput = {
    name: name ?? email ?? userKey.slice(0, 200),
    ...(email ? { email } : {}),
    ...(title ? { title } : {}),
    externalIds: { [SEGMENT_SYSTEM]: userKey.slice(0, 200) },
  };
  const parsed = createContactInputSchema.safeParse(input);
  return parsed.success ? parsed.data : { name: input.name, externalIds: input.externalIds };
}

/** The contact fields ingestion writes, as it wrote them (kept in user_links.contact_written). */
export type WrittenFields = Pick<Contact, 'name' | 'email' | 'title'>;

export const writtenFieldsOf = (input: CreateContactInput): WrittenFields => ({
  name: input.name,
  email: input.email ?? null,
  title: input.title ?? null,
});

const sameValue = (field: keyof WrittenFields, a: string | null, b: string | null | undefined): boolean =>
  field === 'email' ? a?.toLowerCase() === b?.toLowerCase() : a === b;

/**
 * What a trusted source's identify traits do to a user's contact. Product events never
 * own a CRM fact (README, "Security"), so:
 * - no contact yet: a new one, made from the traits;
 * - a contact ingestion did not create (`written` null: found by email, entered by a CSM
 *   or the CRM): nothing, ever;
 * - a contact ingestion created: name, email and title change only while the field is
 *   empty or still holds what ingestion last wrote, so a value a CSM or the CRM entered
 *   since is never overwritten. Role, status and the rest are never touched.
 * Traits that would fail the contacts API's validation are left out rather than failing
 * the sync. Returns what ingestion then wrote, to keep for next time; null when nothing changes.
 *
 * @example
 *   contactChangeFromTraits({ userKey: 'u1', traits: { title: 'COO' }, existing: jane, written: { name: 'Jane', email: null, title: 'VP' } })
 *   // { kind: 'update', input: { title: 'COO' }, written: { name: 'Jane', email: null, title: 'COO' } } (when jane.title is still 'VP')
 */
export function contactChangeFromTraits(options: {
  userKey: string;
  traits: JsonObject;
  existing: Contact | null;
  written: WrittenFields | null;
}):
  | { kind: 'create'; input: CreateContactInput; written: WrittenFields }
  | { kind: 'update'; input: UpdateContactInput; written: WrittenFields }
  | null {
  const { userKey, traits, existing, written } = options;
  if (!existing) {
    const input = newContactFromTraits(userKey, traits);
    return { kind: 'create', input, written: writtenFieldsOf(input) };
  }
  if (!written) return null;
  const wanted: Partial<WrittenFields> = { name: nameFrom(traits), email: emailFrom(traits), title: text(traits.title, 200) };
  const input: UpdateContactInput = {};
  const next: WrittenFields = { ...written };
  for (const field of ['name', 'email', 'title'] as const) {
    const value = wanted[field];
    const current = existing[field];
    const ours = !current || sameValue(field, current, written[field]);
    if (!value || !ours || sameValue(field, current, value)) continue;
    input[field] = value;
    next[field] = value;
  }
  return Object.keys(input).length ? { kind: 'update', input, written: next } : null;
}
