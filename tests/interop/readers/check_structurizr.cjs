// Loads a Structurizr JSON workspace (path as the argument) with structurizr-typescript
// (fromDto, hydrate: what its client does with a downloaded workspace), writes it back
// (toDto) and prints what it read as JSON. structurizr-typescript has no system landscape
// views: it reads the model, the relationships and the views' configuration.
"use strict";
const { Workspace } = require("structurizr-typescript");
const text = require("fs").readFileSync(process.argv[2], "utf8");
const workspace = new Workspace();
workspace.fromDto(JSON.parse(text));
workspace.hydrate();
const written = workspace.toDto();
const model = workspace.model;
process.stdout.write(
  JSON.stringify({
    name: workspace.name,
    people: model.people.length,
    softwareSystems: model.softwareSystems.length,
    relationships: model.relationships.length,
    unresolved: model.relationships.filter((r) => !r.source || !r.destination).length,
    styles: written.views.configuration.styles.elements.length,
    writtenPeople: written.model.people.length,
  }),
);
