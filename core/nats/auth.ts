/**
 * How a process authenticates to NATS, from its environment: a user and password
 * (`NATS_USER` / `NATS_PASSWORD`, or `nats://user:pass@host` in `NATS_URL`), a token
 * (`NATS_TOKEN`), or a creds file (`NATS_CREDS`, a JWT and nkey seed as `nsc` writes them).
 * Pure: the runtime's connect entry reads a creds file; this only decides what to use.
 * `infra/nats/least-privilege.conf` gives each role (gateway, actor, supervisor,
 * submitter) its own user.
 */

/** What to authenticate with; at most one kind. */
export type NatsAuth =
  | { kind: "none" }
  | { kind: "user"; user: string; pass: string }
  | { kind: "token"; token: string }
  | { kind: "creds"; file: string };

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * Splits credentials off server URLs: nats.js takes a server as host and port only, so
 * `nats://gateway:secret@127.0.0.1:4222` would be an unknown host. Returns the bare servers
 * and the first user and password found.
 */
export function serversWithoutCredentials(url: string): {
  servers: string[];
  user?: string;
  pass?: string;
} {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const at = s.lastIndexOf("@");
      if (at === -1) return s;
      const scheme = s.indexOf("://");
      const start = scheme === -1 ? 0 : scheme + 3;
      const info = s.slice(start, at);
      const colon = info.indexOf(":");
      const u = decodeURIComponent(colon === -1 ? info : info.slice(0, colon));
      const p = colon === -1 ? "" : decodeURIComponent(info.slice(colon + 1));
      if (user === undefined && u) {
        user = u;
        pass = p;
      }
      return `${s.slice(0, start)}${s.slice(at + 1)}`;
    });
  return { servers, ...(user !== undefined ? { user, pass: pass ?? "" } : {}) };
}

/**
 * The authentication the environment asks for.
 * @throws TypeError naming the variables when they contradict each other (a password without
 *   a user, or more than one kind).
 */
export function parseNatsAuth(env: Env, url = env.NATS_URL ?? ""): NatsAuth {
  const fromUrl = serversWithoutCredentials(url);
  const user = nonEmpty(env, "NATS_USER") ?? fromUrl.user;
  const pass = env.NATS_PASSWORD ?? (nonEmpty(env, "NATS_USER") ? undefined : fromUrl.pass);
  const token = nonEmpty(env, "NATS_TOKEN");
  const creds = nonEmpty(env, "NATS_CREDS");
  if (pass !== undefined && pass !== "" && user === undefined) {
    throw new TypeError("NATS_PASSWORD is set but NATS_USER is not");
  }
  const kinds = [user !== undefined && "NATS_USER", token && "NATS_TOKEN", creds && "NATS_CREDS"];
  const set = kinds.filter(Boolean);
  if (set.length > 1) {
    throw new TypeError(
      `set only one of NATS_USER, NATS_TOKEN and NATS_CREDS (got ${set.join(", ")})`,
    );
  }
  if (user !== undefined) return { kind: "user", user, pass: pass ?? "" };
  if (token) return { kind: "token", token };
  if (creds) return { kind: "creds", file: creds };
  return { kind: "none" };
}

/** The secrets in an auth, for the log redactor. */
export function secretsOf(auth: NatsAuth): string[] {
  if (auth.kind === "user") return auth.pass ? [auth.pass] : [];
  if (auth.kind === "token") return [auth.token];
  return [];
}
