import nodemailer from 'nodemailer';

export type MailMessage = { to: string; subject: string; text: string };

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
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
