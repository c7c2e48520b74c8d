import Mustache from 'mustache';

/**
 * Templates of task titles, emails and webhook texts: Mustache (logic-less, maintained, no code
 * in templates). Variables come from the account and the contact; an unknown variable is
 * refused when the playbook is saved, so a typo never mails "Hi ," to a customer.
 */

export const TEMPLATE_VARIABLES = [
  'account.name',
  'account.domain',
  'account.arr',
  'account.renewalDate',
  'account.daysToRenewal',
  'account.lifecycleStage',
  'account.segment',
  'account.ownerName',
  'account.ownerEmail',
  'account.healthScore',
  'account.healthBand',
  'contact.name',
  'contact.firstName',
  'contact.email',
  'contact.title',
  'playbook.name',
  'trigger.reason',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateView = {
  account: Record<string, string | number | null>;
  contact: Record<string, string | null>;
  playbook: { name: string };
  trigger: { reason: string };
};

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

type Token = [string, string, number, number, Token[]?, ...unknown[]];

function namesIn(tokens: Token[], into: string[]): string[] {
  for (const token of tokens) {
    const [type, value] = token;
    if (type === 'name' || type === '&' || type === '#' || type === '^') into.push(value);
    if (type === '>') into.push(`>${value}`);
    if (Array.isArray(token[4])) namesIn(token[4], into);
  }
  return into;
}

/**
 * What is wrong with a template, in words for the editor: syntax errors, partials (there are
 * none to include) and variables that are not in `TEMPLATE_VARIABLES`.
 *
 * @example
 *   templateProblems('Hi {{contact.frstName}}'); // ['unknown variable contact.frstName; known: account.name, …']
 */
export function templateProblems(template: string): string[] {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(template) as unknown as Token[];
  } catch (error) {
    return [`template does not parse: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  for (const name of new Set(namesIn(tokens, []))) {
    if (name.startsWith('>')) problems.push(`partials ({{> ${name.slice(1)}}}) are not supported`);
    else if (!KNOWN.has(name)) problems.push(`unknown variable ${name}; known: ${TEMPLATE_VARIABLES.join(', ')}`);
  }
  return problems;
}

/** Slack's mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
const SLACK_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Renders a template that passed `templateProblems`. `plain` (email text, task titles) inserts
 * values as they are — the receiver shows text, not HTML, so HTML-escaping would show `&amp;`;
 * `slack` escapes `& < >` so an account named `<!channel>` cannot ping a channel.
 */
export function renderTemplate(template: string, view: TemplateView, escape: 'plain' | 'slack' = 'plain'): string {
  const escapeValue = escape === 'slack' ? (value: string) => String(value).replace(/[&<>]/g, (c) => SLACK_ESCAPES[c]!) : (value: string) => String(value);
  return Mustache.render(template, view, {}, { escape: escapeValue });
}
