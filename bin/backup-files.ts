/**
 * The backup directory on disk, for `seo-farm backup` and `seo-farm restore`: section files
 * written line by line with their SHA-256 taken on the way, read back as records, and the
 * checks a restore makes before it touches a server (every file there, of the size and
 * checksum the manifest says).
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { NatsConnection } from "@nats-io/nats-core";
import {
  type BackupManifest,
  type BackupSection,
  CHECKSUMS_FILE,
  MANIFEST_FILE,
  parseManifest,
  parseRecordLine,
  type RecordOf,
  recordLine,
  type SectionKind,
  sectionFile,
} from "../core/backup/format.ts";
import { BackupInvalidError } from "../core/errors.ts";
import { connectNats } from "../core/nats/node-connect.ts";

/** Writes one section's records as lines, counting them and hashing the bytes. */
export class SectionWriter<K extends SectionKind> {
  readonly file: string;
  count = 0;
  bytes = 0;
  readonly #hash = createHash("sha256");
  readonly #out: WriteStream;

  private constructor(
    readonly kind: K,
    readonly name: string,
    dir: string,
  ) {
    this.file = sectionFile(kind, name);
    this.#out = createWriteStream(join(dir, this.file), { flags: "wx", mode: 0o600 });
  }

  static async open<K extends SectionKind>(
    dir: string,
    kind: K,
    name: string,
  ): Promise<SectionWriter<K>> {
    await mkdir(dirname(join(dir, sectionFile(kind, name))), { recursive: true, mode: 0o700 });
    return new SectionWriter(kind, name, dir);
  }

  async write(record: RecordOf[K]): Promise<void> {
    const line = Buffer.from(`${recordLine(this.kind, record)}\n`);
    this.#hash.update(line);
    this.count++;
    this.bytes += line.length;
    if (!this.#out.write(line)) await once(this.#out, "drain");
  }

  async close(config?: unknown): Promise<BackupSection> {
    this.#out.end();
    await once(this.#out, "finish");
    return {
      kind: this.kind,
      name: this.name,
      file: this.file,
      count: this.count,
      bytes: this.bytes,
      sha256: this.#hash.digest("hex"),
      ...(config === undefined ? {} : { config }),
    };
  }
}

/** `dir` is missing or empty (a backup never writes over another). */
export async function assertFreshDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return;
    }
    throw err;
  }
  if (entries.length > 0) {
    throw new TypeError(`--out ${dir} is not empty: a backup goes into a new or empty directory`);
  }
}

/** Writes the manifest and a SHA256SUMS that `sha256sum -c` checks (manifest included). */
export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(join(dir, MANIFEST_FILE), text, { mode: 0o600 });
  const sums = [
    `${createHash("sha256").update(text).digest("hex")}  ${MANIFEST_FILE}`,
    ...manifest.sections.map((s) => `${s.sha256}  ${s.file}`),
  ];
  await writeFile(join(dir, CHECKSUMS_FILE), `${sums.join("\n")}\n`, { mode: 0o600 });
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Reads and checks a backup: the manifest parses, and every section file is there with the
 * size and SHA-256 the manifest gives (and the manifest matches SHA256SUMS, when present).
 * @throws BackupInvalidError naming the first file that is missing or differs.
 */
export async function openBackup(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    throw new BackupInvalidError(`${dir} has no ${MANIFEST_FILE}: not a seo-farm backup`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupInvalidError(`${MANIFEST_FILE}: not JSON`);
  }
  const manifest = parseManifest(json);
  const sums = await readFile(join(dir, CHECKSUMS_FILE), "utf8").catch(() => undefined);
  if (sums !== undefined) {
    const want = sums.match(new RegExp(`^([0-9a-f]{64})  ${MANIFEST_FILE}$`, "m"))?.[1];
    const got = createHash("sha256").update(text).digest("hex");
    if (want && want !== got) {
      throw new BackupInvalidError(
        `${MANIFEST_FILE} differs from its checksum in ${CHECKSUMS_FILE}`,
      );
    }
  }
  for (const s of manifest.sections) {
    const path = join(dir, s.file);
    const size = await stat(path).then(
      (st) => st.size,
      () => undefined,
    );
    if (size === undefined) throw new BackupInvalidError(`${s.file} is missing`);
    if (size !== s.bytes) {
      throw new BackupInvalidError(`${s.file} has ${size} bytes, the manifest says ${s.bytes}`);
    }
    if ((await sha256OfFile(path)) !== s.sha256) {
      throw new BackupInvalidError(`${s.file}: SHA-256 differs from the manifest's`);
    }
  }
  return manifest;
}

/** A section's records, parsed line by line; a bad line is an error naming file and line. */
export async function* sectionRecords<K extends SectionKind>(
  dir: string,
  section: BackupSection & { kind: K },
): AsyncGenerator<RecordOf[K]> {
  const lines = createInterface({
    input: createReadStream(join(dir, section.file), { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line === "") continue;
    yield parseRecordLine(section.kind, line, `${section.file}:${n}`);
  }
}

/** Prints how far a long section has come, at most every two seconds, and its total at the end. */
export class SectionProgress {
  #last = Date.now();
  constructor(
    readonly verb: string,
    readonly label: string,
  ) {}

  tick(count: number): void {
    if (Date.now() - this.#last < 2_000) return;
    this.#last = Date.now();
    process.stderr.write(`  ${this.label}: ${count.toLocaleString("en")} so far …\n`);
  }

  done(count: number, bytes?: number, note = ""): void {
    const size = bytes === undefined ? "" : ` (${formatBytes(bytes)})`;
    process.stderr.write(
      `  ${this.label}: ${count.toLocaleString("en")} ${this.verb}${size}${note}\n`,
    );
  }
}

/** `names` as lines of at most `width` characters, each indented by `indent`. */
export function wrapList(names: readonly string[], indent: string, width = 72): string {
  const lines: string[] = [];
  let line = "";
  for (const n of names) {
    const next = line ? `${line}, ${n}` : n;
    if (next.length > width && line) {
      lines.push(`${line},`);
      line = n;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join("\n");
}

/**
 * Connects for a one-off command; a server that cannot be reached is one line naming the
 * URL (exit code 1), not a stack trace.
 */
export async function connectForCommand(
  command: string,
  url: string,
): Promise<NatsConnection | undefined> {
  try {
    return await connectNats(url, { name: `seo-farm-${command}`, reconnectForever: false });
  } catch (err) {
    console.error(
      `seo-farm ${command}: cannot connect to NATS at ${url}: ${err instanceof Error ? err.message : err}`,
    );
    return undefined;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
