import { test } from "node:test";
import assert from "node:assert/strict";
import { Command } from "commander";
import { KubeError } from "../kube/errors.ts";
import { addKubeOptions, explainKubeError, kubeGlobals, type KubeGlobals } from "./kube-context.ts";
import { UsageError } from "./output.ts";

function parse(args: string[], env: NodeJS.ProcessEnv = {}): KubeGlobals {
  let globals: KubeGlobals | undefined;
  const program = addKubeOptions(new Command("lifeboat").enablePositionalOptions().exitOverride());
  const noun = program.command("backup");
  addKubeOptions(noun.command("get")).action((_o: unknown, cmd: Command) => {
    globals = kubeGlobals(cmd, { env });
  });
  program.parse(["node", "lifeboat", ...args]);
  assert.ok(globals);
  return globals;
}

test("defaults: namespace lifeboat, table output", () => {
  assert.deepEqual(parse(["backup", "get"]), { namespace: "lifeboat", output: "table" });
});

test("the verb's flag wins over the root's, which wins over the environment", () => {
  const env = { LIFEBOAT_NAMESPACE: "from-env" };
  assert.equal(parse(["backup", "get"], env).namespace, "from-env");
  assert.equal(parse(["-n", "root", "backup", "get"], env).namespace, "root");
  assert.equal(parse(["-n", "root", "backup", "get", "-n", "verb"], env).namespace, "verb");
  const g = parse(["--kubeconfig", "/k", "-o", "json", "backup", "get", "--kubecontext", "c"]);
  assert.deepEqual(g, { namespace: "lifeboat", kubeconfig: "/k", kubecontext: "c", output: "json" });
});

test("a bad namespace or output format is a usage error naming the flag", () => {
  assert.throws(() => parse(["backup", "get", "-n", "Bad_NS"]), /--namespace: "Bad_NS" is not a valid namespace name/);
  assert.throws(() => parse(["backup", "get", "-o", "xml"]), /--output: "xml" is not a format/);
});

test("fixable kube errors become one clear line", () => {
  const ctx = { server: "https://127.0.0.1:6443", namespace: "lifeboat" };
  const network = explainKubeError(new KubeError("Network", "GET /x: connect ECONNREFUSED"), ctx);
  assert.ok(network instanceof UsageError);
  assert.match(
    network.message,
    /^cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:6443 \(GET \/x: connect ECONNREFUSED\)/,
  );
  const noCrd = explainKubeError(
    new KubeError("NotFound", "GET /apis/lifeboat.dev/v1/...: the server could not find the requested resource"),
    ctx,
  );
  assert.match((noCrd as Error).message, /CRDs are not installed.*lifeboat install --crds-only/);
  const noNs = explainKubeError(new KubeError("NotFound", 'POST /x: namespaces "lifeboat" not found'), ctx);
  assert.match((noNs as Error).message, /namespace "lifeboat" does not exist.*-n/);
  const other = new KubeError("NotFound", 'backups.lifeboat.dev "x" not found');
  assert.equal(explainKubeError(other, ctx), other);
  const plain = new Error("x");
  assert.equal(explainKubeError(plain, ctx), plain);
});
