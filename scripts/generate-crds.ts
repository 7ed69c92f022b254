/**
 * Writes config/crds/<plural>.lifeboat.dev.yaml for every Lifeboat custom resource from the
 * definitions in src/api (the one source of truth) and removes CRD files no definition makes any
 * more. Run with `npm run generate:crds` after changing anything in src/api.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { allDefinitions, crdFilePath, crdYaml } from "../src/api/crds.ts";

const root = join(import.meta.dirname, "..");
const folder = join(root, "config", "crds");

await mkdir(folder, { recursive: true });
const wanted = new Set<string>();
for (const def of allDefinitions) {
  const path = join(root, crdFilePath(def));
  wanted.add(path);
  await writeFile(path, crdYaml(def));
  console.log(`wrote ${crdFilePath(def)}`);
}
for (const name of await readdir(folder)) {
  const path = join(folder, name);
  if (name.endsWith(".lifeboat.dev.yaml") && !wanted.has(path)) {
    await rm(path);
    console.log(`removed ${join("config", "crds", name)}`);
  }
}
