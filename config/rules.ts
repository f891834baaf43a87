import { Cidr, contains, overlaps, parseCidr } from "./cidr";
import { hostOf, relativeName } from "./dns";
import { Problem } from "./problems";
import { REGION_ZONES } from "./regions";
import { approvedTypeProblems, clusterProblems, sshKeyProblems } from "./clusterRules";
import { ClusterInput, PlatformConventions, StackSettingsInput } from "./schema";
import { retentionIssues } from "./retention";
import { Environment, NETWORK_NAMES, NetworkName, STACK_NETWORKS } from "./topology";

/** Where the cross-field rules point their problems. */
export interface RuleFiles {
    /** The stack settings file, `Pulumi.<stack>.yaml`. */
    readonly stack: string;
    /** The conventions file, `config/platform.yaml`. */
    readonly conventions: string;
}

interface Block {
    readonly key: string;
    readonly label: string;
    readonly cidr: Cidr;
}

/** Which keys the settings file sets at all (parsed or not), so a bad value is not also reported missing. */
export interface Presence {
    /** Top-level keys without the namespace: `zones`, `prodStack`. */
    readonly keys: ReadonlySet<string>;
    /** Entries of platform:networks, when it is a map. */
    readonly networks?: ReadonlySet<string>;
    /** Entries of platform:clusters, when it is a map. */
    readonly clusters?: ReadonlySet<string>;
}

/**
 * Rules that span several settings: regions and zones, ownership, every CIDR rule, clusters and services.
 * Each rule runs when the values it reads parsed (the schema reported the others already), so one bad key
 * hides no problem of another; returns every problem found, in a stable order.
 */
export function crossFieldProblems(
    settings: Partial<StackSettingsInput>,
    conventions: Partial<PlatformConventions>,
    files: RuleFiles,
    providerRegion: string | undefined,
    secretKeys: readonly string[],
    present: Presence,
    plainLeaves: readonly string[] = [],
): Problem[] {
    const { region, zones, environment, networks, clusters } = settings;
    const { addressPlan, nodes, dns } = conventions;
    const problems: Problem[] = [];
    if (dns) problems.push(...zoneProblems(dns.zone, settings, files.stack));
    if (addressPlan) problems.push(...addressPlanProblems(addressPlan, files.conventions));
    if (nodes) problems.push(...approvedTypeProblems(nodes, files.conventions));
    if (region !== undefined) problems.push(...knownRegionProblems(region, files.stack));
    // an unknown platform:region is the one problem: alicloud:region is not held to a region that does not exist
    if (region !== undefined && knownRegionProblems(region, files.stack).length === 0) problems.push(...providerRegionProblems(region, files.stack, providerRegion));
    if (region !== undefined && zones) problems.push(...regionProblems({ region, zones, networks }, files.stack));
    if (environment) {
        problems.push(...ownershipProblems(environment, present, files.stack));
        problems.push(...serviceSettingsProblems(environment, settings, present, secretKeys, files.stack, plainLeaves));
    }
    // a zone outside the region is the one problem: the networks' zones are not checked against a zone list that is
    // wrong (they would read as vSwitches to remove or to add), and the zone's own problem names them
    const zoneListValid = !(region !== undefined && zones && problems.some((p) => p.key.startsWith("platform:zones[")));
    if (addressPlan && zones && networks && zoneListValid) {
        // a network the stack does not own is one problem (ownershipProblems: remove it), not also one to complete
        const checked = environment ? STACK_NETWORKS[environment] : NETWORK_NAMES;
        // an address plan entry already refused (it overlaps another) is the one problem: its vSwitches are not
        // also reported outside it (the fix would say to restore it, beside the fix that says to change it)
        const planRefused = new Set(problems.filter((p) => p.file === files.conventions && p.key.startsWith("addressPlan.")).map((p) => p.key.slice("addressPlan.".length)));
        const insidePlan = (name: string, p: Problem) => p.fix.includes(`addressPlan.${name}`) || p.expected.includes(`inside the ${name} VPC`);
        problems.push(...checked.flatMap((name) => networkProblems(name, { zones, networks }, addressPlan, files.stack, files.conventions).filter((p) => !(planRefused.has(name) && insidePlan(name, p)))));
    }
    if (clusters) {
        const anySelfManaged = Object.values(clusters).some((c) => c?.kind === "selfManaged");
        problems.push(...sshKeyProblems(anySelfManaged, settings, secretKeys.includes("platform:nodeSshPrivateKey"), files.stack));
    }
    if (addressPlan && nodes && zones && clusters) {
        for (const [network, cluster] of Object.entries(clusters) as [NetworkName, ClusterInput][]) {
            problems.push(...clusterProblems(network, cluster, { zones, addressPlan, nodes, serviceCidr: networks?.[network]?.serviceCidr, file: files.stack }));
        }
    }
    return problems;
}

/**
 * Names against the platform's zone (config/dns.ts): Harbor's host name must be inside it (its record is
 * declared there), and the external hosts the settings name (Logstash, Elasticsearch) outside it, since the
 * zone is authoritative in the VPCs and a name under it without a platform record would not resolve.
 */
export function zoneProblems(zone: string, settings: Partial<StackSettingsInput>, file: string): Problem[] {
    const problems: Problem[] = [];
    const hostname = settings.registry?.hostname;
    if (hostname !== undefined && relativeName(zone, hostname) === undefined) {
        problems.push({
            file,
            key: "platform:registry.hostname",
            expected: `a name inside the platform's zone ${zone} (config/platform.yaml dns.zone), e.g. harbor.ops.${zone}`,
            found: JSON.stringify(hostname),
            fix: `rename it to a name ending in .${zone}: its DNS record is declared in that zone`,
        });
    }
    const external: [string, string][] = [
        ...(settings.observability?.logstashHosts ?? []).map((h, i): [string, string] => [`platform:observability.logstashHosts[${i}]`, hostOf(h)]),
        ...(settings.observability?.elasticsearch ? [["platform:observability.elasticsearch.host", settings.observability.elasticsearch.host] as [string, string]] : []),
    ];
    for (const [key, host] of external.filter(([, h]) => relativeName(zone, h) !== undefined)) {
        problems.push({
            file,
            key,
            expected: `a host outside the platform's zone ${zone}: the zone answers every name under it in the VPCs, and has no record for this one`,
            found: JSON.stringify(host),
            fix: "use the service's own DNS name (outside the zone) or its IP address",
        });
    }
    return problems;
}

/** The prod stack runs the shared services (Harbor, Thanos, Alertmanager, ElastAlert) and needs their settings. */
export function serviceSettingsProblems(
    environment: Environment,
    settings: Partial<StackSettingsInput>,
    present: Presence,
    secretKeys: readonly string[],
    file: string,
    plainLeaves: readonly string[] = [],
): Problem[] {
    const problems: Problem[] = [];
    const need = (key: string, present: boolean, expected: string, fix: string) => {
        if (environment === "prod" && !present) problems.push({ file, key, expected, found: "nothing (the key is missing)", fix });
        if (environment !== "prod" && present) {
            problems.push({ file, key, expected: "nothing: only the prod stack runs the shared services", found: "a value", fix: `remove ${key}` });
        }
    };
    need("platform:registry", present.keys.has("registry"), "Harbor's hostname and blob bucket", "add platform:registry: { hostname, bucket }");
    need("platform:metricsBucket", present.keys.has("metricsBucket"), "the OSS bucket Thanos keeps metrics in", "add platform:metricsBucket");
    need("platform:alertWebhookUrl", present.keys.has("alertWebhookUrl"), "the notification webhook (a secret)", "pulumi config set --secret platform:alertWebhookUrl <url>");
    if (settings.observability) {
        need("platform:observability.elasticsearch", settings.observability.elasticsearch !== undefined, "the Elasticsearch ElastAlert queries", "add observability.elasticsearch: { host, port }");
        need("platform:observability.metricsRetention", settings.observability.metricsRetention !== undefined, "Thanos retention per resolution", "add observability.metricsRetention: { raw, fiveMinutes, oneHour }");
        const retention = settings.observability.metricsRetention;
        for (const issue of retention ? retentionIssues(retention) : []) {
            problems.push({ file, key: `platform:observability.metricsRetention.${issue.key}`, expected: issue.expected, found: issue.found, fix: issue.fix });
        }
    }
    if (environment === "prod" && typeof settings.prodStack === "string" && settings.prodStack !== "") {
        problems.push({ file, key: "platform:prodStack", expected: "nothing: the prod stack owns the hub; platform:prodStack names it for nonprod", found: JSON.stringify(settings.prodStack), fix: "remove platform:prodStack from the prod stack's settings (and from Pulumi.yaml's defaults)" });
    }
    if (environment !== "prod" && present.keys.has("identityProviders")) {
        problems.push({ file, key: "platform:identityProviders", expected: "nothing: users sign in on the host, which the prod stack runs", found: "a value", fix: "remove platform:identityProviders (declare them in Pulumi.prod.yaml)" });
    }
    if (present.keys.has("identityProviders") && !secretKeys.includes("platform:identityProviders")) {
        problems.push({ file, key: "platform:identityProviders", expected: "a secret value (it holds client secrets or bind passwords)", found: "a plain-text value",
            fix: "pulumi config set --secret --path 'platform:identityProviders.<name>.clientSecret' <secret> for each provider (and remove the plain-text values)" });
    } else {
        // the key is secret when one leaf is: each credential leaf must be one of the secure ones
        for (const leaf of plainLeaves) {
            problems.push({ file, key: leaf, expected: "a secret value (a credential: written with pulumi config set --secret, never in the file in plain text)", found: "a plain-text value",
                fix: `pulumi config set --secret --path '${leaf}' <value> (it replaces the plain-text value; rotate the credential, since it is in git's history)` });
        }
    }
    if (present.keys.has("alertWebhookUrl") && !secretKeys.includes("platform:alertWebhookUrl")) {
        problems.push({ file, key: "platform:alertWebhookUrl", expected: "a secret value (it carries a token)", found: "a plain-text value",
            fix: "pulumi config set --secret platform:alertWebhookUrl <url> (and remove the plain-text value)" });
    }
    return problems;
}

/** The three VPC CIDRs must not overlap. */
export function addressPlanProblems(addressPlan: PlatformConventions["addressPlan"], file: string): Problem[] {
    const problems: Problem[] = [];
    const names = NETWORK_NAMES;
    for (let i = 0; i < names.length; i++) {
        for (let j = i + 1; j < names.length; j++) {
            const a = parseCidr(addressPlan[names[i]]);
            const b = parseCidr(addressPlan[names[j]]);
            if (a && b && overlaps(a, b)) {
                problems.push({
                    file,
                    key: `addressPlan.${names[j]}`,
                    expected: `a VPC CIDR that overlaps no other network (${names[i]} is ${a.text})`,
                    found: `${b.text}, which overlaps ${names[i]} ${a.text}`,
                    fix: `give ${names[j]} a range outside ${a.text}, e.g. the next free /12 of 10.0.0.0/8`,
                });
            }
        }
    }
    return problems;
}

/** The provider works in the platform's region. */
export function providerRegionProblems(region: string, file: string, providerRegion: string | undefined): Problem[] {
    if (providerRegion === region) return [];
    return [{
        file,
        key: "alicloud:region",
        expected: `the same region as platform:region (${region})`,
        found: providerRegion === undefined ? "nothing (the key is missing)" : JSON.stringify(providerRegion),
        fix: `set alicloud:region: ${region}`,
    }];
}

function zonesOf(region: string): readonly string[] | undefined {
    return Object.hasOwn(REGION_ZONES, region) ? REGION_ZONES[region] : undefined;
}

/** The region is one the platform lists zones for. */
export function knownRegionProblems(region: string, file: string): Problem[] {
    if (zonesOf(region)) return [];
    return [{
        file,
        key: "platform:region",
        expected: `one of ${Object.keys(REGION_ZONES).join(", ")}`,
        found: JSON.stringify(region),
        fix: "use a listed region, or add the region and its zones to config/regions.ts",
    }];
}

/** The zones are distinct and in the region. */
export function regionProblems(settings: Pick<StackSettingsInput, "region" | "zones"> & Partial<Pick<StackSettingsInput, "networks">>, file: string): Problem[] {
    const problems: Problem[] = [];
    const known = zonesOf(settings.region);
    const seen = new Set<string>();
    settings.zones.forEach((zone, i) => {
        if (seen.has(zone)) {
            problems.push({
                file,
                key: `platform:zones[${i}]`,
                expected: "each zone listed once",
                found: `${JSON.stringify(zone)} again`,
                fix: "remove the repeated zone",
            });
        } else if (known && !known.includes(zone)) {
            const listed = [...new Set(Object.values(settings.networks ?? {}).flatMap((n) => Object.keys(n?.zones ?? {})))].filter((z) => !settings.zones.includes(z) && known.includes(z));
            problems.push({
                file,
                key: `platform:zones[${i}]`,
                expected: `a zone of ${settings.region}: ${known.join(", ")}`,
                found: JSON.stringify(zone),
                fix: listed.length
                    ? `use one of the listed zones; the networks' vSwitches are for ${listed.join(", ")}, which platform:zones does not list (the networks are checked against platform:zones once it is right)`
                    : "use one of the listed zones (the networks are checked against platform:zones once it is right)",
            });
        }
        seen.add(zone);
    });
    return problems;
}

/**
 * A stack declares exactly the networks and clusters it owns (by what the file sets, parsed or not); nonprod
 * names the prod stack it reads the hub from.
 */
export function ownershipProblems(environment: Environment, present: Presence, file: string): Problem[] {
    const problems: Problem[] = [];
    const owned = STACK_NETWORKS[environment];
    const stackOf = (n: string) => (n === "nonprod" ? "nonprod" : "prod");
    for (const [key, names, what] of [["networks", present.networks, "settings"], ["clusters", present.clusters, "cluster"]] as const) {
        if (!names) continue; // missing or not a map: reported by the schema already
        for (const name of owned.filter((n) => !names.has(n))) {
            problems.push({
                file,
                key: `platform:${key}.${name}`,
                expected: `the ${name} network's ${what} (the ${environment} stack declares ${owned.join(" and ")})`,
                found: "nothing (the key is missing)",
                fix: `add platform:${key}.${name}`,
            });
        }
        for (const name of [...names].filter((n) => (NETWORK_NAMES as readonly string[]).includes(n) && !owned.includes(n as NetworkName))) {
            problems.push({
                file,
                key: `platform:${key}.${name}`,
                expected: `only ${owned.join(" and ")} (the networks the ${environment} stack owns)`,
                found: `${what === "cluster" ? "a cluster" : "settings"} for ${name}`,
                fix: `remove platform:${key}.${name}; it belongs to the ${stackOf(name)} stack`,
            });
        }
    }
    if (environment === "nonprod" && !present.keys.has("prodStack")) {
        problems.push({
            file,
            key: "platform:prodStack",
            expected: "the prod stack the hub is read from, <org>/<project>/<stack>",
            found: "nothing (the key is missing)",
            fix: "set platform:prodStack, e.g. acme/platform/prod",
        });
    }
    return problems;
}

/** vSwitches cover exactly the zones, sit inside the VPC and do not overlap; the service CIDR overlaps no VPC. */
export function networkProblems(
    name: NetworkName,
    settings: Pick<StackSettingsInput, "zones" | "networks">,
    addressPlan: PlatformConventions["addressPlan"],
    file: string,
    conventionsFile = "config/platform.yaml",
): Problem[] {
    const network = settings.networks[name];
    const vpc = parseCidr(addressPlan[name]);
    if (!network || !vpc) return [];
    const problems: Problem[] = [];
    const base = `platform:networks.${name}`;

    const missing = settings.zones.filter((zone) => !network.zones[zone]);
    const extra = Object.keys(network.zones).filter((zone) => !settings.zones.includes(zone));
    if (missing.length === 1 && extra.length === 1) {
        // one zone's vSwitches under another name: a misspelt or mistaken key, one problem
        problems.push({
            file,
            key: `${base}.zones.${extra[0]}`,
            expected: `the vSwitches of ${missing[0]}, the zone of platform:zones this network has none for`,
            found: `vSwitches for ${JSON.stringify(extra[0])}, a zone platform:zones does not list`,
            fix: `rename the key to ${missing[0]} (or list ${extra[0]} in platform:zones instead of ${missing[0]})`,
        });
    }
    const renamed = missing.length === 1 && extra.length === 1;
    for (const zone of renamed ? [] : settings.zones) {
        if (!network.zones[zone]) {
            problems.push({
                file,
                key: `${base}.zones.${zone}`,
                expected: `node and pod vSwitch CIDRs for every zone in platform:zones`,
                found: "nothing (the zone is missing)",
                fix: `add ${base}.zones.${zone} with nodeCidr and podCidr inside ${vpc.text}`,
            });
        }
    }
    const blocks: Block[] = [];
    for (const [zone, subnets] of Object.entries(network.zones)) {
        if (!renamed && !settings.zones.includes(zone)) {
            problems.push({
                file,
                key: `${base}.zones.${zone}`,
                expected: `one of platform:zones (${settings.zones.join(", ")})`,
                found: JSON.stringify(zone),
                fix: "remove it, or add the zone to platform:zones",
            });
        }
        for (const role of ["nodeCidr", "podCidr"] as const) {
            const block = parseCidr(subnets[role]);
            if (block) blocks.push({ key: `${base}.zones.${zone}.${role}`, label: `${zone} ${role}`, cidr: block });
        }
    }
    const outside = blocks.filter((b) => !contains(vpc, b.cidr));
    if (blocks.length > 1 && outside.length === blocks.length) {
        // not one vSwitch fits: the VPC's CIDR in the address plan is the likelier mistake, and one problem, there
        problems.push({
            file: conventionsFile,
            key: `addressPlan.${name}`,
            expected: `the ${name} VPC's CIDR, holding its vSwitches (${file}: ${blocks.map((b) => b.cidr.text).join(", ")})`,
            found: `${vpc.text}, which holds none of them`,
            fix: `restore addressPlan.${name} (git log -p config/platform.yaml), or move the ${name} network's vSwitches in ${file} inside ${vpc.text}`,
        });
    } else {
        for (const b of outside) {
            problems.push({
                file,
                key: b.key,
                expected: `a vSwitch CIDR inside the ${name} VPC ${vpc.text} (config/platform.yaml addressPlan.${name})`,
                found: b.cidr.text,
                fix: `pick a free range inside ${vpc.text}`,
            });
        }
    }
    for (let i = 0; i < blocks.length; i++) {
        for (let j = i + 1; j < blocks.length; j++) {
            if (overlaps(blocks[i].cidr, blocks[j].cidr)) {
                problems.push({
                    file,
                    key: blocks[j].key,
                    expected: "a vSwitch CIDR that overlaps no other vSwitch of the network",
                    found: `${blocks[j].cidr.text}, which overlaps ${blocks[i].label} ${blocks[i].cidr.text}`,
                    fix: "move one of the two vSwitches to a free range",
                });
            }
        }
    }
    const service = parseCidr(network.serviceCidr);
    if (service) {
        for (const other of NETWORK_NAMES) {
            const otherVpc = parseCidr(addressPlan[other]);
            if (otherVpc && overlaps(service, otherVpc)) {
                problems.push({
                    file,
                    key: `${base}.serviceCidr`,
                    expected: "a service CIDR that overlaps no VPC of the platform",
                    found: `${service.text}, which overlaps the ${other} VPC ${otherVpc.text}`,
                    fix: "use a range outside 10.0.0.0/8, e.g. a free /20 of 192.168.0.0/16",
                });
            }
        }
    }
    return problems;
}
