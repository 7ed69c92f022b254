/**
 * The test cluster's persistent facts (MinIO credentials) and what a user or test needs to reach
 * it. Credentials are random per cluster, made on the first `cluster:up`, kept until `--purge`.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { adminKubeconfig, bucket, clusterStateFile, devDir, host, ports } from "./paths.ts";

export interface ClusterState {
  minio: { accessKey: string; secretKey: string };
}

export interface ClusterInfo {
  kubeconfig: string;
  s3: { endpoint: string; region: string; bucket: string; accessKey: string; secretKey: string };
}

export async function loadOrCreateState(): Promise<ClusterState> {
  if (existsSync(clusterStateFile)) return JSON.parse(readFileSync(clusterStateFile, "utf8")) as ClusterState;
  const state: ClusterState = {
    minio: {
      accessKey: `lifeboat-${randomBytes(4).toString("hex")}`,
      secretKey: randomBytes(24).toString("base64url"),
    },
  };
  await mkdir(devDir, { recursive: true });
  await writeFile(`${clusterStateFile}.tmp`, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(`${clusterStateFile}.tmp`, clusterStateFile);
  return state;
}

export function clusterInfo(state: ClusterState): ClusterInfo {
  return {
    kubeconfig: adminKubeconfig,
    s3: {
      endpoint: `http://${host}:${ports.minio}`,
      region: "us-east-1",
      bucket,
      accessKey: state.minio.accessKey,
      secretKey: state.minio.secretKey,
    },
  };
}

/** A shell file a user can `source` to point kubectl, restic and AWS tools at the cluster. */
export async function writeEnvFile(info: ClusterInfo, binDirs: string[]): Promise<string> {
  const file = path.join(devDir, "env");
  const lines = [
    `export KUBECONFIG=${info.kubeconfig}`,
    `export PATH=${binDirs.join(":")}:$PATH`,
    `export AWS_ACCESS_KEY_ID=${info.s3.accessKey}`,
    `export AWS_SECRET_ACCESS_KEY=${info.s3.secretKey}`,
    `export AWS_DEFAULT_REGION=${info.s3.region}`,
    `export LIFEBOAT_DEV_S3_ENDPOINT=${info.s3.endpoint}`,
  ];
  await writeFile(file, lines.join("\n") + "\n", { mode: 0o600 });
  return file;
}
