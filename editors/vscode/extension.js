// The seglang extension: starts `seg lsp`, the language server of the `seg` binary, for `.seg`
// files. Highlighting is the TextMate grammar in syntaxes/; everything else (diagnostics, hover,
// go to definition, references, completion, rename, formatting) comes from the server.

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("seglang").get("server.path") || "seg";
  client = new LanguageClient(
    "seglang",
    "seglang",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "seg" }] },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
