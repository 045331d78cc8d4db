/**
 * The public face of the engine. Servers, the CLI and tests import from here.
 */
export { createRun, startRun, continueRun, resumeRun } from './engine/executor';
export type {
  RunHooks,
  RunEnvironment,
  CreateRunOptions,
  ContinueRunOptions,
  ResumeRunOptions,
} from './engine/run-api';
export { NodeRegistry, toDescriptor, isRecord, type ConfigIssue } from './engine/registry';
export { renderTemplate, renderValue, renderConfig, type TemplateScope } from './engine/templates';
export { createAjv, ANNOTATION_KEYWORDS } from './engine/ajv';
export { resolveSettings } from './engine/settings';
export { backoffDelay, DEFAULT_RETRY } from './engine/retry';
export { redact, limitPayload, REDACTED } from './engine/payload';
export * from './model/workflow';
export * from './model/run';
export * from './model/errors';
export * from './model/localized';
export * from './model/node-definition';
export * from './ports/index';
export { validateWorkflow } from './engine/validate-graph';
export { summarizeProblems, type Problem, type ProblemSeverity } from './engine/validate-problem';
export { isWorkflowDocument } from './engine/validate-schema';
