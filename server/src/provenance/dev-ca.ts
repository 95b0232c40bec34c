// Development signing identity: a self-signed root CA and a C2PA signing certificate it issues, both P-256.
// Production deployments pass their own PEM files or an external (KMS/HSM) signer instead.
import { webcrypto } from "node:crypto";
import { ES256, x509 } from "./x509.js";

const DAY = 86_400_000; // ms

/** PEM texts of a freshly made development identity. */
export interface DevIdentityPems {
  caCertificate: string;
  caPrivateKey: string;
  /** Signing certificate followed by the CA certificate. */
  signingChain: string;
  signingPrivateKey: string;
}

/** Organization of the development certificates: it names them as not for production. */
export const DEV_ORGANIZATION = "Easel (development, not for production)";

/**
 * A distinguished name from its attribute values, built as structured RDNs rather than a string, so a comma or
 * other RFC 4514 special character in a value stays inside that value instead of ending it.
 */
function distinguishedName(commonName: string, organization: string): x509.JsonName {
  return [{ CN: [commonName] }, { O: [organization] }];
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

/** Creates a development root CA (10 years) and a signing certificate (3 years) that C2PA validators accept. */
export async function createDevIdentity(commonName = "Easel Development", now = new Date()): Promise<DevIdentityPems> {
  const notBefore = new Date(now.getTime() - DAY); // tolerate clock skew between machines
  const caKeys = (await webcrypto.subtle.generateKey(ES256, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: distinguishedName(`${commonName} Root CA`, DEV_ORGANIZATION),
    keys: caKeys,
    signingAlgorithm: ES256,
    notBefore,
    notAfter: new Date(now.getTime() + 3650 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const signerKeys = (await webcrypto.subtle.generateKey(ES256, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const signer = await x509.X509CertificateGenerator.create({
    subject: distinguishedName(`${commonName} Content Credentials Signer`, DEV_ORGANIZATION),
    issuer: ca.subject,
    publicKey: signerKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ES256,
    notBefore,
    notAfter: new Date(now.getTime() + 3 * 365 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      // emailProtection is the EKU every c2pa-rs build accepts; documentSigning is the one the C2PA profile names.
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection, "1.3.6.1.5.5.7.3.36"]),
      await x509.SubjectKeyIdentifierExtension.create(signerKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return {
    caCertificate: ca.toString("pem"),
    caPrivateKey: await pkcs8Pem(caKeys.privateKey),
    signingChain: `${signer.toString("pem")}\n${ca.toString("pem")}\n`,
    signingPrivateKey: await pkcs8Pem(signerKeys.privateKey),
  };
}
