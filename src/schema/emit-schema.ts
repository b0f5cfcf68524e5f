import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, printSortedSchema } from "./build-schema";

/** `npm run schema`: rewrites schema.graphql at the repository root from the code. */
const target = join(__dirname, "..", "..", "..", "schema.graphql");
writeFileSync(target, printSortedSchema(buildSchema()));
process.stdout.write(`wrote ${target}\n`);
