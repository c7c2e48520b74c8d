import type { PersonSetField } from '../accounts/index.js';

/** A changed field a person had set, kept (the default) or replaced (`overwriteManual`). */
export type PersonValue = {
  row: number;
  /** The source column the import read it from. */
  column: string | null;
  /** The account field (`region`, `ownerId`, `custom.tier`…). */
  field: string;
  outcome: 'kept' | 'replaced';
  /** The value the person set, as shown (an owner by name). */
  personValue: string | null;
  /** The value the file had. */
  importValue: string | null;
  setBy: string | null;
  /** When the person set it, YYYY-MM-DD. */
  setOn: string;
  /** The sentence a person reads, e.g. "kept Region 'EMEA' set by Ana on 2026-11-02; the import had 'DE'". */
  reason: string;
};

const LABELS: Record<string, string> = {
  name: 'Name',
  domain: 'Domain',
  industry: 'Industry',
  segment: 'Segment',
  employeeCount: 'Employees',
  region: 'Region',
  lifecycleStage: 'Lifecycle stage',
  acquisitionChannel: 'Acquisition channel',
  ownerId: 'Owner',
};

export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}

const quoted = (value: string | null) => (value === null ? 'nothing' : `'${value}'`);

/**
 * Splits an import's changes to one account into what it may write and the values a person
 * set, which it keeps unless `overwrite` (then writes and reports them as replaced). Pure.
 *
 * @example
 *   holdPersonSetFields({
 *     changes: { region: 'DE', segment: 'smb' },
 *     setByPeople: new Map([['region', { setBy: 'Ana', setAt: new Date('2026-11-02T10:00:00Z') }]]),
 *     overwrite: false, row: 3, columnOf: () => 'Billing Country',
 *     shown: (field, side) => (side === 'person' ? 'EMEA' : 'DE'),
 *   });
 *   // { changes: { segment: 'smb' }, values: [{ outcome: 'kept', reason: "kept Region 'EMEA' set by Ana on 2026-11-02; the import had 'DE'", … }] }
 */
export function holdPersonSetFields<T extends Record<string, unknown>>(options: {
  changes: T;
  setByPeople: Map<string, PersonSetField> | undefined;
  overwrite: boolean;
  row: number;
  columnOf: (field: string) => string | null;
  shown: (field: string, side: 'person' | 'import') => string | null;
}): { changes: Partial<T>; values: PersonValue[] } {
  const { setByPeople, overwrite, row } = options;
  const changes: Record<string, unknown> = {};
  const values: PersonValue[] = [];
  for (const [key, value] of Object.entries(options.changes)) {
    if (key === 'customFields') {
      const custom: Record<string, unknown> = {};
      for (const [customKey, customValue] of Object.entries(value as Record<string, unknown>)) {
        if (hold(`custom.${customKey}`)) custom[customKey] = customValue;
      }
      if (Object.keys(custom).length) changes.customFields = custom;
    } else if (hold(key)) {
      changes[key] = value;
    }
  }
  return { changes: changes as Partial<T>, values };

  /** True when the import writes the field. */
  function hold(field: string): boolean {
    const person = setByPeople?.get(field);
    if (!person) return true;
    const personValue = options.shown(field, 'person');
    const importValue = options.shown(field, 'import');
    const setOn = person.setAt.toISOString().slice(0, 10);
    const who = `${fieldLabel(field)} ${quoted(personValue)} set by ${person.setBy ?? 'a former member'} on ${setOn}`;
    const reason = overwrite ? `replaced ${who} with ${quoted(importValue)}` : `kept ${who}; the import had ${quoted(importValue)}`;
    values.push({ row, column: options.columnOf(field), field, outcome: overwrite ? 'replaced' : 'kept', personValue, importValue, setBy: person.setBy, setOn, reason });
    return overwrite;
  }
}
