/**
 * Asks the running Lifeboat server for its version, as Velero's `version` does: create a
 * ServerStatusRequest, wait (5 s by default) for the server to mark it Processed, delete it.
 * `serverStatus` never throws: when no server answers it says why, in words a user can act on.
 */
import { randomBytes } from "node:crypto";
import { apiVersion } from "../api/group.ts";
import { explainKubeError, kubeContext, type KubeGlobals } from "./kube-context.ts";
import { waitFor, WaitError } from "./wait.ts";

export type ServerStatus = { version: string } | { error: string };

export async function serverStatus(globals: KubeGlobals, timeoutMs = 5000): Promise<ServerStatus> {
  let ctx;
  try {
    ctx = kubeContext(globals);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const client = ctx.serverStatusRequests;
  const name = `lifeboat-cli-${randomBytes(5).toString("hex")}`;
  try {
    await client.create({
      apiVersion,
      kind: "ServerStatusRequest",
      metadata: { name, namespace: ctx.namespace },
      spec: {},
    });
    try {
      const answered = await waitFor({
        what: "server status request",
        get: () => client.get(name),
        watch: client.listWatch({ fieldSelector: `metadata.name=${name}` }),
        until: (r) => r.status?.phase === "Processed",
        timeoutMs,
      });
      return { version: answered.status?.serverVersion || "<unknown>" };
    } finally {
      await client.delete(name).catch(() => undefined);
    }
  } catch (err) {
    if (err instanceof WaitError && err.code === "Timeout")
      return { error: `no Lifeboat server answered within ${timeoutMs / 1000}s in namespace ${ctx.namespace}` };
    return { error: (explainKubeError(err, ctx) as Error).message };
  }
}
