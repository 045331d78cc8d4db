/** The CRM records store (built-in or an external provider through a connection). */
export interface RecordsPort {
  find(module: string, query: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  get(module: string, id: string): Promise<Record<string, unknown> | undefined>;
  create(module: string, values: Record<string, unknown>): Promise<Record<string, unknown>>;
  update(module: string, id: string, values: Record<string, unknown>): Promise<Record<string, unknown>>;
}
