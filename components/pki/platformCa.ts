import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { CA_CERTIFICATE, SERVER_CERTIFICATE, certificateDnsNames } from "./certificates";

/** A server certificate issued by the {@link PlatformCa}: the PEMs a TLS server (or a load balancer) needs. */
export interface IssuedCertificate {
    /** The certificate (PEM). */
    readonly certPem: pulumi.Output<string>;
    /** Its private key (PEM, secret). */
    readonly privateKeyPem: pulumi.Output<string>;
    /** The issuing CA's certificate (PEM), for `ca.crt` and chains. */
    readonly caCertPem: pulumi.Output<string>;
}

/**
 * The platform's own certificate authority, kept in the prod stack's state: its key (RSA 4096, a secret output
 * of tls.PrivateKey) and a ten-year self-signed CA certificate, both protected (replacing the CA would leave
 * every node trusting a CA that no longer signs). It issues the server certificates of the platform's intranet
 * endpoints (Harbor, the KubeSphere console); nodes and clients trust it, never a skipped verification.
 */
export class PlatformCa extends pulumi.ComponentResource {
    /** The CA certificate (PEM, public): what nodes and clients trust. */
    public readonly certPem: pulumi.Output<string>;
    private readonly key: tls.PrivateKey;
    private readonly cert: tls.SelfSignedCert;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("platform:pki:PlatformCa", name, {}, opts);
        const protect = { parent: this, protect: true };
        this.key = new tls.PrivateKey(`${name}-key`, { algorithm: "RSA", rsaBits: CA_CERTIFICATE.rsaBits }, protect);
        this.cert = new tls.SelfSignedCert(
            `${name}-cert`,
            {
                privateKeyPem: this.key.privateKeyPem,
                subject: { commonName: CA_CERTIFICATE.commonName, organization: CA_CERTIFICATE.organization },
                isCaCertificate: true,
                setSubjectKeyId: true,
                validityPeriodHours: CA_CERTIFICATE.validityHours,
                allowedUses: [...CA_CERTIFICATE.allowedUses],
            },
            protect,
        );
        this.certPem = this.cert.certPem;
        this.registerOutputs({ certPem: this.certPem });
    }

    /**
     * Issues a server certificate for `hostnames` (the first is its common name), as children of `parent`:
     * a key of its own, a request, and the CA's signature, renewed {@link SERVER_CERTIFICATE}'s
     * `earlyRenewalHours` before expiry by the next `pulumi up` (the key and the CA stay).
     */
    issue(name: string, hostnames: readonly string[], parent: pulumi.Resource): IssuedCertificate {
        const dnsNames = certificateDnsNames(hostnames);
        const key = new tls.PrivateKey(`${name}-key`, { algorithm: "RSA", rsaBits: SERVER_CERTIFICATE.rsaBits }, { parent });
        const request = new tls.CertRequest(
            `${name}-csr`,
            { privateKeyPem: key.privateKeyPem, subject: { commonName: dnsNames[0], organization: CA_CERTIFICATE.organization }, dnsNames },
            { parent },
        );
        const cert = new tls.LocallySignedCert(
            `${name}-cert`,
            {
                certRequestPem: request.certRequestPem,
                caPrivateKeyPem: this.key.privateKeyPem,
                caCertPem: this.cert.certPem,
                validityPeriodHours: SERVER_CERTIFICATE.validityHours,
                earlyRenewalHours: SERVER_CERTIFICATE.earlyRenewalHours,
                allowedUses: [...SERVER_CERTIFICATE.allowedUses],
            },
            { parent },
        );
        return { certPem: cert.certPem, privateKeyPem: pulumi.secret(key.privateKeyPem), caCertPem: this.certPem };
    }
}
