/**
 * A reference to another object (the pod of a PodVolumeBackup/Restore), shaped like
 * corev1.ObjectReference with the fields Lifeboat uses.
 */
import { s, type Infer } from "./schema.ts";

export const objectReferenceSchema = s.object(
  {
    kind: s.string(),
    namespace: s.string({ minLength: 1 }),
    name: s.string({ minLength: 1 }),
    uid: s.string(),
  },
  { required: ["namespace", "name"] },
);
export type ObjectReference = Infer<typeof objectReferenceSchema>;
