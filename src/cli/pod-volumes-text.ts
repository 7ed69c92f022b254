/**
 * The pod volumes of a backup or restore as a table for `describe --details`: which pod and
 * volume, how it ended, the snapshot, the bytes (and for a backup the bytes actually uploaded),
 * how long it took and why it failed.
 */
import type { PodVolumeBackup } from "../api/pod-volume-backup.ts";
import type { PodVolumeRestore } from "../api/pod-volume-restore.ts";
import { between, goDuration, humanBytes } from "./describe-format.ts";
import { kubeTable } from "./table.ts";

type PodVolume = PodVolumeBackup | PodVolumeRestore;

function uploaded(item: PodVolume): string | undefined {
  if (item.kind !== "PodVolumeBackup") return undefined;
  const bytes = item.status?.incrementalBytes;
  return bytes === undefined ? "-" : humanBytes(bytes);
}

function snapshotOf(item: PodVolume): string {
  const id = item.kind === "PodVolumeBackup" ? item.status?.snapshotID : item.spec.snapshotID;
  return typeof id === "string" && id !== "" ? id.slice(0, 8) : "-";
}

export function podVolumesText(title: string, items: readonly PodVolume[]): string {
  if (items.length === 0) return `${title}:  <none>\n`;
  const backups = items[0]?.kind === "PodVolumeBackup";
  const header = [
    "POD",
    "VOLUME",
    "STATUS",
    "SNAPSHOT",
    "BYTES",
    ...(backups ? ["UPLOADED"] : []),
    "DURATION",
    "MESSAGE",
  ];
  const rows = [...items]
    .sort((a, b) =>
      `${a.spec.pod.namespace}/${a.spec.pod.name}`.localeCompare(`${b.spec.pod.namespace}/${b.spec.pod.name}`),
    )
    .map((item) => {
      const s = item.status;
      const ms = between(s?.startTimestamp ?? undefined, s?.completionTimestamp ?? undefined);
      const up = uploaded(item);
      return [
        `${item.spec.pod.namespace}/${item.spec.pod.name}`,
        item.spec.volume,
        s?.phase ?? "New",
        snapshotOf(item),
        humanBytes(s?.progress?.totalBytes ?? 0),
        ...(up === undefined ? [] : [up]),
        ms === undefined ? "-" : goDuration(ms),
        s?.message ?? "",
      ];
    });
  return `${title}:\n${kubeTable(header, rows).trimEnd().replace(/^/gm, "  ")}\n`;
}
