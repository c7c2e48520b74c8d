import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type CaughtMail = {
  to: string[];
  subject: string;
  text: string;
  /** Header values by lower-case name, folded lines joined (the last one wins for repeated names). */
  headers: Record<string, string>;
};

/**
 * A real SMTP server on a loopback port, so tests send through nodemailer exactly as
 * production does (SMTP_URL) and read what arrived. Plain SMTP without auth: nothing leaves
 * the machine.
 *
 * @example
 *   const mail = await startMailCatcher();
 *   const mailer = createSmtpMailer(mail.url, 'Boomerang <no-reply@test>');
 *   … mail.messages[0].text …
 *   await mail.close();
 */
export async function startMailCatcher(): Promise<{ url: string; messages: CaughtMail[]; close(): Promise<void> }> {
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), ...readMessage(chunks.join('')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Subject and text of a single-part message; nodemailer writes long lines as quoted-printable. */
function readMessage(raw: string): { subject: string; text: string; headers: Record<string, string> } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const headerMap: Record<string, string> = {};
  for (const line of headers.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headerMap[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const subject = /^Subject: (.*)$/m.exec(headers)?.[1]?.trim() ?? '';
  const quotedPrintable = /^Content-Transfer-Encoding: quoted-printable/im.test(headers);
  const text = quotedPrintable
    ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : body;
  return { subject, text: text.replace(/\r\n/g, '\n'), headers: headerMap };
}
