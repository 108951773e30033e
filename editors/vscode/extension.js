// Starts `ictarch lsp` (the command in the setting ictarch.command) for the YAML files
// of the workspace; everything else is the language server's.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("ictarch")
    .get("command", ["ictarch", "lsp"]);
  client = new LanguageClient(
    "ictarch",
    "ictarch",
    { command, args, transport: TransportKind.stdio },
    { documentSelector: [{ scheme: "file", language: "yaml" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
