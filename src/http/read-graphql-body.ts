import type { IncomingMessage } from "node:http";

/** A request refused before GraphQL sees it, with the status and message the client gets (as JSON). */
export class RequestRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a POST body for Apollo: bounded in size (413), identity-encoded only (415), UTF-8 only (415, and 400
 * for bytes that are not UTF-8), JSON parsed here when the content type says JSON (400 when it is not).
 * Other content types are handed to Apollo as text, whose CSRF prevention refuses them.
 */
export async function readGraphQLBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const encoding = req.headers["content-encoding"];
  if (encoding && encoding.toLowerCase() !== "identity") {
    req.resume();
    throw new RequestRefusal(415, "Compressed request bodies are not accepted.");
  }
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  const charset = /charset=([^;\s]+)/.exec(contentType)?.[1]?.replace(/"/g, "");
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    req.resume();
    throw new RequestRefusal(415, "Request bodies must be UTF-8.");
  }
  const bytes = await readBytes(req, limitBytes);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new RequestRefusal(400, "Request body is not valid UTF-8.");
  }
  if (!/^application\/(graphql-response\+)?json\b/.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestRefusal(400, "Request body is not valid JSON.");
  }
}

function readBytes(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  if (Number(req.headers["content-length"]) > limitBytes) {
    req.resume();
    return Promise.reject(new RequestRefusal(413, "Request body too large."));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.off("data", onData);
        req.resume();
        reject(new RequestRefusal(413, "Request body too large."));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", () => reject(new RequestRefusal(400, "Request body could not be read.")));
  });
}
