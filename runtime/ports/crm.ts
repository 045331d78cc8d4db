import type { Localized } from '../model/localized';

/**
 * What the integration nodes (crm.*, desk.*, lists.*) ask of a CRM, help desk or mailing-list
 * service. Every call names the connection it goes through, so one port serves the built-in
 * records and, later, external providers (Zoho CRM / Desk / Campaigns) behind their connections.
 *
 * Expected refusals (a bad input, a department switched off) come back as values the node turns
 * into a branch; anything thrown is an unexpected failure the engine may retry.
 */
export interface CrmPort {
  /** Whether the connection exists, is switched on and serves this kind of integration. */
  connection(options: { connectionId: string; kind: ConnectionKind }): Promise<ConnectionState>;
  /** An existing lead / contact with this e-mail, or else with this phone number. */
  findDuplicate(options: {
    connectionId: string;
    module: PersonModule;
    email?: string;
    phone?: string;
  }): Promise<DuplicateMatch | undefined>;
  createLead(options: {
    connectionId: string;
    values: PersonInput;
    origin: CrmOrigin;
  }): Promise<CrmOutcome<CreatedRecord>>;
  createContact(options: {
    connectionId: string;
    values: PersonInput;
    origin: CrmOrigin;
  }): Promise<CrmOutcome<CreatedRecord>>;
  createDeal(options: {
    connectionId: string;
    values: DealInput;
    origin: CrmOrigin;
  }): Promise<CrmOutcome<CreatedRecord>>;
  /** Checked before creating a ticket, so a department switched off after publishing is noticed. */
  departmentStatus(options: { connectionId: string; departmentId: string }): Promise<PartyStatus>;
  agentStatus(options: { connectionId: string; agentId: string }): Promise<PartyStatus>;
  createTicket(options: {
    connectionId: string;
    values: TicketInput;
    origin: CrmOrigin;
  }): Promise<CrmOutcome<CreatedTicket>>;
  /** Adds a member to a mailing list, or updates the one with the same e-mail. */
  addListMember(options: {
    connectionId: string;
    values: ListMemberInput;
    origin: CrmOrigin;
  }): Promise<CrmOutcome<ListMembership>>;
}

/** The modules of the built-in records (the embedded CRM). */
export const RECORD_MODULES = [
  'leads',
  'contacts',
  'companies',
  'deals',
  'tickets',
  'tasks',
  'calls',
  'mailing_lists',
] as const;
export type RecordModule = (typeof RECORD_MODULES)[number];

/** The modules whose records live in pipelines with stages (tickets' stages are their statuses). */
export const PIPELINE_MODULES = ['deals', 'tickets'] as const;
export type PipelineModule = (typeof PIPELINE_MODULES)[number];

/** The family of integration a node needs: CRM records, help-desk tickets, mailing lists. */
export type ConnectionKind = 'crm' | 'desk' | 'lists';

/** `missing` covers a deleted connection and one of another kind. */
export type ConnectionState = 'ok' | 'disabled' | 'missing';

export type PersonModule = 'leads' | 'contacts';

/** `missing`: no such id at all (never existed, or removed for good). */
export type PartyStatus = 'active' | 'disabled' | 'deleted' | 'missing';

/** Who makes the change: the run and node (for history and audit) and the record-event depth. */
export interface CrmOrigin {
  runId: string;
  workflowId: string;
  nodeId: string;
  /**
   * How deep in a chain of record events the run is: 0 for a run not started by a record event.
   * Changes the run makes raise events one level deeper; the server stops dispatching past a limit,
   * so a workflow that edits the record that triggered it does not loop forever.
   */
  eventDepth: number;
  /** The run's variables, for providers whose field mapping reads them (`{{ vars.topic }}`). */
  variables?: Readonly<Record<string, unknown>>;
}

export interface DuplicateMatch {
  id: string;
  matchedBy: 'email' | 'phone';
}

export interface PersonInput {
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  /** Lead source (web chat, webhook …). */
  source?: string;
  /** A user's e-mail or id; empty means the workflow's owner. */
  owner?: string;
}

export interface DealInput {
  name: string;
  pipelineId: string;
  stageId: string;
  /** `YYYY-MM-DD`. */
  closingDate?: string;
  amount?: number;
  contactId?: string;
  owner?: string;
}

export interface TicketInput {
  subject: string;
  description?: string;
  /** A tickets pipeline; empty means the first one. */
  pipelineId?: string;
  /** A status (stage) name or id of that pipeline; empty means its first status. */
  status?: string;
  priority?: TicketPriority;
  classification?: string;
  departmentId?: string;
  agentId?: string;
  /** The person who asked: matched by e-mail (else phone) among contacts, or created. */
  contact?: { name?: string; email?: string; phone?: string };
  owner?: string;
}

export const TICKET_PRIORITIES = ['high', 'medium', 'low', 'none'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export interface ListMemberInput {
  listId: string;
  name: string;
  email: string;
  phone?: string;
}

export interface CreatedRecord {
  id: string;
}

export interface CreatedTicket {
  id: string;
  /** The human reference shown in lists and told to the customer. */
  number: number;
  contactId: string | undefined;
}

export interface ListMembership {
  memberId: string;
  state: 'subscribed' | 'updated';
}

/**
 * Why a call was refused. `field` names the input at fault for `invalid_input`; `duplicate` (a
 * provider's own duplicate check refused a create) carries the record already there.
 */
export interface CrmRefusal {
  ok: false;
  reason: 'invalid_input' | 'department_invalid' | 'agent_invalid' | 'integration_disabled' | 'duplicate';
  field?: string;
  existing?: DuplicateMatch;
  message: Localized;
}

export type CrmOutcome<T> = ({ ok: true } & T) | CrmRefusal;
