const numberFormat = new Intl.NumberFormat('en-US');
const currencyFormats = new Map<string, Intl.NumberFormat>();
const dateFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : numberFormat.format(value);
}

/** Whole units: ARR figures read better without cents. */
export function formatMoney(value: number | string | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || value === '') return '—';
  return currencyFormat(currency, 0).format(Number(value));
}

/** Unit prices keep their cents when they have any ($799.50, but $550). */
export function formatPrice(value: number | string | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || value === '') return '—';
  const amount = Number(value);
  return currencyFormat(currency, Number.isInteger(amount) ? 0 : 2).format(amount);
}

function currencyFormat(currency: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${currency}:${fractionDigits}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    currencyFormats.set(key, format);
  }
  return format;
}

/** Calendar dates ('YYYY-MM-DD') are formatted in UTC so they never shift a day with the viewer's time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

export function formatDateTime(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function formatRelativeTime(value: string, now = Date.now()): string {
  const seconds = (new Date(value).getTime() - now) / 1000;
  if (Number.isNaN(seconds)) return value;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** Today's calendar date in the viewer's time zone, as 'YYYY-MM-DD'. */
export function todayIsoDate(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/** 'economic_buyer' → 'Economic buyer'. */
/** Words that are abbreviations, written as people write them ("csm" is a CSM, not a "Csm"). */
const ABBREVIATIONS: Record<string, string> = { csm: 'CSM', arr: 'ARR', mrr: 'MRR', nps: 'NPS', csat: 'CSAT', ces: 'CES', api: 'API', qbr: 'QBR', smb: 'SMB' };

export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const words = value
    .replaceAll(/[_-]+/g, ' ')
    .trim()
    .split(' ')
    .map((word) => ABBREVIATIONS[word.toLowerCase()] ?? word)
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}
