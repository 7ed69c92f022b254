/**
 * Whether an object that already exists in the cluster is "the same" as the one the restore
 * would create, and what to patch when the restore should make it so.
 *
 * The live object always carries more than the backed-up one: fields the server defaulted or
 * allocated (clusterIP, nodePorts, the scheduled nodeName, a projected token volume) and
 * metadata the server owns. So the comparison is one-sided: every field the restore sets must
 * have the same value in the live object; fields only the live object has are not differences.
 * Arrays must match element by element. Two exceptions where extra live content does matter:
 * the `data` and `binaryData` maps of ConfigMaps and Secrets are compared key for key, and
 * labels and annotations are compared without Lifeboat's own restore labels on either side.
 */
import { resetPod } from "./actions/pod.ts";
import { resetMetadataAndStatus, withoutRestoreLabels } from "./metadata.ts";
import { type KubeObject, clone, isRecord, stringMap, setStringMap } from "./object.ts";

/** Top-level maps compared key for key. */
const exactMaps = new Set(["data", "binaryData"]);

function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function diffValue(want: unknown, have: unknown, path: string, out: string[]): void {
  if (out.length >= 20) return;
  if (isEmptyValue(want) && isEmptyValue(have)) return;
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) out.push(path);
    else want.forEach((w, i) => diffValue(w, have[i], join(path, i), out));
    return;
  }
  if (isRecord(want)) {
    const fields = have === undefined || have === null ? {} : have;
    if (!isRecord(fields)) out.push(path);
    else for (const key of Object.keys(want)) diffValue(want[key], fields[key], join(path, key), out);
    return;
  }
  if (want !== have) out.push(path);
}

function comparable(obj: KubeObject, groupResource: string): KubeObject {
  const copy = resetMetadataAndStatus(clone(obj));
  setStringMap(copy, "labels", withoutRestoreLabels(stringMap(copy, "labels")));
  return groupResource === "pods" ? resetPod(copy) : copy;
}

/**
 * Paths ("data.mode", "spec.replicas") where `live` differs from `desired`, at most 20; empty
 * when the live object already is what the restore would create.
 */
export function differences(groupResource: string, desired: KubeObject, live: KubeObject): string[] {
  const want = comparable(desired, groupResource);
  const have = comparable(live, groupResource);
  const out: string[] = [];
  for (const key of Object.keys(want)) {
    if (key === "apiVersion" || key === "kind") continue;
    diffValue(want[key], have[key], key, out);
  }
  for (const key of exactMaps) {
    const wanted = isRecord(want[key]) ? want[key] : {};
    for (const extra of Object.keys(isRecord(have[key]) ? have[key] : {})) {
      if (!(extra in wanted)) out.push(join(key, extra));
    }
  }
  return out;
}

/**
 * The merge patch that makes `live` what the restore would create: the desired object's content
 * and labels/annotations (other live labels stay), with keys of `data`/`binaryData` that only
 * the live object has removed. Server-owned metadata is never part of it.
 */
export function updatePatch(desired: KubeObject, live: KubeObject): KubeObject {
  const patch = clone(desired);
  delete patch.apiVersion;
  delete patch.kind;
  delete patch.status;
  const meta: Record<string, unknown> = {};
  for (const key of ["labels", "annotations"] as const) {
    const map = stringMap(desired, key);
    if (Object.keys(map).length > 0) meta[key] = map;
  }
  patch.metadata = meta;
  for (const key of exactMaps) {
    const liveMap = isRecord(live[key]) ? live[key] : {};
    const wanted = isRecord(patch[key]) ? { ...patch[key] } : {};
    for (const extra of Object.keys(liveMap)) if (!(extra in wanted)) wanted[extra] = null;
    if (Object.keys(wanted).length > 0) patch[key] = wanted;
  }
  return patch;
}

/** The merge patch that only sets the restore's labels. */
export function labelsPatch(desired: KubeObject): KubeObject {
  const labels = stringMap(desired, "labels");
  const ours = Object.fromEntries(Object.entries(labels).filter(([k]) => !(k in withoutRestoreLabels(labels))));
  return { metadata: { labels: ours } };
}
