// Copies the repository's examples (examples/*/*.seg) into test/examples/ as DIR-FILE.seg, so
// that `vscode-tmgrammar-snap` compares their tokens with the snapshots kept beside them.

const fs = require("fs");
const path = require("path");

const examples = path.join(__dirname, "..", "..", "..", "examples");
const out = path.join(__dirname, "examples");
for (const dir of fs.readdirSync(examples).sort()) {
  const folder = path.join(examples, dir);
  if (!fs.statSync(folder).isDirectory()) continue;
  for (const file of fs.readdirSync(folder).sort()) {
    if (file.endsWith(".seg")) {
      const copy = path.join(out, `${dir}-${file}`);
      fs.copyFileSync(path.join(folder, file), copy);
      // `--check` (the tests): an example without a committed snapshot fails, instead of the
      // snapshot tool writing one and passing.
      if (process.argv.includes("--check") && !fs.existsSync(`${copy}.snap`)) {
        console.error(`no token snapshot for examples/${dir}/${file}: run \`npm run snapshots\``);
        process.exitCode = 1;
      }
    }
  }
}
