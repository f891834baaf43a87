import { ResourceChange } from "../../engine/diff";
import { dangerOf } from "../../engine/safety";

const release = (chart: string, kind: ResourceChange["kind"], paths: string[]): [ResourceChange, { inputs: Record<string, unknown> }] => [
    { kind, urn: `urn:${chart}`, type: "kubernetes:helm.sh/v3:Release", name: `${chart}-release`, inputs: paths.map((path) => ({ path, secret: false })), replacedBy: [] },
    { inputs: { chart } },
];

describe("dangerOf: a release's volumes", () => {
    test.each<[string, string, ResourceChange["kind"], string[], RegExp | undefined]>([
        ["Harbor's database moved to another class", "harbor", "update", ["values.persistence.persistentVolumeClaim.database.storageClass"], /changes the StorageClass of the release's volumes \(values\.persistence\.persistentVolumeClaim\.database\.storageClass\): a StatefulSet's volume claims cannot change in place/],
        ["Thanos' receive volumes moved", "thanos", "update", ["values.receive.persistence.storageClass"], /StorageClass/],
        ["a replaced Thanos release", "thanos", "replace", [], /^replace of Thanos' receive and store volumes$/],
        // Grafana's release holds no volume
        ["a replaced Grafana release", "kube-prometheus-stack", "replace", [], undefined],
        ["a size change is no danger", "harbor", "update", ["values.persistence.persistentVolumeClaim.database.size"], undefined],
        ["an image change is no danger", "thanos", "update", ["values.global.imageRegistry"], undefined],
    ])("%s", (_what, chart, kind, paths, expected) => {
        const [change, resource] = release(chart, kind, paths);
        const danger = dangerOf(change, resource as never);
        if (expected) expect(danger).toMatch(expected);
        else expect(danger).toBeUndefined();
    });
});

describe("dangerOf: an InstallPlan (KubeSphere installs and uninstalls its releases)", () => {
    const plan = (kind: ResourceChange["kind"], inputs: ResourceChange["inputs"] = []): ResourceChange => ({ kind, urn: "urn:plan", type: "kubernetes:kubesphere.io/v1alpha1:InstallPlan", name: "ops-platform-monitoring-whizard-plan", inputs, replacedBy: [] });
    const config = (storageClass: string, retention = "7d") => `kube-prometheus-stack:\n  prometheus:\n    prometheusSpec:\n      retention: ${retention}\n      storageSpec:\n        volumeClaimTemplate:\n          spec:\n            storageClassName: ${storageClass}\n`;

    test.each<[string, ResourceChange, RegExp | undefined]>([
        ["deleted: every cluster's Prometheus goes", plan("delete"), /^delete of an InstallPlan: KubeSphere uninstalls its extension from every cluster/],
        ["Prometheus' class changed in the config", plan("update", [{ path: "spec.config", secret: false, before: config("disk-essd"), after: config("nas-general") }]), /changes the StorageClass of the extension's volumes \(spec\.config\)/],
        ["the Alertmanager's class changed in ops' override", plan("update", [{ path: "spec.clusterScheduling.overrides.ops", secret: false, before: config("disk-essd"), after: config("disk-x") }]), /\(spec\.clusterScheduling\.overrides\.ops\)/],
        ["another change of the config is no danger", plan("update", [{ path: "spec.config", secret: false, before: config("disk-essd"), after: config("disk-essd", "14d") }]), undefined],
    ])("%s", (_what, change, expected) => {
        const danger = dangerOf(change, undefined);
        if (expected) expect(danger).toMatch(expected);
        else expect(danger).toBeUndefined();
    });
});
