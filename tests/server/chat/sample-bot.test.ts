import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../nodes/index';
import { validateWorkflow } from '../../../runtime/engine/validate-graph';
import { leadCaptureBot } from '../../../server/chat/sample-bot';

describe('sample lead capture bot', () => {
  it('is a valid workflow with every branch of its integration steps connected', () => {
    const problems = validateWorkflow(leadCaptureBot(), createDefaultRegistry());
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const bot = leadCaptureBot();
    const handles = (id: string) => bot.edges.filter((e) => e.source === id).map((e) => e.sourceHandle);
    expect(handles('inquiry').sort()).toEqual([
      'agent_invalid',
      'department_invalid',
      'failure',
      'integration_disabled',
      'success',
    ]);
  });
});
