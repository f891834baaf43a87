import { ResourceChange } from "../../engine/diff";
import { dangerOf } from "../../engine/safety";

const release = (chart: string, kind: ResourceChange["kind"], paths: string[]): [ResourceChange, { inputs: Record<string, unknown> }] => [
    { kind, urn: `urn:${chart}`, type: "kubernetes:helm.sh/v3:Release", name: `${chart}-release`, inputs: paths.map((path) => ({ path, secret: false })), replacedBy: [] },
    { inputs: { chart } },
];

describe("dangerOf: a release's volumes", () => {
    test.each<[string, string, ResourceChange["kind"], string[], RegExp | undefined]>([
        ["Harbor's database moved to another class", "harbor", "update", ["values.persistence.persistentVolumeClaim.database.storageClass"], /changes the StorageClass of the release's volumes \(values\.persistence\.persistentVolumeClaim\.database\.storageClass\): a StatefulSet's volume claims cannot change in place/],
        ["Prometheus' claim template moved", "kube-prometheus-stack", "update", ["values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName"], /StorageClass of the release's volumes/],
        ["Thanos' receive volumes moved", "thanos", "update", ["values.receive.persistence.storageClass"], /StorageClass/],
        ["a replaced Prometheus release", "kube-prometheus-stack", "replace", [], /^replace of Prometheus' and the Alertmanager's volumes$/],
        ["a size change is no danger", "harbor", "update", ["values.persistence.persistentVolumeClaim.database.size"], undefined],
        ["an image change is no danger", "thanos", "update", ["values.global.imageRegistry"], undefined],
    ])("%s", (_what, chart, kind, paths, expected) => {
        const [change, resource] = release(chart, kind, paths);
        const danger = dangerOf(change, resource as never);
        if (expected) expect(danger).toMatch(expected);
        else expect(danger).toBeUndefined();
    });
});
