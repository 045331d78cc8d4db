import type { CrmPort } from '../../../runtime/ports/crm';
import { subscribeZohoList } from './campaigns';
import type { ZohoConnector } from './connector';
import { findZohoDuplicate, insertZohoRecord } from './crm';
import { dealSources, mappedRecord, personSources } from './field-mapping';
import { createZohoTicket, zohoAgentStatus, zohoDepartmentStatus } from './desk';

/** The CRM port's calls as Zoho serves them (the adapter checks the connection's state itself). */
export type ProviderCrmPort = Omit<CrmPort, 'connection'>;

/** The `crm` port on a Zoho connection: CRM records, Desk tickets, Campaigns subscriptions. */
export function createZohoCrmPort(connector: ZohoConnector): ProviderCrmPort {
  return {
    findDuplicate: async ({ connectionId, module, email, phone }) =>
      findZohoDuplicate(await connector.session(connectionId), {
        module,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
      }),
    // Records are built from the connection's field mapping (the built-in one unless edited).
    createLead: async ({ connectionId, values, origin }) =>
      insertZohoRecord(await connector.session(connectionId), {
        module: 'leads',
        record: mappedRecord(await connector.mapping(connectionId, 'Leads'), {
          fields: personSources(values),
          vars: origin.variables ?? {},
        }),
      }),
    createContact: async ({ connectionId, values, origin }) =>
      insertZohoRecord(await connector.session(connectionId), {
        module: 'contacts',
        record: mappedRecord(await connector.mapping(connectionId, 'Contacts'), {
          fields: personSources(values),
          vars: origin.variables ?? {},
        }),
      }),
    createDeal: async ({ connectionId, values, origin }) =>
      insertZohoRecord(await connector.session(connectionId), {
        module: 'deals',
        record: mappedRecord(await connector.mapping(connectionId, 'Deals'), {
          fields: dealSources(values),
          vars: origin.variables ?? {},
        }),
      }),
    departmentStatus: async ({ connectionId, departmentId }) =>
      zohoDepartmentStatus(await connector.session(connectionId), departmentId),
    agentStatus: async ({ connectionId, agentId }) =>
      zohoAgentStatus(await connector.session(connectionId), agentId),
    createTicket: async ({ connectionId, values }) =>
      createZohoTicket(await connector.session(connectionId), values),
    addListMember: async ({ connectionId, values }) =>
      subscribeZohoList(await connector.session(connectionId), values),
  };
}
