/**
 * Puts one object into the tarball, Velero-style: serialized once (compact JSON, without
 * `metadata.managedFields`, which restore never needs and which roughly doubles an object's
 * size) and written twice — at the legacy path and under `<version>-preferredversion/`. It also
 * keeps what the run reports about the items it wrote: the resource list, the backed-up pods, and
 * the item count.
 */
import type { DiscoveredResource } from "../kube/discovery.ts";
import type { Unstructured } from "../kube/dynamic.ts";
import { ResourceListBuilder } from "./resource-list.ts";
import { itemPaths } from "./tarball-layout.ts";
import type { TarballWriter } from "./tarball-writer.ts";

export interface BackedUpPod {
  namespace: string;
  name: string;
  uid: string;
}

/** The stored form of an object: managedFields dropped, everything else as the API returned it. */
export function storedForm(obj: Unstructured): Unstructured {
  if (!obj.metadata?.managedFields) return obj;
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata };
}

export class ItemWriter {
  readonly resourceList = new ResourceListBuilder();
  readonly pods: BackedUpPod[] = [];
  readonly #tarball: TarballWriter;
  #written = 0;

  constructor(tarball: TarballWriter) {
    this.#tarball = tarball;
  }

  get written(): number {
    return this.#written;
  }

  async write(res: DiscoveredResource, obj: Unstructured): Promise<void> {
    const name = obj.metadata?.name ?? "";
    const namespace = res.namespaced ? obj.metadata?.namespace : undefined;
    const data = Buffer.from(JSON.stringify(storedForm(obj)));
    const [legacy, preferred] = itemPaths(res.groupResource, res.version, namespace, name);
    await this.#tarball.add({ name: legacy, data }, { name: preferred, data });
    this.#written++;
    this.resourceList.add(obj.apiVersion ?? res.groupVersion, obj.kind ?? res.kind, namespace, name);
    if (res.groupResource === "pods" && namespace) this.pods.push({ namespace, name, uid: obj.metadata?.uid ?? "" });
  }
}
