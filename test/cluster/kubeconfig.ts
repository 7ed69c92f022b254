/**
 * Writes self-contained kubeconfig files (certificates embedded) for the test cluster's
 * identities, so a kubeconfig can be copied elsewhere and still work.
 */
import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { pkiFile } from "./pki.ts";
import { host, ports } from "./paths.ts";

const clusterName = "lifeboat-dev";

function b64(file: string): string {
  return readFileSync(file).toString("base64");
}

export function kubeconfigYaml(identity: string, user: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: clusterName,
        cluster: {
          server: `https://${host}:${ports.apiserver}`,
          "certificate-authority-data": b64(pkiFile("ca.crt")),
        },
      },
    ],
    users: [
      {
        name: user,
        user: {
          "client-certificate-data": b64(pkiFile(`${identity}.crt`)),
          "client-key-data": b64(pkiFile(`${identity}.key`)),
        },
      },
    ],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user } }],
    "current-context": clusterName,
  });
}

/** Writes atomically (temp file + rename) so a reader never sees half a kubeconfig. */
export async function writeKubeconfig(file: string, identity: string, user: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, kubeconfigYaml(identity, user), { mode: 0o600 });
  await rename(tmp, file);
}
