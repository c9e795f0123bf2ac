/**
 * The environment of an actor the supervisor spawns: its own, except for the NATS
 * credentials. With least-privilege NATS users (infra/nats/permissions.conf) the supervisor
 * and its actors are different users: `ACTOR_NATS_<X>` in the supervisor's environment
 * becomes `NATS_<X>` of the actor (USER, PASSWORD, TOKEN, CREDS, INBOX_PREFIX). Without any
 * `ACTOR_NATS_*` variable the actor inherits the supervisor's credentials unchanged.
 */

const NATS_AUTH_VARS = ["USER", "PASSWORD", "TOKEN", "CREDS", "INBOX_PREFIX"] as const;

/** `env` with the actor's NATS credentials in place of the supervisor's. */
export function actorEnv<T extends Record<string, string | undefined>>(env: T): T {
  if (!NATS_AUTH_VARS.some((v) => env[`ACTOR_NATS_${v}`] !== undefined)) return env;
  const out: Record<string, string | undefined> = { ...env };
  for (const v of NATS_AUTH_VARS) {
    delete out[`NATS_${v}`];
    const value = env[`ACTOR_NATS_${v}`];
    if (value !== undefined) out[`NATS_${v}`] = value;
  }
  return out as T;
}
