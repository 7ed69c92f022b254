/**
 * runBackup against a fake API server, for what the real cluster cannot easily show: a LIST
 * that is forbidden (an error in the results, the run goes on), items labelled exclude or being
 * deleted, a related item that is missing, a failed discovery, a bad request, cancellation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { RestClient } from "../kube/rest.ts";
import { sendJson, sendStatus, startFakeApi, type RecordedRequest } from "../kube/test-api-server.ts";
import { ResultsCollector } from "../util/results.ts";
import { RunLog } from "../util/run-log.ts";
import { runBackup, type BackupRequest } from "./backup.ts";
import { BackupError } from "./errors.ts";

const discovery = {
  kind: "APIGroupDiscoveryList",
  items: [
    {
      metadata: {},
      versions: [
        {
          version: "v1",
          resources: [
            "pods:Pod",
            "configmaps:ConfigMap",
            "secrets:Secret",
            "persistentvolumeclaims:PersistentVolumeClaim",
          ]
            .map((s) => s.split(":"))
            .map(([resource, kind]) => ({
              resource,
              responseKind: { kind },
              scope: "Namespaced",
              verbs: ["get", "list"],
            }))
            .concat([
              { resource: "namespaces", responseKind: { kind: "Namespace" }, scope: "Cluster", verbs: ["get", "list"] },
              {
                resource: "persistentvolumes",
                responseKind: { kind: "PersistentVolume" },
                scope: "Cluster",
                verbs: ["get", "list"],
              },
            ]),
        },
      ],
    },
  ],
};

const objects: Record<string, object[]> = {
  "/api/v1/namespaces": [{ metadata: { name: "app" } }, { metadata: { name: "other" } }],
  "/api/v1/namespaces/app/configmaps": [
    { metadata: { namespace: "app", name: "keep", managedFields: [{ manager: "x" }] }, data: { a: "1" } },
    { metadata: { namespace: "app", name: "excluded", labels: { "lifeboat.dev/exclude-from-backup": "true" } } },
    { metadata: { namespace: "app", name: "velero-excluded", labels: { "velero.io/exclude-from-backup": "true" } } },
    { metadata: { namespace: "app", name: "going", deletionTimestamp: "2026-01-01T00:00:00Z" } },
  ],
  "/api/v1/namespaces/app/pods": [
    {
      metadata: { namespace: "app", name: "db", uid: "pod-uid" },
      spec: {
        volumes: [{ persistentVolumeClaim: { claimName: "data" } }, { persistentVolumeClaim: { claimName: "gone" } }],
      },
    },
  ],
};

function handler(overrides: Record<string, (res: ServerResponse) => void> = {}) {
  return (req: RecordedRequest, res: ServerResponse): void => {
    const p = req.url.pathname;
    const override = overrides[p];
    if (override) return override(res);
    if (p === "/api") return sendJson(res, 200, discovery);
    if (p === "/apis") return sendJson(res, 200, { kind: "APIGroupDiscoveryList", items: [] });
    if (p === "/api/v1/namespaces/app/persistentvolumeclaims/data")
      return sendJson(res, 200, { metadata: { namespace: "app", name: "data" }, spec: { volumeName: "pv-1" } });
    if (p === "/api/v1/persistentvolumes/pv-1") return sendJson(res, 200, { metadata: { name: "pv-1" } });
    if (p === "/api/v1/namespaces/app") return sendJson(res, 200, { metadata: { name: "app" } });
    const list = objects[p];
    if (list) return sendJson(res, 200, { kind: "List", metadata: {}, items: structuredClone(list) });
    if (/^\/api\/v1\/namespaces\/[^/]+\/[^/]+$/.test(p))
      return sendJson(res, 200, { kind: "List", metadata: {}, items: [] });
    sendStatus(res, 404, "NotFound", `${p} not found`);
  };
}

const request: BackupRequest = {
  name: "b1",
  uid: "uid-1",
  includedNamespaces: ["app"],
  excludedNamespaces: [],
  includedResources: [],
  excludedResources: [],
};

async function run(
  req: Partial<BackupRequest>,
  overrides: Record<string, (res: ServerResponse) => void> = {},
  signal?: AbortSignal,
) {
  const api = await startFakeApi(handler(overrides));
  const dir = await mkdtemp(path.join(os.tmpdir(), "backup-unit-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(dir, "log.jsonl"), results });
  try {
    const outcome = await runBackup(
      { ...request, ...req },
      { rest: new RestClient(api.kc), workDir: dir, log, results, signal, now: () => new Date("2026-05-01T00:00:00Z") },
    );
    const files = new Map<string, string>();
    const extract = tar.extract();
    extract.on("entry", (h, stream, next) => {
      const parts: Buffer[] = [];
      stream.on("data", (c: unknown) => parts.push(c as Buffer));
      stream.on("end", () => {
        files.set(h.name, Buffer.concat(parts).toString());
        next();
      });
    });
    await pipeline(createReadStream(outcome.tarballPath), createGunzip(), extract);
    return { outcome, files, results: results.snapshot(), requests: api.requests };
  } catch (err) {
    return { error: err, leftovers: readdirSync(dir), results: results.snapshot(), files: new Map<string, string>() };
  } finally {
    log.close();
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test("excluded and deleting items are skipped; relatives are followed; managedFields are dropped", async () => {
  const r = await run({});
  assert.ok("outcome" in r && r.outcome);
  const items = [...r.files.keys()].filter((k) => !k.includes("preferredversion")).sort();
  assert.deepEqual(items, [
    "metadata/version",
    "resources/configmaps/namespaces/app/keep.json",
    "resources/namespaces/cluster/app.json",
    "resources/persistentvolumeclaims/namespaces/app/data.json",
    "resources/persistentvolumes/cluster/pv-1.json",
    "resources/pods/namespaces/app/db.json",
  ]);
  assert.deepEqual(JSON.parse(r.files.get("resources/configmaps/namespaces/app/keep.json") ?? ""), {
    metadata: { namespace: "app", name: "keep" },
    data: { a: "1" },
    apiVersion: "v1",
    kind: "ConfigMap",
  });
  assert.deepEqual(r.outcome.pods, [{ namespace: "app", name: "db", uid: "pod-uid" }]);
  // The PVC "gone" does not exist: a warning in the pod's namespace, not an error.
  assert.equal(r.results.warnings.namespaces["app"]?.length, 1);
  assert.match(r.results.warnings.namespaces["app"]?.[0] ?? "", /persistentvolumeclaims app\/gone could not be read/);
  assert.deepEqual(r.results.errors, { lifeboat: [], cluster: [], namespaces: {} });
  assert.ok(!r.requests.some((q) => q.url.pathname === "/api/v1/persistentvolumes"), "PVs are not listed in auto mode");
});

test("a forbidden LIST is an error in the namespace's results and the run goes on", async () => {
  const r = await run(
    {},
    { "/api/v1/namespaces/app/secrets": (res) => sendStatus(res, 403, "Forbidden", "secrets is forbidden") },
  );
  assert.ok("outcome" in r && r.outcome);
  assert.equal(r.results.errors.namespaces["app"]?.length, 1);
  assert.match(r.results.errors.namespaces["app"]?.[0] ?? "", /listing secrets in namespace app failed: .*forbidden/);
  assert.ok(r.files.has("resources/configmaps/namespaces/app/keep.json"));
});

test("a namespace that does not exist is a warning", async () => {
  const r = await run({ includedNamespaces: ["app", "nope"] });
  assert.ok("outcome" in r && r.outcome);
  assert.deepEqual(r.results.warnings.lifeboat, ['namespace "nope" does not exist; nothing to back up there']);
});

test("a failed discovery is a DiscoveryFailed BackupError; a bad request is InvalidRequest", async () => {
  const failed = await run({}, { "/api": (res) => sendStatus(res, 500, "InternalError", "etcd down") });
  assert.ok(BackupError.is(failed.error, "DiscoveryFailed"), String(failed.error));
  const bad = await run({
    includedNamespaces: ["a["],
    labelSelector: { matchLabels: { a: "b" } },
    orLabelSelectors: [{}],
  });
  assert.ok(BackupError.is(bad.error, "InvalidRequest"));
  assert.match((bad.error as Error).message, /includedNamespaces: "a\[" has a "\["/);
  assert.match((bad.error as Error).message, /labelSelector and orLabelSelectors are both set/);
});

test("a concurrency that is not a positive integer is refused", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "backup-unit-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(dir, "log.jsonl"), results });
  try {
    await assert.rejects(
      runBackup(request, { rest: {} as RestClient, workDir: dir, log, results, concurrency: 0 }),
      (err: unknown) =>
        BackupError.is(err, "InvalidRequest") && /concurrency must be a positive integer/.test(String(err)),
    );
  } finally {
    log.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("cancellation ends the run with Aborted and leaves no tarball", async () => {
  const controller = new AbortController();
  const r = await run(
    {},
    {
      "/api/v1/namespaces/app/pods": (res) => {
        controller.abort();
        setTimeout(() => sendJson(res, 200, { kind: "List", metadata: {}, items: [] }), 20);
      },
    },
    controller.signal,
  );
  assert.ok(BackupError.is(r.error, "Aborted"), String(r.error));
  assert.deepEqual(r.leftovers, ["log.jsonl"], "the partial tarball is removed");
});
