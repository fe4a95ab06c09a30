// Runs the demo unit's own script (au.js) under Node against a live Mainspring, with just
// enough of a DOM for it: the launch URL's query string, the buttons it enables, a click
// on each in turn. Prints what the page ended up showing, as JSON.
// Usage: node run_demo_unit.js <au.js> <launch URL> <correct answers out of 5>
"use strict";
const fs = require("fs");
const vm = require("vm");

const [script, launchUrl, score] = process.argv.slice(2);
const elements = {};
function element(id) {
  if (!elements[id]) {
    elements[id] = {
      id, disabled: id !== "score", value: id === "score" ? score : "", textContent: "",
      className: "", listeners: {}, children: [],
      addEventListener(type, fn) { this.listeners[type] = fn; },
      appendChild(child) { this.children.push(child); },
    };
  }
  return elements[id];
}
const onDocument = {};
const returned = [];
globalThis.document = {
  getElementById: element,
  createElement: () => ({ textContent: "" }),
  addEventListener(type, fn) { onDocument[type] = fn; },
};
globalThis.window = {
  location: { search: new URL(launchUrl).search, assign(url) { returned.push(url); } },
  crypto: globalThis.crypto,
  fetch: (...args) => fetch(...args),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(test, what) {
  for (let i = 0; i < 200; i += 1) {
    if (test()) { return; }
    if (element("status").className === "error") { break; }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}: ${element("status").textContent}`);
}
const sent = () => element("log").children.map((c) => c.textContent);

(async () => {
  vm.runInThisContext(fs.readFileSync(script, "utf8"));
  onDocument.DOMContentLoaded();
  await until(() => !element("exit").disabled, "initialized");
  element("completed").listeners.click();
  await until(() => sent().length === 2, "completed");
  element("judge").listeners.click();
  await until(() => sent().length === 3, "the quiz result");
  element("exit").listeners.click();
  await until(() => returned.length === 1, "the return to the LMS");
  console.log(JSON.stringify({ sent: sent(), status: element("status").textContent, returned }));
})().catch((error) => {
  console.log(JSON.stringify({ error: String(error.message || error), sent: sent() }));
  process.exitCode = 1;
});
