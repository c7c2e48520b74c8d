import { createInvitationMailJob, loginThrottleCleanupJob } from '../auth/index.js';
import type { Config } from '../core/config.js';
import { createSmtpMailer } from '../core/mailer.js';
import { createDomainEventRetryJob, createDomainEventsCleanupJob } from '../domain-events/index.js';
import { flowIdleJob, flowRebuildJob } from '../flows/index.js';
import { healthNightlyJob, healthRecomputeJob, healthStaleSweepJob } from '../health/index.js';
import { jobsCleanupJob, type JobHandler } from '../jobs/index.js';
import { usageRollupJob } from '../usage/index.js';
import { domainEventConsumers } from './domain-event-consumers.js';

/**
 * Every job type the worker runs, listed where the processes are put together: `jobs/`
 * knows no domain module, and each module exports its own handlers. A job whose type no
 * running worker knows stays queued (visible in `boomerang jobs`) rather than failing — so a
 * worker without SMTP_URL leaves invitation mails queued for one that has it.
 */
export function jobHandlers(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl' | 'domainEventRetentionDays'>): JobHandler[] {
  const mail = config.smtpUrl
    ? [createInvitationMailJob({ mailer: createSmtpMailer(config.smtpUrl, config.mailFrom), publicUrl: config.publicUrl })]
    : [];
  return [
    usageRollupJob,
    jobsCleanupJob,
    loginThrottleCleanupJob,
    healthRecomputeJob,
    healthNightlyJob,
    healthStaleSweepJob,
    flowIdleJob,
    flowRebuildJob,
    createDomainEventRetryJob(domainEventConsumers()),
    createDomainEventsCleanupJob(config.domainEventRetentionDays),
    ...mail,
  ];
}
