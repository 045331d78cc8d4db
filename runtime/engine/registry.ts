import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from './ajv';
import type { ConfigNames, NodeDefinition, NodeDescriptor } from '../model/node-definition';

interface Entry {
  definition: NodeDefinition;
  validateConfig: ValidateFunction;
}

/** A config problem as Ajv saw it, with the JSON path inside the config. */
export interface ConfigIssue {
  path: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

/**
 * The catalogue of node types. Compiles each config schema once (Ajv strict), refuses a duplicate
 * type, and serves descriptors (everything but the code) as JSON.
 */
export class NodeRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly ajv = createAjv();

  constructor(definitions: readonly NodeDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: NodeDefinition): void {
    if (this.entries.has(definition.type)) {
      throw new Error(`Node type "${definition.type}" is registered twice; node types must be unique.`);
    }
    let validateConfig: ValidateFunction;
    try {
      validateConfig = this.ajv.compile(definition.config);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Node type "${definition.type}" has an invalid config schema: ${reason}`);
    }
    this.entries.set(definition.type, { definition, validateConfig });
  }

  has(type: string): boolean {
    return this.entries.has(type);
  }

  get(type: string): NodeDefinition | undefined {
    return this.entries.get(type)?.definition;
  }

  list(): NodeDefinition[] {
    return [...this.entries.values()].map((entry) => entry.definition);
  }

  /** Every problem of a config against its node's schema; empty when it is valid. */
  checkConfig(type: string, config: unknown): ConfigIssue[] {
    const entry = this.entries.get(type);
    if (!entry) return [];
    if (entry.validateConfig(config)) return [];
    return (entry.validateConfig.errors ?? []).map(toConfigIssue);
  }

  /** The branches a node has with this config: dynamic ones (cases, options) first, then fixed ones. */
  branchesOf(type: string, config: Record<string, unknown>): string[] {
    const definition = this.get(type);
    if (!definition) return [];
    return [...namesFromConfig(definition.dynamicBranches, config), ...definition.branches];
  }

  /** Whether a node with this config has `branch`, without building the list (the executor's hot path). */
  hasBranch(type: string, config: Record<string, unknown>, branch: string): boolean {
    const definition = this.get(type);
    if (!definition) return false;
    if (definition.branches.includes(branch)) return true;
    return namesFromConfig(definition.dynamicBranches, config).includes(branch);
  }

  /** The variables a node sets with this config (see `setsVariables`). */
  variablesSetBy(type: string, config: Record<string, unknown>): string[] {
    const spec = this.get(type)?.setsVariables;
    const specs: readonly ConfigNames[] = spec === undefined ? [] : isConfigNamesList(spec) ? spec : [spec];
    return specs.flatMap((one) => namesFromConfig(one, config));
  }

  descriptors(): NodeDescriptor[] {
    return this.list().map(toDescriptor);
  }
}

function namesFromConfig(spec: ConfigNames | undefined, config: Record<string, unknown>): string[] {
  if (!spec) return [];
  const value = config[spec.field];
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  const items: unknown[] = Array.isArray(value) ? value : [];
  const names: string[] = [];
  for (const item of items) {
    const name = spec.key && isRecord(item) ? item[spec.key] : item;
    if (typeof name === 'string' && name.length > 0) names.push(name);
  }
  return names;
}

export function toDescriptor(definition: NodeDefinition): NodeDescriptor {
  const { run: _run, resume: _resume, migrate, ...data } = definition;
  return { ...data, migrates: typeof migrate === 'function' };
}

function toConfigIssue(error: ErrorObject): ConfigIssue {
  // Ajv reports a missing or extra key on the parent object; name the key itself in the path.
  const params: Record<string, unknown> = { ...error.params };
  const key =
    typeof params.missingProperty === 'string'
      ? params.missingProperty
      : typeof params.additionalProperty === 'string'
        ? params.additionalProperty
        : undefined;
  const path = key === undefined ? error.instancePath : `${error.instancePath}/${key}`;
  return { path, keyword: error.keyword, message: error.message ?? 'is invalid', params };
}

function isConfigNamesList(spec: ConfigNames | readonly ConfigNames[]): spec is readonly ConfigNames[] {
  return Array.isArray(spec);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
