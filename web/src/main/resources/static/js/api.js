// Thin fetch wrapper for /api/v1. Every failure becomes an ApiError carrying the
// RFC 9457 problem fields, so views can show `detail` and per-field messages.

const BASE = '/api/v1';
const TOKEN_KEY = 'pedigree.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.type = problem.type;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    /** [{field: "$.spec.model.layers", message}] */
    this.fieldErrors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (value) => localStorage.setItem(TOKEN_KEY, value),
};

let askForToken = async () => false;

/** Registers the UI that asks for a token after a 401; it resolves true when one was stored. */
export function onUnauthorized(prompt) {
  askForToken = prompt;
}

/** Builds "/api/v1/path?a=1&key=x&key=y"; array values repeat, empty values are dropped. */
export function url(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of [].concat(value)) {
      if (v !== undefined && v !== null && v !== '') qs.append(name, v);
    }
  }
  const query = qs.toString();
  return BASE + path + (query ? `?${query}` : '');
}

async function request(method, path, { params, body, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(url(path, params), {
      method, headers, signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Network error', detail: 'The API could not be reached.' });
  }

  const text = await response.text();
  const isJson = (response.headers.get('Content-Type') || '').includes('json');
  const payload = isJson && text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, payload || { detail: text.slice(0, 300) });
  return payload;
}

export function get(path, params, signal) {
  return request('GET', path, { params, signal });
}

/** A write that, on 401, asks for a token once and retries. */
async function write(method, path, body) {
  try {
    return await request(method, path, { body });
  } catch (e) {
    if (e.status === 401 && await askForToken(e)) return request(method, path, { body });
    throw e;
  }
}

export const post = (path, body) => write('POST', path, body);
export const put = (path, body) => write('PUT', path, body);
export const del = (path) => write('DELETE', path);
