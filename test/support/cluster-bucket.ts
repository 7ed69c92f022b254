/**
 * The test cluster's MinIO bucket opened as an ObjectStore at a prefix, the way a location of
 * the dev setup sees it: for tests that look at, or clean up, what Lifeboat wrote there.
 */
import type { ClusterInfo } from "../cluster/state.ts";
import { openObjectStore } from "../../src/storage/compose.ts";
import type { ObjectStore } from "../../src/storage/object-store.ts";
import { s3ConfigFromLocation } from "../../src/storage/s3/s3-config.ts";

/** `name` labels the store's metrics. */
export function openClusterBucket(s3: ClusterInfo["s3"], prefix: string, name: string): ObjectStore {
  return openObjectStore(
    {
      provider: "aws",
      s3: s3ConfigFromLocation(
        {
          bucket: s3.bucket,
          prefix,
          config: { region: "minio", s3ForcePathStyle: "true", s3Url: s3.endpoint },
        },
        { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
      ),
    },
    { name },
  );
}
