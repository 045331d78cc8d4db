import type { CreatedTicket, CrmOutcome, PartyStatus, TicketInput } from '../../runtime/ports/crm';
import type { CrmActor } from '../crm/actor';
import { CrmInputError } from '../crm/errors';
import type { CrmAdapterDeps } from './crm';

/**
 * Creates a ticket the way the inquiry node asks: department and agent checked again (one may
 * have been switched off since the node looked), the status found by name or id among the
 * pipeline's statuses, the contact matched by e-mail (else phone) or created.
 */
export async function createTicket(input: {
  deps: CrmAdapterDeps;
  values: TicketInput;
  ownerId: string | null;
  actor: CrmActor;
}): Promise<CrmOutcome<CreatedTicket>> {
  const { deps, values, ownerId, actor } = input;
  if (values.departmentId) {
    const status = await deps.parties.status('department', values.departmentId);
    if (status !== 'active') return partyRefusal('department_invalid', values.departmentId, status);
  }
  if (values.agentId) {
    const status = await deps.parties.status('agent', values.agentId);
    if (status !== 'active') return partyRefusal('agent_invalid', values.agentId, status);
  }
  const pipeline = await findPipeline(input.deps, values.pipelineId);
  const stageId = await findStatus({ deps, pipelineId: pipeline.id, status: values.status });
  const contactId = values.contact
    ? await matchContact({ deps, contact: values.contact, ownerId, actor })
    : undefined;

  const view = await deps.records.create({
    module: 'tickets',
    input: {
      name: values.subject,
      pipelineId: pipeline.id,
      stageId,
      ...(values.description ? { description: values.description } : {}),
      ...(values.priority ? { priority: values.priority } : {}),
      ...(values.classification ? { classification: values.classification } : {}),
      ...(values.departmentId ? { departmentId: values.departmentId } : {}),
      ...(values.agentId ? { agentId: values.agentId } : {}),
      ...(contactId ? { contactId } : {}),
      ...(values.contact?.email ? { email: values.contact.email } : {}),
      ...(values.contact?.phone ? { phone: values.contact.phone } : {}),
      ownerId,
    },
    actor,
  });
  const number = typeof view.number === 'number' ? view.number : 0;
  return { ok: true, id: view.id, number, contactId };
}

function partyRefusal(
  reason: 'department_invalid' | 'agent_invalid',
  id: string,
  status: Exclude<PartyStatus, 'active'>,
): CrmOutcome<CreatedTicket> {
  const what =
    reason === 'department_invalid' ? { ja: '部門', en: 'department' } : { ja: '担当者', en: 'agent' };
  const words = {
    disabled: { ja: '無効になっています', en: 'is switched off' },
    deleted: { ja: '削除されています', en: 'was deleted' },
    missing: { ja: '見つかりません', en: 'does not exist' },
  }[status];
  return {
    ok: false,
    reason,
    message: { ja: `${what.ja}「${id}」は${words.ja}。`, en: `The ${what.en} "${id}" ${words.en}.` },
  };
}

async function findPipeline(deps: CrmAdapterDeps, pipelineId: string | undefined): Promise<{ id: string }> {
  const pipelines = await deps.db.models.CrmPipeline.findAll({
    where: { module: 'tickets' },
    order: [['position', 'ASC']],
  });
  const pipeline = pipelineId ? pipelines.find((candidate) => candidate.id === pipelineId) : pipelines[0];
  if (pipeline) return pipeline;
  throw new CrmInputError([
    {
      field: 'pipelineId',
      message: pipelineId
        ? {
            ja: `チケットのパイプライン「${pipelineId}」は見つかりません。`,
            en: `There is no ticket pipeline "${pipelineId}".`,
          }
        : {
            ja: 'チケットのパイプラインがありません。先に作成してください。',
            en: 'There is no ticket pipeline yet. Create one first.',
          },
    },
  ]);
}

/** A status given by id or by name (full-width / case ignored); empty: the first status. */
async function findStatus(input: {
  deps: CrmAdapterDeps;
  pipelineId: string;
  status: string | undefined;
}): Promise<string> {
  const stages = await input.deps.db.models.CrmStage.findAll({
    where: { pipelineId: input.pipelineId },
    order: [['position', 'ASC']],
  });
  const wanted = input.status?.normalize('NFKC').trim().toLowerCase() ?? '';
  const stage =
    wanted === ''
      ? stages[0]
      : stages.find(
          (candidate) =>
            candidate.id === input.status || candidate.name.normalize('NFKC').trim().toLowerCase() === wanted,
        );
  if (stage) return stage.id;
  const names = stages.map((candidate) => candidate.name);
  throw new CrmInputError([
    {
      field: 'status',
      message: {
        ja: `ステータス「${input.status ?? ''}」はありません（${names.join('・')}）。`,
        en: `There is no status "${input.status ?? ''}" (${names.join(', ')}).`,
      },
    },
  ]);
}

/** The contact with this e-mail (else phone), or a new one. */
async function matchContact(input: {
  deps: CrmAdapterDeps;
  contact: NonNullable<TicketInput['contact']>;
  ownerId: string | null;
  actor: CrmActor;
}): Promise<string | undefined> {
  const { deps, contact } = input;
  const email = contact.email?.trim() || undefined;
  const phone = contact.phone?.trim() || undefined;
  if (!email && !phone) return undefined;
  const found = await deps.records.findDuplicate({
    module: 'contacts',
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  });
  if (found) return found.id;
  const name = contact.name?.trim() || email?.split('@')[0] || phone || '';
  try {
    const created = await deps.records.create({
      module: 'contacts',
      input: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ownerId: input.ownerId },
      actor: input.actor,
    });
    return created.id;
  } catch (error) {
    if (!(error instanceof CrmInputError)) throw error;
    // Name the inquiry node's fields, not the contact record's.
    const renamed = error.problems.map((problem) => ({
      ...problem,
      field:
        problem.field === 'email'
          ? 'contactEmail'
          : problem.field === 'phone'
            ? 'contactPhone'
            : `contact.${problem.field}`,
    }));
    throw new CrmInputError(renamed);
  }
}
