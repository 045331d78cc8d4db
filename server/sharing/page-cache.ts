import { QueryTypes } from 'sequelize';
import { isRecord } from '../../runtime/engine/registry';
import type { Database } from '../db/index';
import { hashShareToken, looksLikeShareToken } from './tokens';

/** What one query says about a token: its state and a fingerprint of everything the page shows. */
export type PageFingerprint =
  | { state: 'unknown' }
  | { state: 'gone' }
  | { state: 'live'; linkId: string; access: string; fingerprint: string };

/**
 * One statement reads the link's state and the last change of everything a share page is made
 * of: the record (its fields and stage), its stage history, the pipeline (custom field labels),
 * its stages (names), the settings, and the names it refers to (contact, company, department,
 * agent). Same fingerprint, same page; any change and the page is built afresh.
 */
const FINGERPRINT_SQL = `
SELECT l.id AS link_id, l.status AS status, l.pipeline_id AS link_pipeline,
  s.enabled AS enabled, s.access AS access, s.updated_at AS settings_at,
  s.fields AS settings_fields, s.contact_fields AS settings_contact, s.stage_ids AS settings_stages,
  s.org_name AS org_name, s.page_title AS page_title, s.hide_history AS hide_history,
  s.logo_type AS logo_type,
  r.pipeline_id AS record_pipeline, r.updated_at AS record_at, r.stage_id AS record_stage,
  r.name AS record_name, r.fields AS record_fields,
  p.updated_at AS pipeline_at,
  (SELECT MAX(st.updated_at) FROM crm_stages st WHERE st.pipeline_id = l.pipeline_id) AS stages_at,
  (SELECT COUNT(*) FROM crm_stages st WHERE st.pipeline_id = l.pipeline_id) AS stages_count,
  (SELECT COUNT(*) FROM crm_stage_history h WHERE h.record_id = l.record_id) AS history_count,
  (SELECT c.updated_at FROM crm_records c WHERE c.id = r.contact_id) AS contact_at,
  (SELECT c.updated_at FROM crm_records c WHERE c.id = r.company_id) AS company_at,
  (SELECT d.updated_at FROM crm_departments d WHERE d.id = r.department_id) AS department_at,
  (SELECT a.updated_at FROM crm_agents a WHERE a.id = r.agent_id) AS agent_at
FROM share_links l
LEFT JOIN share_settings s ON s.pipeline_id = l.pipeline_id
LEFT JOIN crm_records r ON r.id = l.record_id
LEFT JOIN crm_pipelines p ON p.id = l.pipeline_id
WHERE l.token_hash = :hash`;

function text(value: unknown): string {
  if (value instanceof Date) return String(value.getTime());
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  // JSON columns come back parsed on PostgreSQL.
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** Reads the token's state and page fingerprint in one query (never cached itself). */
export async function pageFingerprint(db: Database, token: string): Promise<PageFingerprint> {
  if (!looksLikeShareToken(token)) return { state: 'unknown' };
  const rows = await db.sequelize.query<Record<string, unknown>>(FINGERPRINT_SQL, {
    type: QueryTypes.SELECT,
    replacements: { hash: hashShareToken(token) },
  });
  const row = rows[0];
  if (!isRecord(row)) return { state: 'unknown' };
  const enabled = row.enabled === true || row.enabled === 1 || row.enabled === '1';
  if (row.status !== 'active' || !enabled || text(row.record_pipeline) !== text(row.link_pipeline)) {
    return { state: 'gone' };
  }
  // Settings and the record's own values are compared as values: two saves in one millisecond
  // leave the same timestamp.
  const parts = [
    'settings_at',
    'settings_fields',
    'settings_contact',
    'settings_stages',
    'org_name',
    'page_title',
    'hide_history',
    'access',
    'logo_type',
    'record_at',
    'record_stage',
    'record_name',
    'record_fields',
    'pipeline_at',
    'stages_at',
    'stages_count',
    'history_count',
    'contact_at',
    'company_at',
    'department_at',
    'agent_at',
  ].map((key) => text(row[key]));
  return { state: 'live', linkId: text(row.link_id), access: text(row.access), fingerprint: parts.join('|') };
}

/** Rendered pages by link and language, kept while their fingerprint holds; bounded in size. */
export class RenderedPageCache {
  private readonly pages = new Map<string, { fingerprint: string; html: string }>();

  constructor(private readonly maxEntries = 2000) {}

  get(key: string, fingerprint: string): string | undefined {
    const found = this.pages.get(key);
    return found?.fingerprint === fingerprint ? found.html : undefined;
  }

  set(key: string, fingerprint: string, html: string): void {
    this.pages.delete(key);
    if (this.pages.size >= this.maxEntries) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    this.pages.set(key, { fingerprint, html });
  }
}
