/**
 * The pinned versions of every Go-built part of the test cluster and its peers, and how each is
 * built from the Go module proxy. Changing a version here (or a wrapper module's go.mod/go.sum)
 * changes the cache key, so the next `cluster:build` rebuilds exactly what changed.
 */
import path from "node:path";
import { repoRoot } from "./paths.ts";

export interface GoBuild {
  /** Cache key prefix and the name used in logs. */
  name: string;
  version: string;
  /** Binaries this build produces, by file name. */
  binaries: string[];
  /** Either a wrapper module folder (built with `go build`) or a `go install` target. */
  wrapperModule?: string;
  installTarget?: string;
  packages?: Record<string, string>;
  tags?: string;
  ldflags?: string;
}

export const kubernetesVersion = "v1.36.3";
export const etcdVersion = "v3.6.8";
export const resticVersion = "v0.19.1";
/**
 * github.com/minio/minio has no semver tags. The proxy refuses the pseudo-version of
 * RELEASE.2025-10-15T17-29-55Z (v0.0.0-20251015172955-9e49d5e7a648: 403 "not available"), so
 * this pins the final commit of the (now unmaintained) repository, 11 commits later: bug fixes only.
 */
export const minioVersion = "v0.0.0-20260212201848-7aac2a2c5b7c";

const k8sModule = path.join(repoRoot, "test", "cluster", "go", "k8s");

function kubernetesLdflags(version: string, buildDate: string): string {
  const minor = version.split(".")[1] ?? "0";
  const flags = ["-s", "-w"];
  for (const pkg of ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"]) {
    flags.push(
      `-X ${pkg}.gitVersion=${version}`,
      `-X ${pkg}.gitMajor=1`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=${buildDate}`,
    );
  }
  return flags.join(" ");
}

export function goBuilds(buildDate: string): GoBuild[] {
  return [
    {
      name: "kubernetes",
      version: kubernetesVersion,
      wrapperModule: k8sModule,
      binaries: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"],
      packages: {
        "kube-apiserver": "k8s.io/kubernetes/cmd/kube-apiserver",
        "kube-controller-manager": "k8s.io/kubernetes/cmd/kube-controller-manager",
        "kube-scheduler": "k8s.io/kubernetes/cmd/kube-scheduler",
        kubectl: "k8s.io/kubernetes/cmd/kubectl",
      },
      ldflags: kubernetesLdflags(kubernetesVersion, buildDate),
    },
    {
      // The etcd that Kubernetes 1.36 is tested with; the wrapper's go.sum pins it (MVS picks
      // the version k8s.io/apiserver requires), and the build checks that it is this one.
      name: "etcd",
      version: etcdVersion,
      wrapperModule: k8sModule,
      binaries: ["etcd"],
      packages: { etcd: "go.etcd.io/etcd/server/v3" },
      ldflags: "-s -w",
    },
    {
      name: "restic",
      version: resticVersion,
      installTarget: `github.com/restic/restic/cmd/restic@${resticVersion}`,
      binaries: ["restic"],
      tags: "disable_grpc_modules",
      ldflags: "-s -w",
    },
    {
      name: "minio",
      version: minioVersion,
      installTarget: `github.com/minio/minio@${minioVersion}`,
      binaries: ["minio"],
      tags: "kqueue",
      ldflags: "-s -w",
    },
  ];
}
