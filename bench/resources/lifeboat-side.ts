/**
 * Lifeboat's side of the benchmark, set up the way `npm run lifeboat:up` does it (CRDs, the
 * credentials Secret, the default BackupStorageLocation on MinIO, `lifeboat server` in the
 * background) and driven through the real CLI: `backup create … --wait`, `restore create …
 * --from-backup … --wait`, and `backup get`/`restore get -o json` for the server's own stamps.
 */
import { apiVersion } from "../../src/api/group.ts";
import type { RestClient } from "../../src/kube/rest.ts";
import { lifeboatCli, lifeboatUp, type LifeboatInfo } from "../../test/cluster/lifeboat.ts";
import { stopDaemon } from "../../test/cluster/processes.ts";
import { serverDaemons } from "./bench-cluster.ts";
import { watchedRun } from "./phase-watch.ts";
import { assertLoopbackOnly, RssSampler, type PeakRss } from "./process-stats.ts";
import type { RunReport } from "./report.ts";
import { serverSeconds } from "./velero-peer.ts";

interface LifeboatRun {
  metadata?: { name?: string };
  status?: {
    phase?: string;
    startTimestamp?: string;
    completionTimestamp?: string;
    progress?: { itemsBackedUp?: number; itemsRestored?: number };
    warnings?: number;
    errors?: number;
  };
}

/** `get NAME -o json` may print the object itself or a list holding it. */
function pickRun(json: string, name: string): LifeboatRun {
  const parsed = JSON.parse(json) as LifeboatRun & { items?: LifeboatRun[] };
  const run = parsed.items ? parsed.items.find((i) => i.metadata?.name === name) : parsed;
  if (!run) throw new Error(`the output of \`get ${name} -o json\` does not hold ${name}`);
  return run;
}

type RunTimes = Awaited<ReturnType<typeof watchedRun>>;

export class LifeboatSide {
  readonly #rest: RestClient;
  #info: LifeboatInfo | undefined;
  #sampler: RssSampler | undefined;
  listeners: string[] = [];

  constructor(rest: RestClient) {
    this.#rest = rest;
  }

  get info(): LifeboatInfo {
    if (!this.#info) throw new Error("Lifeboat is not started");
    return this.#info;
  }

  /** Fails with what is missing if the CLI cannot run a backup or restore yet. */
  async start(log: (line: string) => void): Promise<void> {
    try {
      this.#info = await lifeboatUp(log);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(
        `setting Lifeboat up as \`npm run lifeboat:up\` does failed, so no numbers: ${why.slice(0, 600)}`,
        {
          cause: err,
        },
      );
    }
    this.#sampler = new RssSampler(this.#info.serverPid);
    this.listeners = assertLoopbackOnly("lifeboat server", this.#info.serverPid);
    for (const command of [
      ["backup", "create"],
      ["restore", "create"],
      ["backup", "get"],
      ["restore", "get"],
    ]) {
      const help = await lifeboatCli(this.#info.kubeconfig, [...command, "--help"]).catch((err: Error) => err.message);
      if (!help.includes("Usage")) {
        throw new Error(
          `the Lifeboat CLI has no \`lifeboat ${command.join(" ")}\` yet (src/cli): ${help.slice(0, 300)}`,
        );
      }
    }
  }

  async #finished(kind: "backup" | "restore", name: string, times: RunTimes): Promise<RunReport> {
    const run = pickRun(await lifeboatCli(this.info.kubeconfig, [kind, "get", name, "-o", "json"]), name);
    const status = run.status ?? {};
    if (status.phase !== "Completed") {
      throw new Error(
        `Lifeboat ${kind} ${name} ended ${status.phase ?? "without a phase"} (errors ${status.errors ?? 0})`,
      );
    }
    return {
      wallSeconds: times.wallSeconds,
      watchedSeconds: times.watched.seconds,
      serverSeconds: serverSeconds(status.startTimestamp, status.completionTimestamp),
      items: kind === "backup" ? status.progress?.itemsBackedUp : status.progress?.itemsRestored,
      warnings: status.warnings ?? 0,
    };
  }

  #collection(kind: "backup" | "restore"): string {
    return `/apis/${apiVersion}/namespaces/${this.info.namespace}/${kind}s`;
  }

  async backup(name: string, namespaces: string[]): Promise<RunReport> {
    const times = await watchedRun(this.#rest, this.#collection("backup"), name, () =>
      lifeboatCli(this.info.kubeconfig, [
        "backup",
        "create",
        name,
        "--include-namespaces",
        namespaces.join(","),
        "--wait",
      ]),
    );
    this.listeners = assertLoopbackOnly("lifeboat server", this.info.serverPid);
    return this.#finished("backup", name, times);
  }

  async restore(name: string, backup: string): Promise<RunReport> {
    const times = await watchedRun(this.#rest, this.#collection("restore"), name, () =>
      lifeboatCli(this.info.kubeconfig, ["restore", "create", name, "--from-backup", backup, "--wait"]),
    );
    return this.#finished("restore", name, times);
  }

  async stop(): Promise<PeakRss | undefined> {
    const peak = this.#sampler?.stop();
    this.#sampler = undefined;
    await stopDaemon(serverDaemons.lifeboat);
    return peak;
  }
}
