import { Router } from 'express';
import { Type } from 'typebox';
import { isRecord } from '../../../runtime/engine/registry';
import { requireRole } from '../../auth/middleware';
import type { ConnectionService } from '../../crm/connections';
import { crmNotFound } from '../../crm/errors';
import type { Database } from '../../db/index';
import { bodyChecker } from '../../http/body';
import { HttpError } from '../../http/errors';
import { pathParam } from '../../http/params';
import { ZOHO_CONNECTION_TYPE, type ZohoConnector } from './connector';
import {
  MAPPED_MODULES,
  MAPPING_ENTRY,
  mappingOf,
  mappingProblems,
  SOURCE_FIELDS,
  type MappedModule,
} from './field-mapping';
import { readZohoFields } from './pick-lists';
import { ZohoAuthError } from './session';

const CONNECTION = { ja: '連携', en: 'connection' };

const readSave = bodyChecker(
  Type.Object(
    {
      module: Type.Union(MAPPED_MODULES.map((module) => Type.Literal(module))),
      mapping: Type.Array(MAPPING_ENTRY, { maxItems: 200 }),
    },
    { additionalProperties: false },
  ),
);

/**
 * The field mapping of a Zoho connection: `GET` lists the org's fields of a module (fields
 * metadata API) with the current mapping and what a value may name; `PUT` saves a mapping after
 * checking it against those fields (a mandatory field left unmapped is refused, named).
 */
export function zohoMappingRoutes(deps: {
  db: Database;
  connections: ConnectionService;
  zoho: ZohoConnector;
}): Router {
  const router = Router();
  const path = '/api/connections/:id/zoho/mapping';

  const zohoRow = async (id: string) => {
    const row = await deps.db.models.Connection.findByPk(id);
    if (!row || row.type !== ZOHO_CONNECTION_TYPE) throw crmNotFound(CONNECTION, id);
    return row;
  };

  /** The org's fields; a refused authorisation is 409 integration_disabled (the connection is broken). */
  const fieldsOf = async (id: string, module: MappedModule) => {
    try {
      return await readZohoFields(await deps.zoho.session(id), module);
    } catch (error) {
      if (!(error instanceof ZohoAuthError)) throw error;
      throw new HttpError({ status: 409, code: 'integration_disabled', message: error.localized });
    }
  };

  router.get(path, requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const row = await zohoRow(id);
    const module = MAPPED_MODULES.find((candidate) => candidate === req.query.module) ?? 'Leads';
    const fields = await fieldsOf(id, module);
    const saved = isRecord(row.settings.fieldMapping) && Array.isArray(row.settings.fieldMapping[module]);
    res.json({
      module,
      fields,
      mapping: mappingOf(row.settings, module),
      edited: saved,
      sources: SOURCE_FIELDS[module],
    });
  });

  router.put(path, requireRole('admin'), async (req, res) => {
    const id = pathParam(req, 'id');
    const row = await zohoRow(id);
    const input = readSave(req.body);
    const fields = await fieldsOf(id, input.module);
    const byName = new Map(fields.map((field) => [field.apiName, field]));
    // The data type is taken from Zoho, not from the client: it decides how values are sent.
    const mapping = input.mapping
      .filter((entry) => entry.source.trim() !== '')
      .map((entry) => ({
        apiName: entry.apiName,
        source: entry.source.trim(),
        dataType: byName.get(entry.apiName)?.dataType ?? 'text',
      }));
    const problems = mappingProblems({ module: input.module, mapping, fields });
    const [first] = problems;
    if (first) {
      throw new HttpError({
        status: 422,
        code: first.code,
        message: first.message,
        details: { problems: problems.map(({ code, fields: named }) => ({ code, fields: named })) },
      });
    }
    const fieldMapping = isRecord(row.settings.fieldMapping) ? row.settings.fieldMapping : {};
    await deps.connections.update(id, {
      settings: { ...row.settings, fieldMapping: { ...fieldMapping, [input.module]: mapping } },
    });
    res.json({ module: input.module, fields, mapping, edited: true, sources: SOURCE_FIELDS[input.module] });
  });

  return router;
}
