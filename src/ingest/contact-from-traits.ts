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

/**
 * The contact an identified user should have on its account, from the user's identify
 * traits: a new contact when there is none, else only the fields the traits change
 * (null when nothing changes). Traits that would fail the contacts API's validation are
 * left out rather than failing the sync.
 *
 * @example
 *   contactChangeFromTraits({ userKey: 'u1', traits: { name: 'Jane', email: 'jane@acme.com' }, existing: null })
 *   // { kind: 'create', input: { name: 'Jane', email: 'jane@acme.com', externalIds: { segment: 'u1' } } }
 */
export function contactChangeFromTraits(options: {
  userKey: string;
  traits: JsonObject;
  existing: Contact | null;
}): { kind: 'create'; input: CreateContactInput } | { kind: 'update'; input: UpdateContactInput } | null {
  const { userKey, traits, existing } = options;
  if (!existing) return { kind: 'create', input: newContactFromTraits(userKey, traits) };
  const name = nameFrom(traits);
  const email = emailFrom(traits);
  const title = text(traits.title, 200);
  const input: UpdateContactInput = {};
  if (name && name !== existing.name) input.name = name;
  if (email && email.toLowerCase() !== existing.email?.toLowerCase()) input.email = email;
  if (title && title !== existing.title) input.title = title;
  // A contact found by email gets the userId; one that already has another is left alone.
  if (existing.externalIds[SEGMENT_SYSTEM] === undefined) {
    input.externalIds = { ...existing.externalIds, [SEGMENT_SYSTEM]: userKey.slice(0, 200) };
  }
  return Object.keys(input).length ? { kind: 'update', input } : null;
}
