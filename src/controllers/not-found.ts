/**
 * Objects that may be gone: a reconcile reads the object its key names, and a key can outlive
 * its object (deleted since it was queued), so NotFound there means "nothing to do", not an
 * error. Deletes of objects someone else may have deleted first are the same.
 */
import { KubeError } from "../kube/errors.ts";

/** `client.get(name)`, or undefined when the object does not exist; other errors are thrown. */
export async function getOrUndefined<T>(
  client: { get(name: string): Promise<T> },
  name: string,
): Promise<T | undefined> {
  try {
    return await client.get(name);
  } catch (err) {
    if (KubeError.is(err, "NotFound")) return undefined;
    throw err;
  }
}

/** `client.delete(name)`, done when the object is already gone. */
export async function deleteIfExists(client: { delete(name: string): Promise<void> }, name: string): Promise<void> {
  try {
    await client.delete(name);
  } catch (err) {
    if (!KubeError.is(err, "NotFound")) throw err;
  }
}
