/** An OTLP/HTTP receiver for tests: every POST body (JSON with OTEL_EXPORTER_OTLP_PROTOCOL=http/json) is handed over. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  close(): void;
}

export async function startOtlpReceiver(
  onBody: (body: string, path: string) => void,
): Promise<OtlpReceiver> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      onBody(body, req.url ?? "");
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}
