import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** sha256 of bytes or text (UTF-8), as lower-case hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** sha256 of a file's bytes, streamed; undefined when it cannot be read. */
export async function sha256File(file: string): Promise<string | undefined> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest("hex");
}
