import { z } from 'zod';

/**
 * The product's features as the workspace curates them (issue 15 item 2): track event names
 * grouped into named features. Pure: no clock, no database. Breadth is counted in features,
 * against the catalog version in force on each day, so an event name nobody reviewed yet (a
 * "proposed" name) never changes any account's breadth, and a later edit never rewrites the past.
 */
const eventName = z.string().trim().min(1).max(500);

export const catalogFeatureSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, _ or -, at most 63 characters')
    .describe('Stable id of the feature, e.g. "reporting"'),
  name: z.string().trim().min(1).max(100).describe('What people call it: "Reporting"'),
  group: z.string().trim().min(1).max(100).nullable().default(null).describe('Area of the product: "Core", "Add-ons"'),
  description: z.string().trim().max(500).nullable().default(null),
  events: z.array(eventName).min(1).max(200).describe('Track event names that mean the feature was used'),
});

export const productCatalogSchema = z
  .strictObject({
    features: z.array(catalogFeatureSchema).max(500),
    ignored: z.array(eventName).max(5000).default([]).describe('Event names reviewed and left out of breadth (technical events, noise)'),
  })
  .superRefine((catalog, context) => {
    const keys = new Set<string>();
    const owner = new Map<string, string>();
    catalog.features.forEach((feature, index) => {
      if (keys.has(feature.key)) context.addIssue({ code: 'custom', path: ['features', index, 'key'], message: `"${feature.key}" is used twice` });
      keys.add(feature.key);
      feature.events.forEach((name, at) => {
        const other = owner.get(name);
        if (other !== undefined) {
          context.addIssue({ code: 'custom', path: ['features', index, 'events', at], message: `"${name}" already belongs to "${other}"` });
        }
        owner.set(name, feature.key);
      });
    });
    catalog.ignored.forEach((name, index) => {
      if (owner.has(name)) context.addIssue({ code: 'custom', path: ['ignored', index], message: `"${name}" belongs to "${owner.get(name)}"; it cannot be ignored too` });
    });
  });
export type ProductCatalog = z.infer<typeof productCatalogSchema>;
export type CatalogFeature = ProductCatalog['features'][number];

/** A saved version and the first day (UTC) it is in force. */
export type CatalogVersion = { version: number; effectiveDay: string; catalog: ProductCatalog };

/**
 * The version in force on `day`: the highest version among those effective on or before it.
 * Undefined before the first one (no catalog then: breadth is not measured).
 */
export function catalogOn(versions: readonly CatalogVersion[], day: string): CatalogVersion | undefined {
  let found: CatalogVersion | undefined;
  for (const version of versions) {
    if (version.effectiveDay > day) continue;
    if (!found || version.effectiveDay > found.effectiveDay || (version.effectiveDay === found.effectiveDay && version.version > found.version)) found = version;
  }
  return found;
}

/** Event name → feature key of one catalog. */
export function featureOfEvent(catalog: ProductCatalog): Map<string, string> {
  return new Map(catalog.features.flatMap((feature) => feature.events.map((name) => [name, feature.key] as const)));
}

// Built once per catalog: a health recompute counts breadth on 28 days of every account.
const eventMaps = new WeakMap<ProductCatalog, Map<string, string>>();

/** The catalog's features used by a set of event names (keys, in catalog order). */
export function featuresUsed(catalog: ProductCatalog, eventNames: Iterable<string>): string[] {
  let byEvent = eventMaps.get(catalog);
  if (!byEvent) eventMaps.set(catalog, (byEvent = featureOfEvent(catalog)));
  const used = new Set<string>();
  for (const name of eventNames) {
    const key = byEvent.get(name);
    if (key) used.add(key);
  }
  return catalog.features.map((feature) => feature.key).filter((key) => used.has(key));
}

/** Event names the workspace received that the catalog neither maps nor ignores: for review, never counted. */
export function proposedEventNames(catalog: ProductCatalog | undefined, received: Iterable<string>): string[] {
  const known = new Set([...(catalog?.features.flatMap((feature) => feature.events) ?? []), ...(catalog?.ignored ?? [])]);
  return [...new Set(received)].filter((name) => !known.has(name)).sort();
}

/**
 * Trailing-window breadth for each day of a series: features used in the `windowDays` days
 * ending that day, counted with the catalog in force that day, and the size of that catalog.
 * `namesByDay` holds each day's track event names (days without activity may be absent).
 */
export function breadthByDay(options: {
  versions: readonly CatalogVersion[];
  namesByDay: ReadonlyMap<string, readonly string[]>;
  days: readonly string[];
  windowDays: number;
  addDays: (day: string, delta: number) => string;
}): Array<{ day: string; used: number; available: number } | { day: string; used: null; available: null }> {
  const { versions, namesByDay, windowDays, addDays } = options;
  return options.days.map((day) => {
    const version = catalogOn(versions, day);
    if (!version) return { day, used: null, available: null };
    const names = new Set<string>();
    for (let back = 0; back < windowDays; back += 1) for (const name of namesByDay.get(back === 0 ? day : addDays(day, -back)) ?? []) names.add(name);
    return { day, used: featuresUsed(version.catalog, names).length, available: version.catalog.features.length };
  });
}
