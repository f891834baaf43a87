import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import type { IdentityProviderInput } from "../../config/schema";
import { KUBESPHERE_NAMESPACE } from "./values";

/**
 * KubeSphere 4.1's identity providers: one Secret each in kubesphere-system, of type
 * `config.kubesphere.io/identityprovider` and labelled `config.kubesphere.io/type: identityprovider` (login looks
 * providers up by that label), whose `configuration.yaml` holds name, type, mappingMethod and the provider's
 * options (kubesphere v4.1.3 pkg/apiserver/authentication/identityprovider/configuration.go, oidc/oidc.go,
 * ldap/ldap.go). A user the layout declares is matched by its annotation
 * `iam.kubesphere.io/identity-provider.<provider>: <id>` (pkg/models/auth/mapper.go).
 */
export const IDENTITY_PROVIDER_SECRET = { type: "config.kubesphere.io/identityprovider", labels: { "config.kubesphere.io/type": "identityprovider" }, key: "configuration.yaml" } as const;

/** The annotation that maps a KubeSphere user to its identity at a provider. */
export function identityAnnotation(provider: string): string {
    return `iam.kubesphere.io/identity-provider.${provider}`;
}

/** Where an OIDC provider sends the browser back: the console's route (console server/routes.js). */
export function oidcRedirectUrl(consoleUrl: string, provider: string): string {
    return `${consoleUrl.replace(/\/+$/, "")}/oauth/redirect/${provider}`;
}

/** A provider's `configuration.yaml`, as KubeSphere reads it. */
export function identityProviderConfiguration(name: string, p: IdentityProviderInput, consoleUrl: string): Record<string, unknown> {
    const common = { name, mappingMethod: p.mappingMethod, ...(p.displayName ? { displayName: p.displayName } : {}) };
    if (p.type === "oidc") {
        return {
            ...common,
            type: "OIDCIdentityProvider",
            provider: { issuer: p.issuer, clientID: p.clientID, clientSecret: p.clientSecret, redirectURL: oidcRedirectUrl(consoleUrl, name), scopes: [...p.scopes], getUserInfo: true },
        };
    }
    return {
        ...common,
        type: "LDAPIdentityProvider",
        provider: {
            host: p.host,
            startTLS: p.startTLS,
            managerDN: p.managerDN,
            managerPassword: p.managerPassword,
            userSearchBase: p.userSearchBase,
            ...(p.userSearchFilter ? { userSearchFilter: p.userSearchFilter } : {}),
            loginAttribute: p.loginAttribute,
            mailAttribute: p.mailAttribute,
        },
    };
}

/** The Secret's name of a provider. */
export const identityProviderSecretName = (provider: string) => `identity-provider-${provider}`;

/** Arguments for {@link IdentityProviders}. */
export interface IdentityProvidersArgs {
    /** Provider of the host cluster. */
    readonly provider: k8s.Provider;
    /** The providers' names (what the plan shows). */
    readonly names: readonly string[];
    /** Their options, secret as a whole (settings: `platform:identityProviders`). */
    readonly options: pulumi.Output<Readonly<Record<string, IdentityProviderInput>>>;
    /** The console's URL (OIDC's redirect URL is under it). */
    readonly consoleUrl: string;
}

/** The company's identity providers on the host, each the Secret KubeSphere reads; its content a secret. */
export class IdentityProviders extends pulumi.ComponentResource {
    constructor(name: string, args: IdentityProvidersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:federation:IdentityProviders", name, {}, opts);
        for (const provider of args.names) {
            const configuration = pulumi.secret(args.options.apply((all) => YAML.stringify(identityProviderConfiguration(provider, all[provider], args.consoleUrl))));
            new k8s.core.v1.Secret(
                `${name}-${provider}`,
                {
                    metadata: { name: identityProviderSecretName(provider), namespace: KUBESPHERE_NAMESPACE, labels: { ...IDENTITY_PROVIDER_SECRET.labels } },
                    type: IDENTITY_PROVIDER_SECRET.type,
                    stringData: { [IDENTITY_PROVIDER_SECRET.key]: configuration },
                },
                { parent: this, provider: args.provider, dependsOn: opts?.dependsOn },
            );
        }
        this.registerOutputs({});
    }
}
