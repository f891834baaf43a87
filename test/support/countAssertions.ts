/**
 * With PLATFORM_ASSERTION_COUNT=FILE, each test file appends its number of expect() calls to FILE (a line
 * per file: the count, then the file): `npm test` then tells how many assertions the suite makes, for comparing
 * two versions of it.
 */
import * as fs from "fs";
import * as path from "path";

const file = process.env.PLATFORM_ASSERTION_COUNT;
if (file) {
    let calls = 0;
    afterEach(() => {
        calls += expect.getState().assertionCalls;
    });
    afterAll(() => fs.appendFileSync(file, `${calls} ${path.relative(process.cwd(), expect.getState().testPath ?? "")}\n`));
}
