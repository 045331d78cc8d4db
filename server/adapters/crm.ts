import type { Localized } from '../../runtime/model/localized';
import type { CrmOrigin, CrmOutcome, CrmPort, CrmRefusal, PersonInput } from '../../runtime/ports/crm';
import type { CrmActor } from '../crm/actor';
import type { ConnectionService } from '../crm/connections';
import { CrmInputError } from '../crm/errors';
import type { ListService } from '../crm/lists';
import type { PartyService } from '../crm/parties';
import type { RecordService } from '../crm/records';
import type { Database } from '../db/index';
import { ZOHO_CONNECTION_TYPE, ZohoConnector } from '../providers/zoho/connector';
import { createZohoCrmPort, type ProviderCrmPort } from '../providers/zoho/port';
import { createTicket } from './crm-ticket';

/** What the CRM adapter works over: the services of the built-in records. */
export interface CrmAdapterDeps {
  db: Database;
  records: RecordService;
  parties: PartyService;
  connections: ConnectionService;
  lists: ListService;
}

/**
 * The `crm` port. Every call names a connection, and the connection's type picks who serves it:
 * the built-in records, or an external provider (Zoho CRM / Desk / Campaigns, server/providers).
 */
export function createCrmAdapter(deps: CrmAdapterDeps): CrmPort {
  const builtin = createBuiltinCrmPort(deps);
  const zoho = createZohoCrmPort(new ZohoConnector({ db: deps.db, connections: deps.connections }));
  const pick = async (connectionId: string): Promise<ProviderCrmPort> =>
    (await deps.connections.typeOfConnection(connectionId)) === ZOHO_CONNECTION_TYPE ? zoho : builtin;
  return {
    connection: builtin.connection,
    findDuplicate: async (options) => (await pick(options.connectionId)).findDuplicate(options),
    createLead: async (options) => (await pick(options.connectionId)).createLead(options),
    createContact: async (options) => (await pick(options.connectionId)).createContact(options),
    createDeal: async (options) => (await pick(options.connectionId)).createDeal(options),
    departmentStatus: async (options) => (await pick(options.connectionId)).departmentStatus(options),
    agentStatus: async (options) => (await pick(options.connectionId)).agentStatus(options),
    createTicket: async (options) => (await pick(options.connectionId)).createTicket(options),
    addListMember: async (options) => (await pick(options.connectionId)).addListMember(options),
  };
}

/**
 * The `crm` port over the built-in records. Input the CRM refuses comes back as an `invalid_input`
 * refusal naming the node's field.
 */
function createBuiltinCrmPort(deps: CrmAdapterDeps): CrmPort {
  return {
    connection: ({ connectionId, kind }) => deps.connections.state(connectionId, kind),

    findDuplicate: async ({ connectionId, module, email, phone }) => {
      await requireBuiltin(deps, connectionId);
      return deps.records.findDuplicate({
        module,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
      });
    },

    createLead: ({ connectionId, values, origin }) =>
      createPerson({ deps, connectionId, module: 'leads', values, origin }),

    createContact: ({ connectionId, values, origin }) =>
      createPerson({ deps, connectionId, module: 'contacts', values, origin }),

    createDeal: async ({ connectionId, values, origin }) => {
      await requireBuiltin(deps, connectionId);
      return refusing({ name: 'dealName' }, async () => {
        const ownerId = await resolveOwner({ db: deps.db, owner: values.owner, origin });
        const view = await deps.records.create({
          module: 'deals',
          input: {
            name: values.name,
            pipelineId: values.pipelineId,
            stageId: values.stageId,
            ...(values.closingDate ? { closingDate: values.closingDate } : {}),
            ...(values.amount !== undefined ? { amount: values.amount } : {}),
            ...(values.contactId ? { contactId: values.contactId } : {}),
            ownerId,
          },
          actor: workflowActor(origin),
        });
        return { ok: true, id: view.id };
      });
    },

    departmentStatus: ({ departmentId }) => deps.parties.status('department', departmentId),
    agentStatus: ({ agentId }) => deps.parties.status('agent', agentId),

    createTicket: async ({ connectionId, values, origin }) => {
      await requireBuiltin(deps, connectionId);
      return refusing(
        { name: 'subject', stageId: 'status', email: 'contactEmail', phone: 'contactPhone' },
        async () => {
          const ownerId = await resolveOwner({ db: deps.db, owner: values.owner, origin });
          return createTicket({ deps, values, ownerId, actor: workflowActor(origin) });
        },
      );
    },

    addListMember: async ({ connectionId, values }) => {
      await requireBuiltin(deps, connectionId);
      return refusing({ name: 'nameVariable', email: 'emailVariable' }, async () => {
        const { member, state } = await deps.lists.addMember({
          listId: values.listId,
          body: { name: values.name, email: values.email, ...(values.phone ? { phone: values.phone } : {}) },
        });
        return { ok: true, memberId: member.id, state };
      });
    },
  };
}

async function createPerson(input: {
  deps: CrmAdapterDeps;
  connectionId: string;
  module: 'leads' | 'contacts';
  values: PersonInput;
  origin: CrmOrigin;
}): Promise<CrmOutcome<{ id: string }>> {
  const { deps, values, origin } = input;
  await requireBuiltin(deps, input.connectionId);
  return refusing({}, async () => {
    const ownerId = await resolveOwner({ db: deps.db, owner: values.owner, origin });
    const view = await deps.records.create({
      module: input.module,
      input: {
        name: values.name,
        ...(values.company ? { company: values.company } : {}),
        ...(values.email ? { email: values.email } : {}),
        ...(values.phone ? { phone: values.phone } : {}),
        ...(values.source && input.module === 'leads' ? { source: values.source } : {}),
        ownerId,
      },
      actor: workflowActor(origin),
    });
    return { ok: true, id: view.id };
  });
}

/** A workflow's change: one record-event level deeper than the event that started the run. */
export function workflowActor(origin: CrmOrigin): CrmActor {
  return {
    userId: null,
    label: `workflow:${origin.workflowId}`,
    source: 'workflow',
    runId: origin.runId,
    workflowId: origin.workflowId,
    eventDepth: origin.eventDepth + 1,
  };
}

/** Only built-in connections are served until external connectors exist. */
async function requireBuiltin(deps: CrmAdapterDeps, connectionId: string): Promise<void> {
  const type = await deps.connections.typeOfConnection(connectionId);
  if (type !== undefined && !type.startsWith('builtin_')) {
    throw new Error(`The connection type "${type}" has no connector in this version of Musubi.`);
  }
}

/** Runs `work`, turning refused input into an `invalid_input` refusal named in the node's terms. */
async function refusing<T extends { ok: true }>(
  fieldNames: Record<string, string>,
  work: () => Promise<T | CrmRefusal>,
): Promise<T | CrmRefusal> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CrmInputError)) throw error;
    const first = error.problems[0];
    const field = first ? (fieldNames[first.field] ?? first.field) : '(input)';
    const message: Localized = first?.message ?? {
      ja: '入力が正しくありません。',
      en: 'The input is not valid.',
    };
    return { ok: false, reason: 'invalid_input', field, message };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The owner of a record a workflow creates: a user given by e-mail or id, else the workflow's
 * creator. An owner that does not exist is refused as the `owner` field.
 */
async function resolveOwner(input: {
  db: Database;
  owner: string | undefined;
  origin: CrmOrigin;
}): Promise<string | null> {
  const { db, owner, origin } = input;
  if (owner) {
    const text = owner.normalize('NFKC').trim();
    const user = text.includes('@')
      ? await db.models.User.findOne({ where: { email: text.toLowerCase() } })
      : UUID.test(text)
        ? await db.models.User.findByPk(text)
        : null;
    if (!user) {
      throw new CrmInputError([
        {
          field: 'owner',
          message: {
            ja: `担当者「${text}」というユーザーはいません。`,
            en: `There is no user "${text}" to be the owner.`,
          },
        },
      ]);
    }
    return user.id;
  }
  const workflow = await db.models.Workflow.findByPk(origin.workflowId, { attributes: ['id', 'createdBy'] });
  return workflow?.createdBy ?? null;
}
