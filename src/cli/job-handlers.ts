import { createInvitationMailJob, loginThrottleCleanupJob } from '../auth/index.js';
import type { Config } from '../core/config.js';
import { createSmtpMailer } from '../core/mailer.js';
import { loadSecretBox, type SecretBox } from '../core/secret-box.js';
import { createDomainEventRetryJob, createDomainEventsCleanupJob } from '../domain-events/index.js';
import { handoffTimerJob } from '../handoffs/index.js';
import { flowIdleJob, flowRebuildJob } from '../flows/index.js';
import { healthNightlyJob, healthRecomputeJob, healthStaleSweepJob } from '../health/index.js';
import { healthBacktestJob, healthModelRetrainJob, healthModelTrainJob } from '../health-model/index.js';
import { jobsCleanupJob, type JobHandler } from '../jobs/index.js';
import { segmentsEvaluateJob, segmentsRefreshJob } from '../segments/index.js';
import { createOutboundEmailJob, createOutboundWebhookJob, queueEmail, queueWebhook } from '../outbound/index.js';
import { createPlaybookAdvanceJob, playbookScheduleJob } from '../playbooks/index.js';
import { createMilestoneDueJob, createStayCheckJob, stayMediansDailyJob, stayMediansJob } from '../journeys/index.js';
import { recordSignals } from '../signals/index.js';
import { usageArrDailyJob, usageArrJob } from '../subscriptions/index.js';
import { usageRollupJob } from '../usage/index.js';
import { domainEventConsumers, moveStageAsAutomation } from './domain-event-consumers.js';

/**
 * Every job type the worker runs, listed where the processes are put together: `jobs/`
 * knows no domain module, and each module exports its own handlers. A job whose type no
 * running worker knows stays queued (visible in `boomerang jobs`) rather than failing — so a
 * worker without SMTP_URL leaves invitation mails queued for one that has it.
 */
export function jobHandlers(
  config: Pick<
    Config,
    'smtpUrl' | 'mailFrom' | 'publicUrl' | 'domainEventRetentionDays' | 'secretKey' | 'secretKeyFile' | 'allowPrivateWebhooks'
  >,
  /** The server's secret key (webhook signing secrets, unsubscribe links); loaded from config when not given. */
  secretBox: SecretBox = loadSecretBox({ envKey: config.secretKey, keyFile: config.secretKeyFile }),
): JobHandler[] {
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : undefined;
  const mail = mailer
    ? [
        createInvitationMailJob({ mailer, publicUrl: config.publicUrl }),
        createOutboundEmailJob({ mailer, defaultFrom: config.mailFrom, publicUrl: config.publicUrl, secretBox }),
      ]
    : [];
  return [
    usageRollupJob,
    jobsCleanupJob,
    loginThrottleCleanupJob,
    healthRecomputeJob,
    healthNightlyJob,
    healthStaleSweepJob,
    healthModelRetrainJob,
    healthModelTrainJob,
    usageArrDailyJob,
    usageArrJob,
    healthBacktestJob,
    handoffTimerJob,
    segmentsEvaluateJob,
    segmentsRefreshJob,
    flowIdleJob,
    flowRebuildJob,
    createDomainEventRetryJob(domainEventConsumers()),
    createDomainEventsCleanupJob(config.domainEventRetentionDays),
    createOutboundWebhookJob({ secretBox, allowPrivate: config.allowPrivateWebhooks }),
    // Playbook email and webhook steps queue through outbound/ in the step's transaction.
    createPlaybookAdvanceJob({ outbound: { queueEmail, queueWebhook } }),
    playbookScheduleJob,
    createMilestoneDueJob((db, actor, signal) => recordSignals(db, actor, [signal])),
    createStayCheckJob({ moveStage: moveStageAsAutomation, recordSignal: (db, actor, signal) => recordSignals(db, actor, [signal]) }),
    stayMediansJob,
    stayMediansDailyJob,
    ...mail,
  ];
}
