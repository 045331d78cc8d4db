import { validateWorkflow, type Problem } from '../../../runtime/engine/validate-graph';
import type { NodeRegistry } from '../../../runtime/engine/registry';
import { readJsonFile } from './files';

/** Reads a workflow file and checks it: the shared first step of `validate` and `run`. */
export async function loadWorkflow(options: {
  file: string;
  cwd: string;
  registry: NodeRegistry;
}): Promise<{ doc: unknown; problems: Problem[] }> {
  const doc = await readJsonFile({
    file: options.file,
    cwd: options.cwd,
    what: { ja: 'ワークフローのファイル', en: 'workflow file' },
  });
  return { doc, problems: validateWorkflow(doc, options.registry) };
}

export function countErrors(problems: readonly Problem[]): number {
  return problems.filter((problem) => problem.severity === 'error').length;
}
