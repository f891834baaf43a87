import { HarborKind, KIND_INPUT, harborProvider } from "../../components/registry/harbor/provider";
import { ADMIN } from "./fakeHarbor";
import { Desired } from "./lifecycle";

type Props = Record<string, unknown>;

/** The platform's Harbor settings for the lifecycle tests; each field can be overridden. */
export interface Fixture {
    readonly kubesphere: Props;
    readonly kubesphereio: Props;
    readonly dockerhub: Props;
    readonly proxy: Props;
    readonly robots: Record<string, string[]>;
    readonly gc: Props;
    readonly retention: Props;
    readonly proxyRetention: Props;
}

/** KubeSphere's image projects, a docker.io proxy cache, a robot per member cluster, GC and retention. */
export const BASE: Fixture = {
    kubesphere: { name: "kubesphere", public: true },
    kubesphereio: { name: "kubesphereio", public: true, storageQuotaGiB: 50 },
    dockerhub: { name: "docker.io", type: "docker-hub", url: "https://hub.docker.com" },
    proxy: { name: "dockerhub-proxy" },
    robots: { prod: ["kubesphere", "kubesphereio", "dockerhub-proxy"], nonprod: ["kubesphere", "kubesphereio"] },
    gc: { cron: "0 0 3 * * 6", deleteUntagged: true },
    retention: { rules: [{ template: "latestPushedK", count: 10 }, { template: "nDaysSinceLastPush", count: 90, tags: "v*" }] },
    proxyRetention: { cron: "0 30 1 * * *", rules: [{ template: "nDaysSinceLastPull", count: 14 }] },
};

/** The desired resources, in dependency order, as the program would declare them. */
export function desired(url: string, f: Fixture = BASE, password = ADMIN.password): Desired[] {
    const conn = { harborUrl: url, harborUsername: ADMIN.username, harborPassword: password };
    // the one provider, told each resource's kind as the program's resources tell it (resources.ts)
    const provider = harborProvider;
    const kind = (k: HarborKind) => ({ [KIND_INPUT]: k });
    const list: Desired[] = [
        { key: "registry-docker.io", provider, inputs: () => ({ ...kind("registry"), ...conn, ...f.dockerhub }) },
        { key: "project-kubesphere", provider, inputs: () => ({ ...kind("project"), ...conn, ...f.kubesphere }) },
        { key: "project-kubesphereio", provider, inputs: () => ({ ...kind("project"), ...conn, ...f.kubesphereio }) },
        { key: "project-dockerhub-proxy", provider, inputs: (o) => ({ ...kind("project"), ...conn, registryId: o("registry-docker.io").registryId, ...f.proxy }) },
    ];
    for (const [cluster, projects] of Object.entries(f.robots)) {
        list.push({ key: `robot-${cluster}`, provider, inputs: () => ({ ...kind("robot"), ...conn, name: `${cluster}-pull`, projects }) });
    }
    list.push({ key: "gc", provider, inputs: () => ({ ...kind("gcSchedule"), ...conn, ...f.gc }) });
    list.push({ key: "retention-kubesphere", provider, inputs: (o) => ({ ...kind("retention"), ...conn, projectId: o("project-kubesphere").projectId, ...f.retention }) });
    list.push({ key: "retention-dockerhub-proxy", provider, inputs: (o) => ({ ...kind("retention"), ...conn, projectId: o("project-dockerhub-proxy").projectId, ...f.proxyRetention }) });
    return list;
}

/** `METHOD path` of each request, the shape most assertions read best in. */
export function calls(requests: readonly { method: string; path: string }[]): string[] {
    return requests.map((r) => `${r.method} ${r.path}`);
}

/** Requests that change something in Harbor. */
export function writes<R extends { method: string }>(requests: readonly R[]): R[] {
    return requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
}
