import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every setting Boomerang reads from the environment, parsed once at boot.
 * Nothing else in the code base reads `process.env`.
 *
 * @example
 *   const config = loadConfig(); // throws ConfigError with a readable list of bad keys
 */
/** proxy-addr's names for address ranges, which fastify's trustProxy takes too. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length || !address || !isIP(address)) return false;
  return prefix === undefined || /^\d{1,3}$/.test(prefix);
}

/**
 * BOOMERANG_TRUST_PROXY: whether X-Forwarded-For names the client. Unset or "false": no (the
 * socket's address counts); "true": any proxy; a number: that many proxies in front; or a
 * comma-separated list of proxy addresses / CIDRs (loopback, linklocal, uniquelocal too).
 */
const trustProxySchema = z
  .string()
  .default('false')
  .transform((text, context): boolean | number | string[] => {
    const value = text.trim();
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length) {
      context.addIssue({
        code: 'custom',
        message: `give true, a hop count or proxy addresses/CIDRs; not ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  BOOMERANG_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  BOOMERANG_ADMIN_EMAIL: z.string().email().default('admin@example.com'),
  BOOMERANG_ADMIN_PASSWORD: z.string().min(8).optional(),
  BOOMERANG_DEMO_WORKSPACE: z.string().default('Demo'),
  /** Marks the session cookie Secure; turn on behind HTTPS. */
  BOOMERANG_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  BOOMERANG_TRUST_PROXY: trustProxySchema,
  /** Key that encrypts secrets stored for reading back (webhook signing secrets): 32 bytes, base64 or hex. */
  BOOMERANG_SECRET_KEY: z.string().min(1).optional(),
  /** Where the key is kept when BOOMERANG_SECRET_KEY is unset; default beside the data directory, not in it. */
  BOOMERANG_SECRET_KEY_FILE: z.string().min(1).optional(),
  /** Scale-out ingestion: /v1 publishes to this NATS JetStream; workers store the events. */
  NATS_URL: z.string().min(1).optional(),
  /** One stream per deployment; its subjects are `<stream>.events.<workspace>.<source>` and `<stream>.dead.…`. */
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('BOOMERANG_EVENTS'),
  NATS_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('boomerang-worker'),
  /** Deliveries of a message that fails on bad data before it goes to the dead-letter subject. */
  NATS_MAX_DELIVER: z.coerce.number().int().min(1).default(5),
  /** Outbound mail (invitations): `smtp://user:password@host:587` or `smtps://…`. Unset: links are shown to the admin instead. */
  SMTP_URL: z.string().url().optional(),
  BOOMERANG_MAIL_FROM: z.string().min(3).default('Boomerang <no-reply@boomerang.local>'),
  /** Outbound webhooks may reach private, loopback, link-local and unique-local addresses (tests, closed networks). */
  BOOMERANG_ALLOW_PRIVATE_WEBHOOKS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Where people reach the web app; invitation links start with it. */
  BOOMERANG_PUBLIC_URL: z.string().url().optional(),
  /** Domain events older than this many days go once every consumer of their type has passed them. */
  BOOMERANG_DOMAIN_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json`: one JSON object a line; `pretty`: short readable lines; `auto`: pretty on a terminal, JSON otherwise. */
  BOOMERANG_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminEmail: string;
  adminPassword: string | undefined;
  demoWorkspaceName: string;
  secureCookies: boolean;
  trustProxy: boolean | number | string[];
  /** BOOMERANG_SECRET_KEY, when set; otherwise `secretKeyFile` holds the key (see core/secret-box.ts). */
  secretKey: string | undefined;
  secretKeyFile: string;
  logLevel: string;
  logFormat: 'auto' | 'json' | 'pretty';
  nats: NatsConfig | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** BOOMERANG_ALLOW_PRIVATE_WEBHOOKS: outbound HTTP may reach private and loopback addresses. */
  allowPrivateWebhooks: boolean;
  publicUrl: string;
  domainEventRetentionDays: number;
};

export type NatsConfig = { url: string; stream: string; consumer: string; maxDeliver: number };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    dataDir: resolve(value.BOOMERANG_DATA_DIR),
    databaseUrl: value.DATABASE_URL,
    adminEmail: value.BOOMERANG_ADMIN_EMAIL,
    adminPassword: value.BOOMERANG_ADMIN_PASSWORD,
    demoWorkspaceName: value.BOOMERANG_DEMO_WORKSPACE,
    secureCookies: value.BOOMERANG_SECURE_COOKIES,
    trustProxy: value.BOOMERANG_TRUST_PROXY,
    secretKey: value.BOOMERANG_SECRET_KEY,
    // `./data` → `./data.secret-key`: beside the embedded database (whose files fill the
    // data directory itself), so copying or backing up the database does not carry the key.
    secretKeyFile: resolve(value.BOOMERANG_SECRET_KEY_FILE ?? `${resolve(value.BOOMERANG_DATA_DIR)}.secret-key`),
    logLevel: value.LOG_LEVEL,
    logFormat: value.BOOMERANG_LOG_FORMAT,
    smtpUrl: value.SMTP_URL,
    mailFrom: value.BOOMERANG_MAIL_FROM,
    allowPrivateWebhooks: value.BOOMERANG_ALLOW_PRIVATE_WEBHOOKS,
    domainEventRetentionDays: value.BOOMERANG_DOMAIN_EVENT_RETENTION_DAYS,
    publicUrl: (value.BOOMERANG_PUBLIC_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ''),
    nats: value.NATS_URL
      ? {
          url: value.NATS_URL,
          stream: value.NATS_STREAM,
          consumer: value.NATS_CONSUMER,
          maxDeliver: value.NATS_MAX_DELIVER,
        }
      : undefined,
  });
}

/** Hides the password in a connection string so it can be logged. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
