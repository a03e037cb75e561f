/**
 * Mutual TLS between the key service and a vault: self-signed EC P-256 identities
 * ({@link org.sealpost.vault.tls.TlsCertificates}), kept in password-protected PKCS#12 files
 * ({@link org.sealpost.vault.tls.TlsKeyStoreFile}), and trust by SHA-256 pins of the peer's certificate
 * ({@link org.sealpost.vault.tls.CertificatePin}, {@link org.sealpost.vault.tls.PinnedTrustManager}).
 * See docs/VAULT.md.
 */
package org.sealpost.vault.tls;
