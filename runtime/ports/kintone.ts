/** kintone REST API calls (path such as `/k/v1/records.json`), through a kintone connection. */
export interface KintonePort {
  request(
    connectionId: string,
    request: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: unknown },
  ): Promise<unknown>;
}
