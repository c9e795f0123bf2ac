/**
 * The dashboard's client of the gateway's `/v1` API, on the page's own origin. The API key,
 * when the gateway asks for one, is kept in `sessionStorage`: it lives as long as the tab,
 * is never written to disk by the page, and is sent only as a bearer header.
 */
import type { Problem } from "../problem.ts";

const KEY_STORAGE = "seo-farm.apiKey";

/** An answer that was not 2xx, with the problem's detail when the gateway sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
  }
}

/** The key for this page load when sessionStorage is switched off. */
let memoryKey = "";

export function storedKey(): string {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    // Storage can be switched off; the key then lasts until the page reloads.
    return memoryKey;
  }
}

export function storeKey(key: string): void {
  memoryKey = key;
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // See storedKey.
  }
}

export function authHeaders(): Record<string, string> {
  const key = storedKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function failure(res: Response): Promise<ApiError> {
  let p: Problem | undefined;
  try {
    p = (await res.json()) as Problem;
  } catch {
    // Not a problem body (a proxy's error page, say): the status says enough.
  }
  const message = p?.detail ?? p?.title ?? `${res.status} ${res.statusText}`;
  return new ApiError(res.status, message, p);
}

/** Calls `/v1/…` with the key; resolves to the JSON body, or throws an `ApiError`. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { Accept: "application/json", ...authHeaders(), ...init.headers },
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
