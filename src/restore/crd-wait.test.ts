import { test } from "node:test";
import assert from "node:assert/strict";
import { crdState } from "./crd-wait.ts";

test("a CRD is usable once Established is True; rejected names are a failure", () => {
  assert.equal(crdState({ status: { conditions: [{ type: "Established", status: "True" }] } }), "Established");
  assert.equal(crdState({ status: { conditions: [{ type: "Established", status: "False" }] } }), undefined);
  assert.equal(crdState({}), undefined);
  const rejected = crdState({
    status: { conditions: [{ type: "NamesAccepted", status: "False", message: '"widgets" is already in use' }] },
  });
  assert.deepEqual(rejected, { failed: 'its names were not accepted: "widgets" is already in use' });
});
