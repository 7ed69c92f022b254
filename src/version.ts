/** Lifeboat's own version, read once from package.json. */
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export const lifeboatVersion: string = pkg.version;

/** Lifeboat's container image for this version (the restore-wait init container runs it). */
export const lifeboatImage = `ghcr.io/lifeboat-dev/lifeboat:v${lifeboatVersion}`;
