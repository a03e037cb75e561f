/**
 * Revocation for a Sealpost CA: {@link org.sealpost.ca.revocation.CrlGenerator} signs RFC 5280
 * CRLs and {@link org.sealpost.ca.revocation.OcspResponder} answers RFC 6960 OCSP requests, both
 * with the issuing CA's own key ({@link org.sealpost.ca.revocation.RevocationSigner}, software or PKCS#11).
 * Certificate status comes from the integrator through
 * {@link org.sealpost.ca.revocation.CertificateStatusSource}. See docs/TSA-OCSP-CRL.md.
 */
package org.sealpost.ca.revocation;
