/**
 * A list-watch for the test cluster's own controllers (fake kubelet, hostpath provisioner):
 * client-node's ListWatch, restarted after any error (it stops on non-410 errors by design),
 * plus a periodic resync that hands every cached object to the handler again so work that was
 * waiting on something else (a PVC not bound yet) is retried.
 */
import { ListWatch, Watch, type KubeConfig, type KubernetesObject, type ListPromise } from "@kubernetes/client-node";

export interface InformerOptions<T extends KubernetesObject> {
  kc: KubeConfig;
  path: string;
  list: ListPromise<T>;
  fieldSelector?: string;
  resyncMs: number;
  onObject: (obj: T) => void;
  onDelete?: (obj: T) => void;
  log: (msg: string) => void;
}

export interface RunningInformer<T> {
  list(): ReadonlyArray<T>;
  stop(): Promise<void>;
}

export function runInformer<T extends KubernetesObject>(opts: InformerOptions<T>): RunningInformer<T> {
  const lw = new ListWatch<T>(opts.path, new Watch(opts.kc), opts.list, false, undefined, opts.fieldSelector);
  let stopped = false;
  lw.on("add", opts.onObject);
  lw.on("update", opts.onObject);
  if (opts.onDelete) lw.on("delete", opts.onDelete);
  const start = (): void => {
    if (stopped) return;
    lw.start().catch((err: unknown) => {
      opts.log(`list of ${opts.path} failed, retrying in 1 s: ${String(err)}`);
      setTimeout(start, 1000);
    });
  };
  lw.on("error", (err: unknown) => {
    if (stopped) return;
    opts.log(`watch ${opts.path} failed, restarting in 1 s: ${String(err)}`);
    setTimeout(start, 1000);
  });
  start();
  const resync = setInterval(() => {
    for (const obj of lw.list()) opts.onObject(obj);
  }, opts.resyncMs);
  return {
    list: () => lw.list(),
    stop: async () => {
      stopped = true;
      clearInterval(resync);
      await lw.stop();
    },
  };
}
