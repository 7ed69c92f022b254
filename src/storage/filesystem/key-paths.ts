/**
 * How the filesystem store maps object keys to paths: each "/"-separated segment becomes a folder
 * or file name. Names are escaped so that every key is representable and nothing escapes the
 * root: "%" is written "%25", a leading "." is written "%2E" (so ".", ".." and hidden names never
 * occur, and the store's own ".tmp" folder cannot collide), and an empty segment is written "%".
 */
import path from "node:path";
import { StorageError } from "../errors.ts";

const maxNameBytes = 255;

export function encodeSegment(segment: string, key: string): string {
  if (segment === "") return "%";
  const escaped = segment.replaceAll("%", "%25").replace(/^\./, "%2E");
  if (Buffer.byteLength(escaped) > maxNameBytes) {
    throw new StorageError(
      "InvalidArgument",
      `object key: the segment "${segment.slice(0, 40)}…" is longer than the ${maxNameBytes} bytes a file name can hold`,
      { key },
    );
  }
  return escaped;
}

export function decodeSegment(name: string): string {
  if (name === "%") return "";
  return name.replace(/%(25|2E)/g, (_, hex: string) => (hex === "25" ? "%" : "."));
}

export function keyToPath(root: string, key: string): string {
  return path.join(root, ...key.split("/").map((segment) => encodeSegment(segment, key)));
}

/** The folder holding every key that starts with `prefix`, and that folder's key prefix. */
export function listingStart(root: string, prefix: string): { dir: string; keyPrefix: string } {
  const cut = prefix.lastIndexOf("/");
  if (cut < 0) return { dir: root, keyPrefix: "" };
  const keyPrefix = prefix.slice(0, cut + 1);
  const segments = keyPrefix.slice(0, -1).split("/");
  return { dir: path.join(root, ...segments.map((s) => encodeSegment(s, prefix))), keyPrefix };
}
