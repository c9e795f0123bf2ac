/**
 * The backup directory's format (docs/backup.md): a `manifest.json`, one JSON-lines file per
 * stream, KV bucket and object store, and a `SHA256SUMS` over all of them. A line is one
 * record — a stream message with its subject, headers and original sequence and time; a KV
 * key's current value; an object with its metadata — binary data as base64. A format a
 * person can read with `jq`, that any nats-server version can take back, and whose files
 * `sha256sum -c SHA256SUMS` checks without seo-farm.
 *
 * Runtime-neutral: the entry that writes and reads the files (bin/backup.ts) passes lines.
 */
import { BackupInvalidError } from "../errors.ts";

export const BACKUP_FORMAT = "seo-farm-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";
export const CHECKSUMS_FILE = "SHA256SUMS";

export type SectionKind = "stream" | "kv" | "objects";

/** Message headers as JSON: every value of every key, in order. */
export type HeaderMap = Record<string, string[]>;

/** One message of a stream, as it was stored. */
export interface StreamRecord {
  /** Its sequence in the backed-up stream (a restore gives it a new one). */
  seq: number;
  /** When the server stored it (ISO 8601; a restore stores it anew). */
  time: string;
  subject: string;
  headers?: HeaderMap;
  data: Uint8Array;
}

/** A KV key's value at backup time (deleted keys are not backed up). */
export interface KvRecord {
  key: string;
  /** The key's revision in the backed-up bucket (a restore starts new revisions). */
  revision: number;
  time: string;
  value: Uint8Array;
}

/** An object with the metadata it was put with. */
export interface ObjectRecord {
  name: string;
  description?: string;
  headers?: HeaderMap;
  metadata?: Record<string, string>;
  size: number;
  /** The object store's digest (`SHA-256=…`), checked again after a restore. */
  digest: string;
  data: Uint8Array;
}

export interface RecordOf {
  stream: StreamRecord;
  kv: KvRecord;
  objects: ObjectRecord;
}

/** One file of the backup. */
export interface BackupSection {
  kind: SectionKind;
  /** Stream name, bucket name or object store name. */
  name: string;
  /** Path relative to the backup dir. */
  file: string;
  /** Lines (records) in the file. */
  count: number;
  bytes: number;
  sha256: string;
  /** The stream's config when it was backed up, for reference; a restore uses the setup's. */
  config?: unknown;
}

/** A workflow that had not ended and for which the backup holds no work to go on with. */
export interface UnfinishedWithoutWork {
  id: string;
  status: string;
  stage?: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_FORMAT_VERSION;
  createdAt: string;
  finishedAt: string;
  /** The server the backup was read from. */
  source: { server: string; cluster?: string };
  sections: BackupSection[];
  /** What is deliberately not in the backup, and why. */
  leftOut: Array<{ name: string; why: string }>;
  /**
   * Workflows that were running when the backup was read but whose next step is in no
   * backed-up message (they moved between the reads); a restore cannot finish them. Empty
   * for a backup taken while the actors were stopped.
   */
  unfinished: UnfinishedWithoutWork[];
}

/** The file a section is written to. */
export function sectionFile(kind: SectionKind, name: string): string {
  const dir = kind === "stream" ? "streams" : kind === "kv" ? "kv" : "objects";
  return `${dir}/${name}.jsonl`;
}

// ---------------------------------------------------------------- base64 (web-standard)

const CHUNK = 0x8000;

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

// ---------------------------------------------------------------- lines

/** A record as one line of its section's file (no trailing newline). */
export function recordLine<K extends SectionKind>(kind: K, r: RecordOf[K]): string {
  if (kind === "kv") {
    const k = r as KvRecord;
    return JSON.stringify({
      key: k.key,
      revision: k.revision,
      time: k.time,
      value: toBase64(k.value),
    });
  }
  const { data, ...rest } = r as StreamRecord | ObjectRecord;
  return JSON.stringify({ ...rest, data: toBase64(data) });
}

function fail(where: string, what: string): never {
  throw new BackupInvalidError(`${where}: ${what}`);
}

function str(o: Record<string, unknown>, field: string, where: string): string {
  const v = o[field];
  if (typeof v !== "string") fail(where, `"${field}" must be a string`);
  return v;
}

function num(o: Record<string, unknown>, field: string, where: string): number {
  const v = o[field];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    fail(where, `"${field}" must be a whole number`);
  }
  return v;
}

function bytes(o: Record<string, unknown>, field: string, where: string): Uint8Array {
  try {
    return fromBase64(str(o, field, where));
  } catch (err) {
    if (err instanceof BackupInvalidError) throw err;
    fail(where, `"${field}" is not base64`);
  }
}

function headerMap(v: unknown, where: string): HeaderMap | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(where, "bad headers");
  for (const values of Object.values(v)) {
    if (!Array.isArray(values) || values.some((x) => typeof x !== "string")) {
      fail(where, "header values must be lists of strings");
    }
  }
  return v as HeaderMap;
}

/**
 * Parses one line of a section's file. `where` names it in errors (`kv/seo-workflows.jsonl:12`).
 * @throws BackupInvalidError for a line that is not a record of that kind.
 */
export function parseRecordLine<K extends SectionKind>(
  kind: K,
  line: string,
  where: string,
): RecordOf[K] {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    fail(where, "not JSON");
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) fail(where, "not a JSON object");
  const r = o as Record<string, unknown>;
  if (kind === "kv") {
    const kv: KvRecord = {
      key: str(r, "key", where),
      revision: num(r, "revision", where),
      time: str(r, "time", where),
      value: bytes(r, "value", where),
    };
    return kv as RecordOf[K];
  }
  const headers = headerMap(r.headers, where);
  if (kind === "stream") {
    const s: StreamRecord = {
      seq: num(r, "seq", where),
      time: str(r, "time", where),
      subject: str(r, "subject", where),
      ...(headers ? { headers } : {}),
      data: bytes(r, "data", where),
    };
    return s as RecordOf[K];
  }
  const metadata = r.metadata;
  if (metadata !== undefined && (typeof metadata !== "object" || metadata === null)) {
    fail(where, "bad metadata");
  }
  const obj: ObjectRecord = {
    name: str(r, "name", where),
    ...(typeof r.description === "string" ? { description: r.description } : {}),
    ...(headers ? { headers } : {}),
    ...(metadata ? { metadata: metadata as Record<string, string> } : {}),
    size: num(r, "size", where),
    digest: str(r, "digest", where),
    data: bytes(r, "data", where),
  };
  if (obj.data.length !== obj.size) {
    fail(where, `object "${obj.name}" has ${obj.data.length} bytes, its record says ${obj.size}`);
  }
  return obj as RecordOf[K];
}

/**
 * Validates a parsed `manifest.json`.
 * @throws BackupInvalidError naming what is wrong (another format, a newer version, a
 *   section without its checksum).
 */
export function parseManifest(value: unknown): BackupManifest {
  const where = MANIFEST_FILE;
  if (typeof value !== "object" || value === null) fail(where, "not a JSON object");
  const m = value as Record<string, unknown>;
  if (m.format !== BACKUP_FORMAT) {
    fail(where, `not a seo-farm backup (format ${JSON.stringify(m.format)})`);
  }
  if (m.version !== BACKUP_FORMAT_VERSION) {
    fail(
      where,
      `format version ${JSON.stringify(m.version)}; this seo-farm reads version ${BACKUP_FORMAT_VERSION}`,
    );
  }
  if (!Array.isArray(m.sections)) fail(where, '"sections" must be a list');
  for (const [i, s] of m.sections.entries()) {
    const at = `${where} sections[${i}]`;
    if (typeof s !== "object" || s === null) fail(at, "not an object");
    const sec = s as Record<string, unknown>;
    if (!["stream", "kv", "objects"].includes(sec.kind as string)) fail(at, "bad kind");
    const name = str(sec, "name", at);
    // Names become file paths: letters, digits, _ and - only (every seo-farm name is so).
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) fail(at, `bad name ${JSON.stringify(name)}`);
    const file = str(sec, "file", at);
    if (file !== sectionFile(sec.kind as SectionKind, name)) {
      fail(at, `file "${file}" is not where a ${String(sec.kind)} called ${name} is kept`);
    }
    num(sec, "count", at);
    num(sec, "bytes", at);
    if (!/^[0-9a-f]{64}$/.test(str(sec, "sha256", at))) fail(at, "sha256 must be 64 hex digits");
  }
  if (!Array.isArray(m.unfinished)) fail(where, '"unfinished" must be a list');
  if (!Array.isArray(m.leftOut)) fail(where, '"leftOut" must be a list');
  return value as BackupManifest;
}
