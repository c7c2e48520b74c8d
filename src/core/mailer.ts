import nodemailer from 'nodemailer';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  /** `Name <address>`; default: the mailer's own sender (BOOMERANG_MAIL_FROM). */
  from?: string;
  /** Extra headers, e.g. List-Unsubscribe for one-to-many mail. */
  headers?: Record<string, string>;
  /** A stable Message-ID (`<id@host>`), so a receiving system can tell a resend from a new mail. */
  messageId?: string;
};

/** Outbound mail. Absent when SMTP_URL is unset: callers then hand the content to a person instead. */
export type Mailer = { send(message: MailMessage): Promise<void> };

/**
 * SMTP through nodemailer, configured by one URL (`smtp://user:pass@host:587`,
 * `smtps://…:465`), so an operator sets one variable and every mail client library reads it.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from: message.from ?? from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.headers ? { headers: message.headers } : {}),
        ...(message.messageId ? { messageId: message.messageId } : {}),
      });
    },
  };
}
