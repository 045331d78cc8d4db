export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** False: the adapter refuses loopback, private and link-local targets after DNS resolution. */
  allowPrivateNetwork: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Outbound HTTP. The server's adapter uses fetch; tests hand in loopback servers. */
export interface HttpPort {
  request(request: HttpRequest): Promise<HttpResponse>;
}
