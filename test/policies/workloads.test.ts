import * as k8s from "@pulumi/kubernetes";
import * as fc from "fast-check";
import { analyze } from "../../engine/analyze";
import { manifestResource } from "../../engine/manifests";
import { platformPack } from "../../engine/pack";
import { toAnalyzed } from "../../engine/plan";
import { RecordingMonitor } from "../../engine/recorder";
import { installMonitor, settle } from "../../engine/run";
import { noBarePods, parseImage, volumeClaimsByNeed } from "../../policies/workloads";
import { HARBOR, UNKNOWN, at, changed, checkObjects, compliantContainer, compliantPodSpec, compliantWorkload, summaries } from "./workloadsFixtures";

type Obj = Record<string, unknown>;

describe("parseImage", () => {
    test.each([
        ["nginx", { registry: "docker.io", repository: "nginx" }],
        ["nginx:1.25", { registry: "docker.io", repository: "nginx", tag: "1.25" }],
        ["bitnami/redis:7.2", { registry: "docker.io", repository: "bitnami/redis", tag: "7.2" }],
        [`${HARBOR}/shop/web:1.4.2`, { registry: HARBOR, repository: "shop/web", tag: "1.4.2" }],
        [`${HARBOR}:8443/shop/web`, { registry: `${HARBOR}:8443`, repository: "shop/web" }],
        ["localhost/web:dev", { registry: "localhost", repository: "web", tag: "dev" }],
        [`${HARBOR}/shop/web@sha256:abc`, { registry: HARBOR, repository: "shop/web", digest: "sha256:abc" }],
        [`${HARBOR}/shop/web:1.0@sha256:abc`, { registry: HARBOR, repository: "shop/web", tag: "1.0", digest: "sha256:abc" }],
    ])("%s", (image, expected) => {
        expect(parseImage(image)).toEqual({ tag: undefined, digest: undefined, ...expected });
    });

    test("registry, repository, tag and digest come back as they were composed", () => {
        const segment = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        fc.assert(
            fc.property(
                fc.option(fc.tuple(segment, segment).map(([a, b]) => `${a}.${b}`), { nil: undefined }),
                fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/")),
                fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), { nil: undefined }),
                fc.option(fc.stringMatching(/^[a-f0-9]{8}$/).map((h) => `sha256:${h}`), { nil: undefined }),
                (registry, repository, tag, digest) => {
                    const image = `${registry ? `${registry}/` : ""}${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
                    expect(parseImage(image)).toEqual({ registry: registry ?? "docker.io", repository, tag, digest });
                },
            ),
        );
    });
});

describe("no-bare-pods", () => {
    const bare = changed(compliantWorkload("Pod"), (o) => delete (o.metadata as Obj).ownerReferences);

    test("a Pod of its own fails", async () => {
        expect(summaries(await checkObjects([bare], [noBarePods]))).toEqual([
            "no-bare-pods [mandatory]: Pod shop/web: kind: expected a controller that recreates its pods (Deployment, StatefulSet, DaemonSet, Job or CronJob); found a bare Pod. Fix: move the pod spec into a Deployment's spec.template (long-running) or a Job's (run to completion)",
        ]);
    });

    test.each([
        ["owned by a controller", compliantWorkload("Pod")],
        ["a Helm test hook", changed(bare, (o) => ((o.metadata as Obj).annotations = { "helm.sh/hook": "test" }))],
        ["a Deployment", compliantWorkload("Deployment")],
    ])("passes: %s", async (_case, object) => {
        expect(await checkObjects([object], [noBarePods])).toEqual([]);
    });
});

describe("volume-claims-by-need", () => {
    const claimSpec = (storageClassName?: string, modes = ["ReadWriteMany"]) => ({ accessModes: modes, ...(storageClassName === undefined ? {} : { storageClassName }), resources: { requests: { storage: "20Gi" } } });
    const template = (storageClassName?: string, modes?: string[]) => ({ metadata: { name: "data" }, spec: claimSpec(storageClassName, modes) });
    const statefulSet = (storageClassName?: string, modes?: string[]) => changed(compliantWorkload("StatefulSet"), (o) => ((o.spec as Obj).volumeClaimTemplates = [template(storageClassName, modes)]));
    const claim = (storageClassName?: string, modes?: string[]) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "shop" }, spec: claimSpec(storageClassName, modes) });
    const RWO = ["ReadWriteOnce"];

    test.each([
        ["a database's template on NAS", statefulSet("nas-extreme", RWO), "StatefulSet shop/web: spec.volumeClaimTemplates[0].spec.storageClassName: expected disk-essd (block storage) for a ReadWriteOnce claim; found nas-extreme. Fix: set storageClassName: disk-essd, or make the claim ReadWriteMany if its files are shared"],
        ["a database's template without a class", statefulSet(undefined, RWO), "StatefulSet shop/web: spec.volumeClaimTemplates[0].spec.storageClassName: expected disk-essd (block storage) for a ReadWriteOnce claim; found unset (the cluster's default class). Fix: set storageClassName: disk-essd, or make the claim ReadWriteMany if its files are shared"],
        ["a shared claim on the disk class", claim("disk-essd"), "PersistentVolumeClaim shop/data: spec.storageClassName: expected a shared-file class (nas-general or nas-extreme-<zone> or nfs-shared) for a ReadWriteMany claim; found disk-essd. Fix: set storageClassName: nas-general, or nas-extreme-<zone>, or nfs-shared"],
        ["a shared claim with an empty class", claim(""), 'PersistentVolumeClaim shop/data: spec.storageClassName: expected a shared-file class (nas-general or nas-extreme-<zone> or nfs-shared) for a ReadWriteMany claim; found "" (no class). Fix: set storageClassName: nas-general, or nas-extreme-<zone>, or nfs-shared'],
        // the single extreme class of before: each zone has its own now
        ["a shared claim on the zoneless nas-extreme", claim("nas-extreme"), "PersistentVolumeClaim shop/data: spec.storageClassName: expected a shared-file class (nas-general or nas-extreme-<zone> or nfs-shared) for a ReadWriteMany claim; found nas-extreme. Fix: set storageClassName: nas-general, or nas-extreme-<zone>, or nfs-shared"],
    ])("fails: %s", async (_case, object, message) => {
        expect(summaries(await checkObjects([object], [volumeClaimsByNeed]))).toEqual([`volume-claims-by-need [mandatory]: ${message}`]);
    });

    test.each([
        ["a database's template on the disk class", statefulSet("disk-essd", RWO)],
        ["a shared claim on a zone's extreme class", claim("nas-extreme-h")],
        ["a shared claim on nas-general", claim("nas-general")],
        ["a StatefulSet without templates", compliantWorkload("StatefulSet")],
    ])("passes: %s", async (_case, object) => {
        expect(await checkObjects([object], [volumeClaimsByNeed])).toEqual([]);
    });
});

describe("exemptions", () => {
    const filebeat = (namespace: string, kind = "DaemonSet") =>
        changed(compliantWorkload(kind), (o) => {
            Object.assign(o.metadata as Obj, { name: "filebeat", namespace });
            at(o, "spec.template.spec").volumes = [{ name: "varlog", hostPath: { path: "/var/log" } }];
        });

    test("the default exemption lets Filebeat, and only Filebeat's DaemonSet in logging, mount hostPath", async () => {
        expect(summaries(await checkObjects([filebeat("logging")]))).toEqual([]);
        expect(summaries(await checkObjects([filebeat("shop")]))).toEqual([
            "pod-no-host-path [mandatory]: DaemonSet shop/filebeat: spec.template.spec.volumes[0].hostPath: expected no hostPath volume; found hostPath /var/log (volume varlog). Fix: use an emptyDir, a configMap or secret, or a PersistentVolumeClaim (disk-essd, or a NAS class for shared files)",
        ]);
        expect((await checkObjects([filebeat("logging", "Deployment")])).map((v) => v.policy)).toEqual(["pod-no-host-path"]);
    });

    test("an exemption covers one policy: the exempt workload still gets every other rule", async () => {
        const privileged = changed(filebeat("logging"), (o) => ((at(o, "spec.template.spec").containers as Obj[])[0].securityContext = { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }));
        expect((await checkObjects([privileged])).map((v) => v.policy)).toEqual(["pod-no-privileged"]);
    });
});

describe("values unknown during a preview", () => {
    test("an unknown image is not a violation: the analyzer notes, as advisory, that the policy could not run", async () => {
        const object = changed(compliantWorkload("Deployment"), (o) => ((at(o, "spec.template.spec").containers as Obj[])[0].image = UNKNOWN));
        const vs = await checkObjects([object]);
        expect(vs.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(vs.map((v) => [v.policy, v.enforcementLevel])).toEqual([
            ["image-from-harbor", "advisory"],
            ["image-tag-pinned", "advisory"],
        ]);
        expect(vs[0].message).toMatch(/^can't run policy 'image-from-harbor' from policy pack 'platform-policies@v0\.1\.0' during preview: /);
    });
});

describe("a workload the program declares", () => {
    test("is checked like the same object in a manifest", async () => {
        const monitor = new RecordingMonitor(async () => ({ outputs: {}, secretOutputNames: [] }));
        installMonitor(monitor, "platform", "test");
        const pod = { ...compliantPodSpec(), containers: [{ ...compliantContainer("web"), image: `${HARBOR}/shop/web:latest` }] };
        new k8s.apps.v1.Deployment("web", { metadata: { name: "web", namespace: "shop" }, spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: pod } } } as unknown as k8s.apps.v1.DeploymentArgs);
        await settle(monitor);
        const declared = monitor.recorded.filter((r) => r.type === "kubernetes:apps/v1:Deployment").map(toAnalyzed);
        expect(declared).toHaveLength(1);
        const vs = await analyze(platformPack(), declared, { stack: false });
        const manifest = manifestResource({ source: "m", document: 1, kind: "Deployment", apiVersion: "apps/v1", namespace: "shop", name: "web", object: { apiVersion: "apps/v1", kind: "Deployment", ...(declared[0].inputs as Obj) } }, 0);
        expect(summaries(vs)).toEqual(summaries(await analyze(platformPack(), [manifest], { stack: false })));
        expect(summaries(vs)).toEqual([
            `image-tag-pinned [mandatory]: Deployment shop/web: spec.template.spec.containers[0].image: expected an explicit tag other than latest, or a digest; found ${HARBOR}/shop/web:latest (tag latest). Fix: pin a version, e.g. ${HARBOR}/shop/web:1.2.3, or a digest (@sha256:...)`,
        ]);
    });
});
