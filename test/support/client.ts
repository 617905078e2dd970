/** A tiny API client that keeps the session cookies and sends the CSRF token, like the web UI. */
export class ApiClient {
  private cookies = new Map<string, string>();
  csrf: string | undefined;
  bearer: string | undefined;

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<ApiResponse> {
    const r = await this.request('POST', '/api/v1/auth/login', { email, password });
    if (r.status === 200) this.csrf = (r.body as { csrfToken: string }).csrfToken;
    return r;
  }

  /**
   * `timeoutMs`: give up on the body after that long (a stream answers its headers and stays open);
   * the status is still returned, with no body. Without headers by then, the request throws.
   */
  async request(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}, timeoutMs?: number): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...extraHeaders };
    // Bytes (a file upload) go as they are, with the content type the caller gives (else octet-stream).
    const raw = body instanceof Uint8Array;
    if (raw && !headers['content-type']) headers['content-type'] = 'application/octet-stream';
    if (body !== undefined && typeof body !== 'string' && !raw) headers['content-type'] = 'application/json';
    if (typeof body === 'string' && !headers['content-type']) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const abort = new AbortController();
    const timer = timeoutMs ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      signal: abort.signal,
      ...(body !== undefined ? { body: body instanceof Uint8Array ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const value = v.join('=');
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, value);
    }
    let text = '';
    try {
      text = await res.text();
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    } finally {
      clearTimeout(timer);
    }
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as never, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }
  patch(path: string, body: unknown) {
    return this.request('PATCH', path, body);
  }
  delete(path: string) {
    return this.request('DELETE', path);
  }
}

export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}
