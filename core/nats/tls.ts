/**
 * TLS to NATS, from the environment: `NATS_TLS_CA` (the CA that signed the servers'
 * certificates, PEM), and for servers that verify clients (mutual TLS) `NATS_TLS_CERT` and
 * `NATS_TLS_KEY` (this process's certificate and key, PEM). Any of them makes TLS required:
 * a server that does not offer it is refused rather than spoken to in plain text.
 * Pure: the runtime's connect entry reads the files; this only decides which to read.
 * `infra/nats/cluster/` has a server side that asks for them, and `make-certs.sh` to make them.
 */

/** The PEM files to use; undefined when the environment asks for no TLS. */
export interface NatsTlsFiles {
  /** The CA bundle that verifies the server (NATS_TLS_CA); else the system's CAs. */
  caFile?: string;
  /** The client certificate for mutual TLS (NATS_TLS_CERT). */
  certFile?: string;
  /** Its private key (NATS_TLS_KEY). */
  keyFile?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * The TLS files the environment names, or undefined for none.
 * @throws TypeError when only one of NATS_TLS_CERT and NATS_TLS_KEY is set.
 */
export function parseNatsTls(env: Env): NatsTlsFiles | undefined {
  const caFile = nonEmpty(env, "NATS_TLS_CA");
  const certFile = nonEmpty(env, "NATS_TLS_CERT");
  const keyFile = nonEmpty(env, "NATS_TLS_KEY");
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new TypeError(
      `set both NATS_TLS_CERT and NATS_TLS_KEY for mutual TLS, or neither (got only ${certFile ? "NATS_TLS_CERT" : "NATS_TLS_KEY"})`,
    );
  }
  if (!caFile && !certFile) return undefined;
  return {
    ...(caFile ? { caFile } : {}),
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
  };
}

/** What the transports take: the files' PEM text. */
export interface NatsTlsPem {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Reads the files with the runtime's reader; an unreadable or empty one is a TypeError
 * naming its variable and path (at startup, not at the first reconnect).
 */
export function readNatsTls(
  files: NatsTlsFiles,
  readFile: ((path: string) => Uint8Array) | undefined,
): NatsTlsPem {
  if (!readFile) throw new TypeError("NATS_TLS_*: this runtime cannot read TLS files");
  const read = (variable: string, path: string): string => {
    let text: string;
    try {
      text = new TextDecoder().decode(readFile(path));
    } catch (err) {
      throw new TypeError(
        `${variable}: cannot read ${path}: ${err instanceof Error ? err.message : err}`,
      );
    }
    if (!text.includes("-----BEGIN ")) {
      throw new TypeError(`${variable}: ${path} is not a PEM file (no "-----BEGIN" line)`);
    }
    return text;
  };
  return {
    ...(files.caFile ? { ca: read("NATS_TLS_CA", files.caFile) } : {}),
    ...(files.certFile ? { cert: read("NATS_TLS_CERT", files.certFile) } : {}),
    ...(files.keyFile ? { key: read("NATS_TLS_KEY", files.keyFile) } : {}),
  };
}
