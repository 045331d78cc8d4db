import { isRecord } from '../../../runtime/engine/registry';

/** Zoho's data centres: each has its own accounts server and API hosts. */
export const ZOHO_DATA_CENTRES = ['com', 'jp', 'eu', 'in', 'com.au'] as const;
export type ZohoDataCentre = (typeof ZOHO_DATA_CENTRES)[number];

/**
 * Where a Zoho connection talks to. The base URLs follow the data centre; each can be overridden
 * (the tests point them at the emulator). The CRM host comes from the token answer's `api_domain`.
 */
export interface ZohoSettings {
  dataCentre: ZohoDataCentre;
  accountsUrl: string;
  deskUrl: string;
  campaignsUrl: string;
  /** Fixed Desk organisation; empty: the default one from `/organizations`. */
  deskOrgId: string | undefined;
}

export interface ZohoCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
}

function isDataCentre(value: unknown): value is ZohoDataCentre {
  return ZOHO_DATA_CENTRES.some((centre) => centre === value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\/+$/, '') : undefined;
}

/** The settings of a connection row, with the data centre's defaults filled in. */
export function readZohoSettings(settings: unknown): ZohoSettings {
  const given = isRecord(settings) ? settings : {};
  const dataCentre = isDataCentre(given.dataCentre) ? given.dataCentre : 'com';
  return {
    dataCentre,
    accountsUrl: text(given.accountsUrl) ?? `https://accounts.zoho.${dataCentre}`,
    deskUrl: text(given.deskUrl) ?? `https://desk.zoho.${dataCentre}`,
    campaignsUrl: text(given.campaignsUrl) ?? `https://campaigns.zoho.${dataCentre}`,
    deskOrgId: text(given.deskOrgId),
  };
}

/** The opened credentials of a connection (client id / secret, refresh token once authorised). */
export function readZohoCredentials(credentials: Record<string, unknown>): ZohoCredentials {
  return {
    clientId: text(credentials.clientId) ?? '',
    clientSecret: text(credentials.clientSecret) ?? '',
    refreshToken: text(credentials.refreshToken),
  };
}
