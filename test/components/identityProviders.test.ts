import { identityAnnotation, identityProviderConfiguration, oidcRedirectUrl } from "../../components/federation/identityProviders";
import { userObject } from "../../components/tenancy/manifests";
import { identityProvidersSchema } from "../../config/schema";
import { identityProblems } from "../../config/tenancy";
import { expectProblems, problemsOf } from "../config/settingsAssertions";
import { mutatedRaw } from "../config/stackSettings";
import { STANDARD, cachedPlan } from "../support/planCache";

const CONSOLE = "https://console.ops.kube-platform.internal";

describe("identity providers as KubeSphere 4.1 reads them", () => {
    test("an OIDC provider: its options, the console's redirect URL, lookup by default", () => {
        const p = identityProvidersSchema.parse({ sso: { type: "oidc", issuer: "https://sso.example.com/realms/corp", clientID: "kubesphere", clientSecret: "s3cret" } }).sso;
        expect(identityProviderConfiguration("sso", p, CONSOLE)).toEqual({
            name: "sso",
            mappingMethod: "lookup",
            type: "OIDCIdentityProvider",
            provider: {
                issuer: "https://sso.example.com/realms/corp",
                clientID: "kubesphere",
                clientSecret: "s3cret",
                redirectURL: "https://console.ops.kube-platform.internal/oauth/redirect/sso",
                scopes: ["openid", "email", "profile"],
                getUserInfo: true,
            },
        });
        expect(oidcRedirectUrl(`${CONSOLE}/`, "sso")).toBe(`${CONSOLE}/oauth/redirect/sso`);
    });

    test("an LDAP directory: bind account, search base, login and mail attributes with their defaults", () => {
        const p = identityProvidersSchema.parse({
            corp: { type: "ldap", host: "ldaps://ldap.example.com:636", managerDN: "cn=ks,dc=example,dc=com", managerPassword: "pw", userSearchBase: "ou=people,dc=example,dc=com", mappingMethod: "auto" },
        }).corp;
        expect(identityProviderConfiguration("corp", p, CONSOLE)).toEqual({
            name: "corp",
            mappingMethod: "auto",
            type: "LDAPIdentityProvider",
            provider: { host: "ldaps://ldap.example.com:636", startTLS: false, managerDN: "cn=ks,dc=example,dc=com", managerPassword: "pw", userSearchBase: "ou=people,dc=example,dc=com", loginAttribute: "uid", mailAttribute: "mail" },
        });
    });

    test.each([
        [{ sso: { type: "oidc", issuer: "http://sso", clientID: "k", clientSecret: "s" } }, "issuer"],
        [{ sso: { type: "saml", issuer: "https://sso" } }, "type"],
        [{ sso: { type: "oidc", issuer: "https://sso", clientID: "k", clientSecret: "s", mappingMethod: "mixed" } }, "mappingMethod"],
        [{ corp: { type: "ldap", host: "ldap.example.com", managerDN: "x", managerPassword: "y", userSearchBase: "z" } }, "host"],
    ])("refuses %j (%s)", (raw, field) => {
        const r = identityProvidersSchema.safeParse(raw);
        expect(r.success).toBe(false);
        expect(JSON.stringify(r.error!.issues.map((i) => i.path))).toContain(field);
    });

    test("a user mapped to its identity carries the annotation KubeSphere looks users up by", () => {
        const u = userObject({ name: "li-wei", email: "li.wei@example.com", globalRole: "platform-regular", clusterRoles: {}, identity: { provider: "corp-sso", id: "li.wei" } });
        expect(u.metadata.annotations).toEqual({ "iam.kubesphere.io/identity-provider.corp-sso": "li.wei" });
        expect(identityAnnotation("corp-sso")).toBe("iam.kubesphere.io/identity-provider.corp-sso");
    });

    test("every user mapped, to a declared provider", () => {
        const users = {
            a: { email: "a@x.io", globalRole: "platform-regular" as const, clusterRoles: {}, identity: { provider: "sso", id: "a" } },
            b: { email: "b@x.io", globalRole: "platform-regular" as const, clusterRoles: {} },
            c: { email: "c@x.io", globalRole: "platform-regular" as const, clusterRoles: {}, identity: { provider: "ldap", id: "c" } },
        };
        expect(identityProblems(users, ["sso"], "config/tenancy/users.yaml").map((p) => [p.key, p.found])).toEqual([
            ["users.b.identity", "nothing: the user could not log in"],
            ["users.c.identity.provider", '"ldap"'],
        ]);
    });
});

describe("identity providers in the settings", () => {
    test("a plain-text client secret is refused, not echoed", () => {
        const raw = mutatedRaw("prod", (config) => {
            const idp = config["platform:identityProviders"] as Record<string, Record<string, unknown>>;
            idp["corp-sso"].clientSecret = "plain-text-secret-123";
        });
        const problems = problemsOf(raw);
        expectProblems(problems, [{ file: "Pulumi.prod.yaml", key: "platform:identityProviders", expected: ["a secret value"], found: "a plain-text value", fix: ["pulumi config set --secret --path"] }]);
        expect(JSON.stringify(problems)).not.toContain("plain-text-secret-123");
    });

    test("only the prod stack declares them", () => {
        const raw = mutatedRaw("nonprod", (config) => {
            config["platform:identityProviders"] = { sso: { type: "oidc", issuer: "https://sso.example.com", clientID: "k", clientSecret: { secure: "AAAB" } } };
        });
        expectProblems(problemsOf(raw), [{ file: "Pulumi.nonprod.yaml", key: "platform:identityProviders", expected: ["users sign in on the host"], found: "a value", fix: ["remove platform:identityProviders"] }]);
    });
});

test("the prod plan: one Secret per provider in kubesphere-system, its content secret, after the host's ks-core", async () => {
    const { plan } = await cachedPlan(STANDARD.prod);
    const secrets = plan.resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs.type as string) === "config.kubesphere.io/identityprovider");
    expect(secrets.map((s) => s.inputs.metadata)).toEqual([{ name: "identity-provider-corp-sso", namespace: "kubesphere-system", labels: { "config.kubesphere.io/type": "identityprovider" } }]);
    expect(secrets[0].secretInputs).toEqual(["stringData"]);
    const hostCore = plan.resources.find((r) => r.name === "ops-kubesphere-ks-core")!;
    expect(secrets[0].dependencies).toContain(hostCore.urn);
    expect(JSON.stringify(plan)).not.toContain("clientSecret");
    // every user of the layout is mapped to it
    const users = plan.resources.filter((r) => r.type === "kubernetes:iam.kubesphere.io/v1beta1:User");
    expect(users.length).toBeGreaterThan(5);
    for (const u of users) expect(Object.keys((u.inputs.metadata as { annotations?: object }).annotations ?? {})).toContain("iam.kubesphere.io/identity-provider.corp-sso");
});
