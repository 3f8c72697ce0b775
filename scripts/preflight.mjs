// Fails fast, with one clear line, when the runtime cannot run Optick:
// better-sqlite3 13's Node-API binary segfaults below Node 22.14 (design.md).
import { createRequire } from 'node:module';
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  console.error(`preflight: Node ${process.version} is too old; npm scripts should run the devDependency node@24 (run them via npm).`);
  process.exit(1);
}
const Database = createRequire(import.meta.url)('better-sqlite3');
const db = new Database(':memory:');
const { v } = db.prepare('select sqlite_version() as v').get();
db.close();
console.log(`preflight: node ${process.version}, sqlite ${v}: ok`);
