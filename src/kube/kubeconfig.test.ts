import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { KubeError } from "./errors.ts";
import { currentNamespace, loadKubeConfig } from "./kubeconfig.ts";

let dir: string;

function kubeconfig(name: string, server: string, namespace?: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    `current-context: ${name}`,
    "clusters:",
    `- name: ${name}`,
    `  cluster: { server: "${server}" }`,
    "users:",
    `- name: ${name}`,
    "  user: { token: t }",
    "contexts:",
    `- name: ${name}`,
    `  context: { cluster: ${name}, user: ${name}${namespace ? `, namespace: ${namespace}` : ""} }`,
    "",
  ].join("\n");
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-kubeconfig-"));
  await writeFile(path.join(dir, "one"), kubeconfig("one", "https://one:6443", "ns-one"));
  await writeFile(path.join(dir, "two"), kubeconfig("two", "https://two:6443"));
  await mkdir(path.join(dir, "home", ".kube"), { recursive: true });
  await writeFile(path.join(dir, "home", ".kube", "config"), kubeconfig("home", "https://home:6443"));
  await mkdir(path.join(dir, "sa"));
  await writeFile(path.join(dir, "sa", "token"), "sa-token");
  await writeFile(path.join(dir, "sa", "ca.crt"), "");
  await writeFile(path.join(dir, "sa", "namespace"), "lifeboat\n");
});

after(() => rm(dir, { recursive: true, force: true }));

const server = (kc: ReturnType<typeof loadKubeConfig>): string | undefined => kc.getCurrentCluster()?.server;

test("an explicit file wins over $KUBECONFIG, in-cluster and ~/.kube/config", () => {
  const env = { KUBECONFIG: path.join(dir, "two"), KUBERNETES_SERVICE_HOST: "10.0.0.1" };
  const kc = loadKubeConfig({ kubeconfig: path.join(dir, "one"), env, homeDir: path.join(dir, "home") });
  assert.equal(server(kc), "https://one:6443");
  assert.equal(currentNamespace(kc), "ns-one");
});

test("$KUBECONFIG files are merged, the first file's context wins, missing files are skipped", () => {
  const env = {
    KUBECONFIG: [path.join(dir, "missing"), path.join(dir, "one"), path.join(dir, "two")].join(path.delimiter),
  };
  const kc = loadKubeConfig({ env, homeDir: path.join(dir, "home") });
  assert.equal(server(kc), "https://one:6443");
  const other = loadKubeConfig({ env, context: "two" });
  assert.equal(server(other), "https://two:6443");
});

test("in a pod (KUBERNETES_SERVICE_HOST, no file) the service account is used", () => {
  const env = { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443" };
  const kc = loadKubeConfig({ env, homeDir: path.join(dir, "home"), serviceAccountDir: path.join(dir, "sa") });
  assert.equal(server(kc), "https://[fd00::1]:443");
  assert.equal(kc.getCurrentCluster()?.caFile, path.join(dir, "sa", "ca.crt"));
  assert.equal(currentNamespace(kc), "lifeboat");
});

test("~/.kube/config is the last resort; nothing at all is ConfigNotFound", () => {
  assert.equal(server(loadKubeConfig({ env: {}, homeDir: path.join(dir, "home") })), "https://home:6443");
  assert.throws(
    () => loadKubeConfig({ env: {}, homeDir: path.join(dir, "nowhere") }),
    (err) => KubeError.is(err, "ConfigNotFound"),
  );
  assert.throws(
    () => loadKubeConfig({ kubeconfig: path.join(dir, "nope"), env: {} }),
    (err) => KubeError.is(err, "ConfigNotFound"),
  );
});

test("an unknown context is an InvalidArgument naming it", () => {
  assert.throws(
    () => loadKubeConfig({ kubeconfig: path.join(dir, "one"), context: "prod", env: {} }),
    (err) => KubeError.is(err, "InvalidArgument") && /"prod"/.test(err.message),
  );
});
