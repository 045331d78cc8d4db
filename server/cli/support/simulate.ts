import { resumeRun, startRun } from '../../../runtime/index';
import type { NodeRegistry } from '../../../runtime/engine/registry';
import type { Language, Localized } from '../../../runtime/model/localized';
import type { ResumeEvent, RunState } from '../../../runtime/model/run';
import type { WorkflowDocument } from '../../../runtime/model/workflow';
import type { Ports } from '../../../runtime/ports/index';
import type { MailMessage } from '../../../runtime/ports/mail';
import { MemoryChat, MemoryMail } from '../../../runtime/testing/memory-ports';

/** One line of the conversation: what the bot said, or the visitor's reply the CLI fed in. */
export type TranscriptEntry =
  { from: 'bot'; nodeId: string; text: string; choices?: string[] } | { from: 'visitor'; text: string };

export interface SimulationResult {
  run: RunState;
  transcript: TranscriptEntry[];
  mail: Array<MailMessage & { messageId: string }>;
  /** What the CLI did that a server would not: time skipped, replies missing or left over. */
  notes: string[];
}

/**
 * Runs a workflow in this process with in-memory chat and mail. A wait for a chat message takes
 * the next reply from `answers`; a wait for a time resumes at once (time is simulated); when the
 * replies run out the run is returned still waiting, unless the wait has a timeout, which then
 * passes as if the visitor stayed silent.
 */
export async function simulateRun(options: {
  workflow: WorkflowDocument;
  registry: NodeRegistry;
  ports: Omit<Ports, 'chat' | 'mail'>;
  payload: unknown;
  triggerNodeId?: string;
  answers: readonly string[];
  lang: Language;
}): Promise<SimulationResult> {
  const { workflow, registry, lang } = options;
  const chat = new MemoryChat();
  const mail = new MemoryMail();
  const ports: Ports = { ...options.ports, chat, mail };
  const environment = { workflow, registry, ports };
  const transcript: TranscriptEntry[] = [];
  const notes: Localized[] = [];
  const answers = [...options.answers];
  let heard = 0;
  const listen = (): void => {
    for (const message of chat.messages.slice(heard)) {
      const { nodeId, text, choices } = message;
      transcript.push({ from: 'bot', nodeId, text, ...(choices ? { choices } : {}) });
    }
    heard = chat.messages.length;
  };
  const resume = async (state: RunState, event: ResumeEvent): Promise<RunState> => {
    const next = await resumeRun({ ...environment, state, event });
    listen();
    return next;
  };

  let state = await startRun({
    ...environment,
    payload: options.payload,
    now: ports.clock.now(),
    ...(options.triggerNodeId === undefined ? {} : { triggerNodeId: options.triggerNodeId }),
  });
  listen();
  const skippedTime = new Set<string>();
  while (state.status === 'waiting' && state.waiting) {
    const { nodeId, wait } = state.waiting;
    const node = nameOf(workflow, nodeId);
    if (wait.kind === 'until') {
      if (!skippedTime.has(nodeId)) notes.push(timeSkipped(node, wait.until));
      skippedTime.add(nodeId);
      state = await resume(state, { kind: 'time' });
    } else if (wait.kind === 'message') {
      const text = answers.shift();
      if (text !== undefined) {
        transcript.push({ from: 'visitor', text });
        state = await resume(state, { kind: 'message', text });
      } else if (wait.timeoutAt !== undefined) {
        notes.push(silentUntilTimeout(node));
        state = await resume(state, { kind: 'timeout' });
      } else {
        notes.push(outOfAnswers(node));
        break;
      }
    } else {
      notes.push(callbackNotSimulated(node));
      break;
    }
  }
  if (answers.length > 0) notes.push(unusedAnswers(answers));
  return {
    run: state,
    transcript,
    mail: mail.sent,
    notes: notes.map((note) => note[lang]),
  };
}

function nameOf(workflow: WorkflowDocument, nodeId: string): Localized {
  const label = workflow.nodes.find((node) => node.id === nodeId)?.label ?? '';
  return label === '' || label === nodeId
    ? { ja: `「${nodeId}」`, en: `"${nodeId}"` }
    : { ja: `「${label}」(${nodeId})`, en: `"${label}" (${nodeId})` };
}

function timeSkipped(node: Localized, until: number | undefined): Localized {
  const when = until === undefined ? '' : new Date(until).toISOString();
  return {
    ja: `${node.ja}の時間待ち${when ? ` (${when} まで)` : ''}はすぐに再開しました。CLI は時間の経過を模擬します。`,
    en: `The wait at ${node.en}${when ? ` (until ${when})` : ''} resumed at once: the CLI simulates the passing of time.`,
  };
}

function silentUntilTimeout(node: Localized): Localized {
  return {
    ja: `返事がもうないため、${node.ja}は訪問者が何も書かずに時間切れになったものとして続けました。`,
    en: `No replies left: ${node.en} went on as if the visitor wrote nothing until its timeout.`,
  };
}

function outOfAnswers(node: Localized): Localized {
  return {
    ja: `${node.ja}が訪問者の返事を待っていますが、返事がもうありません。--answers のファイルに返事を足してください。`,
    en: `${node.en} is waiting for the visitor's reply, but there are no replies left. Add replies to the --answers file.`,
  };
}

function callbackNotSimulated(node: Localized): Localized {
  return {
    ja: `${node.ja}は外部からの呼び出しを待っています。CLI ではこの待ちを再現できないため、ここで止めました。`,
    en: `${node.en} waits for an external callback, which the CLI cannot simulate, so the run stops here.`,
  };
}

function unusedAnswers(left: readonly string[]): Localized {
  const list = left.map((text) => JSON.stringify(text)).join(', ');
  return {
    ja: `使われなかった返事が ${left.length} 件あります: ${list}`,
    en: `${left.length} ${left.length === 1 ? 'reply was' : 'replies were'} not used: ${list}`,
  };
}
