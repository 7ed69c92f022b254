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
  /**
   * A benchmark peer (Velero and its plugin): never built by `cluster:build`, `cluster:up` or
   * `npm test`, only on demand by the benchmark that needs it, into the same cache.
   */
  peer?: true;
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
export const veleroVersion = "v1.18.1";
/** The plugin release that requires exactly Velero v1.18.1 (its go.mod); the newest the proxy serves. */
export const veleroAwsPluginVersion = "v1.14.3";
/** The commit of Velero's v1.18.1 tag, as the module proxy reports it; `velero version` prints it. */
const veleroGitSha = "26ef8fa7df68dfa9ab8aa4669b8ac47340b0c510";

const k8sModule = path.join(repoRoot, "test", "cluster", "go", "k8s");
const veleroModule = path.join(repoRoot, "test", "cluster", "go", "velero");

function veleroLdflags(): string {
  const info = "github.com/vmware-tanzu/velero/pkg/buildinfo";
  return [
    "-s",
    "-w",
    `-X ${info}.Version=${veleroVersion}`,
    `-X ${info}.GitSHA=${veleroGitSha}`,
    `-X ${info}.GitTreeState=clean`,
    // Velero's controller-runtime manager would otherwise serve its own metrics on ":8080", on
    // every interface, with no flag to move it; "0" turns that server off (Velero's metrics stay
    // on --metrics-address)
    "-X sigs.k8s.io/controller-runtime/pkg/metrics/server.DefaultBindAddress=0",
  ].join(" ");
}

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
    {
      name: "velero",
      version: veleroVersion,
      wrapperModule: veleroModule,
      binaries: ["velero"],
      packages: { velero: "github.com/vmware-tanzu/velero/cmd/velero" },
      ldflags: veleroLdflags(),
      peer: true,
    },
    {
      // alone in its build folder, so that folder is the --plugin-dir of `velero server`
      name: "velero-plugin-for-aws",
      version: veleroAwsPluginVersion,
      installTarget: `github.com/vmware-tanzu/velero-plugin-for-aws/velero-plugin-for-aws@${veleroAwsPluginVersion}`,
      binaries: ["velero-plugin-for-aws"],
      ldflags: "-s -w",
      peer: true,
    },
  ];
}
