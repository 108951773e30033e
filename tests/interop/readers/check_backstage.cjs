// Checks Backstage catalog entities (a JSON array on standard input) the way the catalog
// does: @backstage/catalog-model's entity policies (default namespace, no foreign root
// fields, field formats, the entity schema), then the validator of each kind; then every
// reference (owner, system, dependsOn, parent, children, memberOf...) must name an entity
// of the set. Prints {"entities": n, "rejected": [...], "dangling": [...]} as JSON.
"use strict";
const model = require("@backstage/catalog-model");

const policies = model.EntityPolicies.allOf([
  new model.DefaultNamespaceEntityPolicy(),
  new model.NoForeignRootFieldsEntityPolicy(),
  new model.FieldFormatEntityPolicy(),
  new model.SchemaValidEntityPolicy(),
]);
const validators = {
  api: model.apiEntityV1alpha1Validator,
  component: model.componentEntityV1alpha1Validator,
  domain: model.domainEntityV1alpha1Validator,
  group: model.groupEntityV1alpha1Validator,
  location: model.locationEntityV1alpha1Validator,
  resource: model.resourceEntityV1alpha1Validator,
  system: model.systemEntityV1alpha1Validator,
  user: model.userEntityV1alpha1Validator,
};
// spec field -> the kind a reference without one defaults to (as the catalog's processors read them)
const references = {
  owner: "group",
  system: "system",
  domain: "domain",
  parent: "group",
  children: "group",
  memberOf: "group",
  dependsOn: undefined,
  dependencyOf: undefined,
  providesApis: "api",
  consumesApis: "api",
};

async function main() {
  const input = require("fs").readFileSync(0, "utf8");
  const entities = JSON.parse(input);
  const rejected = [];
  const known = new Set();
  for (const entity of entities) {
    const label = `${entity.kind}:${entity.metadata && entity.metadata.name}`;
    try {
      const enforced = await policies.enforce(entity);
      if (!enforced) {
        rejected.push(`${label}: refused by the policies`);
        continue;
      }
      const validator = validators[String(entity.kind).toLowerCase()];
      if (!validator) {
        rejected.push(`${label}: no validator for this kind`);
        continue;
      }
      if (!(await validator.check(enforced))) {
        rejected.push(`${label}: not a ${entity.kind}`);
        continue;
      }
      known.add(model.stringifyEntityRef(enforced).toLowerCase());
    } catch (error) {
      rejected.push(`${label}: ${error.message}`);
    }
  }
  const dangling = [];
  for (const entity of entities) {
    const spec = entity.spec || {};
    for (const [field, defaultKind] of Object.entries(references)) {
      const value = spec[field];
      if (value === undefined) continue;
      for (const reference of Array.isArray(value) ? value : [value]) {
        let target;
        try {
          target = model.stringifyEntityRef(
            model.parseEntityRef(reference, { defaultKind, defaultNamespace: "default" }),
          );
        } catch (error) {
          dangling.push(`${entity.kind}:${entity.metadata.name} ${field}: ${error.message}`);
          continue;
        }
        if (!known.has(target.toLowerCase())) {
          dangling.push(`${entity.kind}:${entity.metadata.name} ${field} -> ${target}`);
        }
      }
    }
  }
  process.stdout.write(JSON.stringify({ entities: entities.length, rejected, dangling }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(2);
});
