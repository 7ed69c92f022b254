/**
 * Key rules shared by every store: ordering (S3 lists in UTF-8 byte order, which differs from
 * JavaScript's UTF-16 string order for characters beyond the BMP), validation, and grouping a
 * sorted key stream into objects and common prefixes for a delimiter.
 */
import { StorageError } from "./errors.ts";
import type { ListEntry, ObjectInfo } from "./object-store.ts";

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

const maxKeyBytes = 1024;

export function validateKey(key: string): void {
  if (key.length === 0) throw new StorageError("InvalidArgument", "object key: must not be empty", { key });
  if (Buffer.byteLength(key, "utf8") > maxKeyBytes) {
    throw new StorageError("InvalidArgument", `object key: longer than ${maxKeyBytes} bytes`, {
      key,
    });
  }
  if (key.includes("\0")) throw new StorageError("InvalidArgument", "object key: must not contain NUL", { key });
}

/**
 * Turns objects sorted by key (all starting with `prefix`) into list entries: with a delimiter,
 * keys that contain it after the prefix collapse into one common prefix, emitted once in order.
 */
export async function* groupByDelimiter(
  objects: AsyncIterable<ObjectInfo> | Iterable<ObjectInfo>,
  prefix: string,
  delimiter: string | undefined,
): AsyncIterable<ListEntry> {
  let lastPrefix: string | undefined;
  for await (const object of objects) {
    if (!object.key.startsWith(prefix)) continue;
    if (delimiter) {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = object.key.slice(0, at + delimiter.length);
        if (common !== lastPrefix) {
          lastPrefix = common;
          yield { kind: "prefix", prefix: common };
        }
        continue;
      }
    }
    yield { kind: "object", object };
  }
}
