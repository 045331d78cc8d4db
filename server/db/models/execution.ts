import type { Sequelize } from 'sequelize';
import { defineIdempotencyKey } from './idempotency-key';
import { defineJob } from './job';
import { defineRun } from './run';
import { defineRunPayload } from './run-payload';
import { defineRunStep } from './run-step';
import { defineWaitpoint } from './waitpoint';
import { defineWebhookRegistration } from './webhook-registration';

export type { RunModel, RunRowStatus, RunMode } from './run';
export { RUN_ROW_STATUSES } from './run';
export type { RunStepModel } from './run-step';
export type { RunPayloadModel, RunPayloadKind } from './run-payload';
export type { JobModel, JobStatus } from './job';
export { JOB_STATUSES } from './job';
export type { WaitpointModel } from './waitpoint';
export type { WebhookRegistrationModel } from './webhook-registration';
export type { IdempotencyKeyModel } from './idempotency-key';

/** The models of runs, their history and the embedded queue (migration 0002). */
export function defineExecutionModels(sequelize: Sequelize) {
  return {
    Run: defineRun(sequelize),
    RunStep: defineRunStep(sequelize),
    RunPayload: defineRunPayload(sequelize),
    Job: defineJob(sequelize),
    Waitpoint: defineWaitpoint(sequelize),
    WebhookRegistration: defineWebhookRegistration(sequelize),
    IdempotencyKey: defineIdempotencyKey(sequelize),
  };
}
