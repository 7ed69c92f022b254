/**
 * The fake kubelet's init-container runner. The fake nodes run no containers, so an init
 * container normally "completes" at once; Lifeboat's `restore-wait` container is the exception,
 * because what it does is the point of a file-system restore: the pod must stay in Init, its
 * application not started, until every restored volume carries its done-marker.
 *
 * For `restore-wait` running `lifeboat restore-helper <restore uid>`, the runner builds the
 * container's view of its mounts as a real runtime would — `<pod folder>/containers/restore-wait/
 * restores/<volume>` pointing at that volume's folder on this node — and runs the helper's own
 * logic (src/restore-helper.ts `markersDone`, then `removeMarkers`) against it. Until the markers
 * are all there it answers "waiting" and the pod worker tries again on its next pass.
 */
import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { mkdir, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { parseRestoreWait } from "../../../src/podvolume/restore-wait.ts";
import { markersDone, removeMarkers } from "../../../src/restore-helper.ts";
import { podDir } from "./pod-volumes.ts";
import type { InitContainerRunner } from "./pod-worker.ts";

const reportEveryMs = 10_000;

/** `<pod folder>/containers/<container>/restores`: where the helper "sees" /restores. */
export function restoresView(rootDir: string, podUid: string, container: string): string {
  return path.join(podDir(rootDir, podUid), "containers", container, "restores");
}

export function restoreWaitRunner(rootDir: string, log: (msg: string) => void): InitContainerRunner {
  // pods whose helper already finished: its markers are gone, so it must not wait again
  const finished = new Set<string>();
  const lastReport = new Map<string, number>();
  return async (pod: V1Pod, container: V1Container, volumes: Map<string, string>) => {
    const parsed = parseRestoreWait(container);
    if (!parsed) return "done";
    const uid = pod.metadata?.uid ?? "";
    const who = `pod ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
    if (finished.has(uid)) return "done";
    const view = restoresView(rootDir, uid, container.name);
    await rm(view, { recursive: true, force: true }); // only symlinks: nothing they point at is touched
    await mkdir(view, { recursive: true });
    for (const mount of parsed.mounts) {
      const hostFolder = volumes.get(mount.volume);
      if (!hostFolder) {
        log(`${who}: restore-wait mounts volume "${mount.volume}", which has no folder on this node yet`);
        return "waiting";
      }
      await symlink(hostFolder, path.join(view, mount.dir));
    }
    const state = await markersDone(view, parsed.restoreUid);
    if (state.done) {
      for (const warning of await removeMarkers(view, parsed.restoreUid)) log(`${who}: restore-wait: ${warning}`);
      finished.add(uid);
      lastReport.delete(uid);
      log(`${who}: restore-wait done, every volume is restored`);
      return "done";
    }
    if (Date.now() - (lastReport.get(uid) ?? 0) >= reportEveryMs) {
      lastReport.set(uid, Date.now());
      const failed = state.failed.map((f) => `${f.volume} failed (${f.message})`);
      log(`${who}: restore-wait waiting for ${[...state.waitingFor, ...failed].join(", ")}`);
    }
    return "waiting";
  };
}
