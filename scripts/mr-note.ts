// npm run mr:note -- FILE: posts FILE as the merge request's platform note, or updates the note posted
// before (found by its marker), so that every push shows one current report. GitLab's API, with the
// CI's predefined variables and GITLAB_API_TOKEN (a project access token with api scope, a masked variable).
import * as fs from "fs";

const MARKER = "<!-- platform-plan-report -->";

async function main(): Promise<number> {
    const file = process.argv[2];
    if (!file) {
        process.stderr.write("usage: npm run mr:note -- FILE\n");
        return 2;
    }
    const { CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_MERGE_REQUEST_IID: mr, GITLAB_API_TOKEN: token } = process.env;
    const body = `${MARKER}\n${fs.readFileSync(file, "utf8")}`;
    if (!api || !project || !mr || !token) {
        process.stderr.write("not in a merge-request pipeline with GITLAB_API_TOKEN: the report is printed instead\n");
        process.stdout.write(body);
        return 0;
    }
    const base = `${api}/projects/${encodeURIComponent(project)}/merge_requests/${mr}/notes`;
    const headers = { "PRIVATE-TOKEN": token, "Content-Type": "application/json" };
    const list = await fetch(`${base}?per_page=100&sort=asc`, { headers });
    if (!list.ok) throw new Error(`GitLab GET ${base}: ${list.status} ${await list.text()}`);
    const notes = (await list.json()) as { id: number; body: string }[];
    const existing = notes.find((n) => n.body.startsWith(MARKER));
    const res = await fetch(existing ? `${base}/${existing.id}` : base, {
        method: existing ? "PUT" : "POST",
        headers,
        body: JSON.stringify({ body }),
    });
    if (!res.ok) throw new Error(`GitLab ${existing ? "PUT" : "POST"} note: ${res.status} ${await res.text()}`);
    process.stderr.write(`${existing ? "updated" : "posted"} the plan report on merge request !${mr}\n`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exit(3);
    },
);
