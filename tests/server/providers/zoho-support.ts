import { randomBytes } from 'node:crypto';
import type { NodeDefinition, NodeResult } from '../../../runtime/model/node-definition';
import { silentLogger } from '../../../runtime/ports/index';
import { createCrmServices, type CrmServices } from '../../../server/crm/context';
import { run } from '../../nodes/context';
import { startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho/server';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';

export const REFRESH_TOKEN = '1000.refresh.abc';
export const CONNECTION_ID = 'zoho-jp';

export interface ZohoWorld {
  zoho: ZohoEmulator;
  temp: TempDatabase;
  crm: CrmServices;
  /** Runs a node with the real `crm` port (the one runs get). */
  run(
    node: NodeDefinition,
    config: Record<string, unknown>,
    vars?: Record<string, unknown>,
  ): Promise<NodeResult>;
  dispose(): Promise<void>;
}

/** A temp database with a Zoho connection (data centre jp) pointed at a fresh emulator. */
export async function zohoWorld(): Promise<ZohoWorld> {
  const zoho = await startZohoEmulator();
  zoho.addRefreshToken(REFRESH_TOKEN);
  const temp = await openTempDatabase();
  const crm = createCrmServices({
    db: temp.db,
    clock: { now: () => Date.now(), sleep: async () => {} },
    logger: silentLogger,
    secretKey: randomBytes(32),
  });
  await crm.connections.create(
    {
      id: CONNECTION_ID,
      type: 'zoho',
      name: 'Zoho (jp)',
      settings: { dataCentre: 'jp', accountsUrl: zoho.url, deskUrl: zoho.url, campaignsUrl: zoho.url },
      credentials: {
        clientId: zoho.client.id,
        clientSecret: zoho.client.secret,
        refreshToken: REFRESH_TOKEN,
      },
    },
    null,
  );
  return {
    zoho,
    temp,
    crm,
    run: (node, config, vars) =>
      run(node, {
        config: { connectionId: CONNECTION_ID, ...config },
        vars: vars ?? {},
        ports: { crm: crm.port },
      }),
    dispose: async () => {
      await zoho.close();
      await temp.dispose();
    },
  };
}
