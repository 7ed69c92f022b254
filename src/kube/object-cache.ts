/**
 * The informer's store: the last known state of each object, keyed "namespace/name" (or "name"
 * for cluster-scoped objects), the key format controllers put on their work queues.
 */
import type { KubernetesObject } from "@kubernetes/client-node";

export function objectKey(obj: KubernetesObject): string {
  const { namespace, name } = obj.metadata ?? {};
  return namespace ? `${namespace}/${name ?? ""}` : (name ?? "");
}

/** Splits a key back into its parts. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export class ObjectCache<T extends KubernetesObject> {
  #items = new Map<string, T>();

  get(name: string, namespace?: string): T | undefined {
    return this.#items.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.#items.get(key);
  }

  list(namespace?: string): T[] {
    const all = [...this.#items.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  }

  keys(): string[] {
    return [...this.#items.keys()];
  }

  get size(): number {
    return this.#items.size;
  }

  /** Stores `obj`; returns the object it replaced, if any. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    this.#items.set(key, obj);
    return old;
  }

  /** Removes the object with `obj`'s key; returns what was cached, if anything. */
  delete(obj: KubernetesObject): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    this.#items.delete(key);
    return old;
  }
}
