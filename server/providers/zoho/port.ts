import type { CrmPort } from '../../../runtime/ports/crm';
import { subscribeZohoList } from './campaigns';
import type { ZohoConnector } from './connector';
import { dealRecord, findZohoDuplicate, insertZohoRecord, personRecord } from './crm';
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
    createLead: async ({ connectionId, values }) =>
      insertZohoRecord(await connector.session(connectionId), {
        module: 'leads',
        record: personRecord('leads', values),
      }),
    createContact: async ({ connectionId, values }) =>
      insertZohoRecord(await connector.session(connectionId), {
        module: 'contacts',
        record: personRecord('contacts', values),
      }),
    createDeal: async ({ connectionId, values }) =>
      insertZohoRecord(await connector.session(connectionId), {
        module: 'deals',
        record: dealRecord(values),
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
