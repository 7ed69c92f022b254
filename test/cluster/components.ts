/**
 * How each process of the test cluster is started and how we know it is ready. Every listener
 * is on 127.0.0.1. Order matters and is kept by `up.ts`: etcd → kube-apiserver →
 * controller manager + scheduler → hostpath provisioner + fake nodes → MinIO.
 */
import path from "node:path";
import { binaryPath } from "./build.ts";
import { type DaemonSpec } from "./processes.ts";
import { probe } from "./http-probe.ts";
import { pkiFile } from "./pki.ts";
import { dirs, host, ports, repoRoot, adminKubeconfig, kubeletRoot } from "./paths.ts";
import { kubernetesVersion } from "./versions.ts";

export interface Component {
  spec: DaemonSpec;
  ready: () => Promise<boolean>;
  /** Seconds to wait for `ready` after a start. */
  startTimeoutS: number;
}

function componentKubeconfig(name: string): string {
  return path.join(dirs.kubeconfigs, `${name}.yaml`);
}

const adminTls = {
  caFile: pkiFile("ca.crt"),
  certFile: pkiFile("admin.crt"),
  keyFile: pkiFile("admin.key"),
};

export function etcd(): Component {
  const client = `http://${host}:${ports.etcdClient}`;
  const peer = `http://${host}:${ports.etcdPeer}`;
  return {
    spec: {
      name: "etcd",
      command: binaryPath("etcd"),
      args: [
        "--name=lifeboat-dev",
        `--data-dir=${dirs.etcd}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=lifeboat-dev=${peer}`,
        `--listen-metrics-urls=http://${host}:${ports.etcdClient + 1}`,
        // a throwaway test cluster: trading crash safety for speed is the right call here
        "--unsafe-no-fsync",
        "--quota-backend-bytes=4294967296",
      ],
    },
    ready: async () => (await probe(`${client}/health`)).body.includes('"health":"true"'),
    startTimeoutS: 30,
  };
}

export function apiserver(): Component {
  return {
    spec: {
      name: "kube-apiserver",
      command: binaryPath("kube-apiserver"),
      args: [
        `--etcd-servers=http://${host}:${ports.etcdClient}`,
        `--bind-address=${host}`,
        `--advertise-address=${host}`,
        `--secure-port=${ports.apiserver}`,
        // the loopback advertise address may not be published as the kubernetes Service's
        // endpoint; nothing runs inside pods here, so no endpoint is needed
        "--endpoint-reconciler-type=none",
        `--tls-cert-file=${pkiFile("apiserver.crt")}`,
        `--tls-private-key-file=${pkiFile("apiserver.key")}`,
        `--client-ca-file=${pkiFile("ca.crt")}`,
        `--service-account-key-file=${pkiFile("sa.pub")}`,
        `--service-account-signing-key-file=${pkiFile("sa.key")}`,
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction",
        "--service-cluster-ip-range=10.96.0.0/16",
        "--allow-privileged=true",
        // the front-proxy (aggregation layer) settings every real control plane has; without
        // them the controller manager and scheduler log errors about a missing CA bundle
        `--requestheader-client-ca-file=${pkiFile("ca.crt")}`,
        "--requestheader-allowed-names=front-proxy-client",
        "--requestheader-username-headers=X-Remote-User",
        "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
        `--proxy-client-cert-file=${pkiFile("front-proxy-client.crt")}`,
        `--proxy-client-key-file=${pkiFile("front-proxy-client.key")}`,
        `--cert-dir=${dirs.pki}`,
        "--profiling=false",
      ],
    },
    ready: async () => {
      const res = await probe(`https://${host}:${ports.apiserver}/readyz`, adminTls);
      return res.status === 200;
    },
    startTimeoutS: 90,
  };
}

function commonControlPlaneArgs(kubeconfig: string, port: number): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    `--bind-address=${host}`,
    `--secure-port=${port}`,
    "--leader-elect=false",
  ];
}

export function controllerManager(): Component {
  const kubeconfig = componentKubeconfig("kube-controller-manager");
  return {
    spec: {
      name: "kube-controller-manager",
      command: binaryPath("kube-controller-manager"),
      args: [
        ...commonControlPlaneArgs(kubeconfig, ports.controllerManager),
        "--use-service-account-credentials=true",
        `--service-account-private-key-file=${pkiFile("sa.key")}`,
        `--root-ca-file=${pkiFile("ca.crt")}`,
        `--cluster-signing-cert-file=${pkiFile("ca.crt")}`,
        `--cluster-signing-key-file=${pkiFile("ca.key")}`,
        "--controllers=*",
        // fake nodes are always on the same machine; notice a dead one quickly
        "--node-monitor-grace-period=20s",
      ],
    },
    ready: async () =>
      (await probe(`https://${host}:${ports.controllerManager}/healthz`, { insecure: true })).status === 200,
    startTimeoutS: 60,
  };
}

export function scheduler(): Component {
  const kubeconfig = componentKubeconfig("kube-scheduler");
  return {
    spec: {
      name: "kube-scheduler",
      command: binaryPath("kube-scheduler"),
      args: commonControlPlaneArgs(kubeconfig, ports.scheduler),
    },
    ready: async () => (await probe(`https://${host}:${ports.scheduler}/healthz`, { insecure: true })).status === 200,
    startTimeoutS: 60,
  };
}

export function minio(credentials: { accessKey: string; secretKey: string }): Component {
  return {
    spec: {
      name: "minio",
      command: binaryPath("minio"),
      args: [
        "server",
        "--address",
        `${host}:${ports.minio}`,
        "--console-address",
        `${host}:${ports.minioConsole}`,
        dirs.minio,
      ],
      env: {
        MINIO_ROOT_USER: credentials.accessKey,
        MINIO_ROOT_PASSWORD: credentials.secretKey,
        MINIO_UPDATE: "off",
        MINIO_CALLHOME_ENABLE: "off",
      },
    },
    ready: async () => (await probe(`http://${host}:${ports.minio}/minio/health/ready`)).status === 200,
    startTimeoutS: 60,
  };
}

function nodeProcess(name: string, script: string, args: string[]): DaemonSpec {
  return {
    name,
    command: process.execPath,
    args: [path.join(repoRoot, "test", "cluster", script), ...args],
    cwd: repoRoot,
  };
}

export function fakeKubelet(node: string): DaemonSpec {
  return nodeProcess(`fake-kubelet-${node}`, "fake-kubelet/main.ts", [
    `--node-name=${node}`,
    `--kubeconfig=${componentKubeconfig(`kubelet-${node}`)}`,
    `--root-dir=${kubeletRoot(node)}`,
  ]);
}

export function hostpathProvisioner(): DaemonSpec {
  return nodeProcess("hostpath-provisioner", "hostpath-provisioner/main.ts", [
    `--kubeconfig=${componentKubeconfig("hostpath-provisioner")}`,
    `--nodes-dir=${dirs.nodes}`,
  ]);
}

export { componentKubeconfig, adminKubeconfig, kubernetesVersion };
