package org.sealpost.directory;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.sealpost.core.CryptoProviders;

/**
 * Asks a certificate's OCSP responder (RFC 6960), the one its authority information access names
 * (http and https only), whether its CA revoked it. An answer counts only when it is
 * <ul>
 *   <li>a successful basic response, signed with a hash other than SHA-1, MD5 or MD2,</li>
 *   <li>signed by the issuer itself, or by a delegated responder certificate the issuer signed that
 *       carries id-kp-OCSPSigning and is valid now (RFC 6960 section 4.2.2.2),</li>
 *   <li>about this very certificate (issuer name and key hashes and serial of the CertID),</li>
 *   <li>current: thisUpdate not ahead of this clock by more than {@link #CLOCK_SKEW}, nextUpdate not
 *       passed (without nextUpdate, thisUpdate at most {@link #MAX_AGE_WITHOUT_NEXT_UPDATE} old).</li>
 * </ul>
 * Anything else (no responder, unreachable, an error status, a wrong signer, a stale or mismatched
 * answer, {@code unknown}) is {@link RevocationStatus.Unknown}.
 *
 * <p>The request carries no nonce: the responders of public CAs serve pre-signed responses (RFC 5019)
 * and ignore or refuse nonces; the freshness rules above bound a replayed answer to its own validity.
 * The CertID uses SHA-1, which RFC 5019 responders require (it names a certificate, it signs nothing).
 * Thread-safe.
 */
final class OcspCheck {
    /** An OCSP response is a few KB, a few more with a responder certificate; beyond this it is abandoned. */
    static final int MAX_RESPONSE_BYTES = 256 * 1024;
    /** How far a responder's clock may run ahead of this one. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** How old a response without nextUpdate may be ("newer information is always available"). */
    static final Duration MAX_AGE_WITHOUT_NEXT_UPDATE = Duration.ofDays(1);

    private static final String OCSP_SIGNING = KeyPurposeId.id_kp_OCSPSigning.getId();

    private final BoundedHttp http;
    private final Clock clock;
    private final DigestCalculatorProvider digests;

    OcspCheck(BoundedHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bouncyCastle()).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest calculators", e);
        }
    }

    /** Whether {@code cert} names an http(s) OCSP responder to ask. */
    static boolean offered(X509Certificate cert) {
        return !responders(cert).isEmpty();
    }

    RevocationStatus check(X509Certificate cert, X509Certificate issuer) {
        List<URI> responders = responders(cert);
        if (responders.isEmpty()) {
            return new RevocationStatus.Unknown("the certificate names no http OCSP responder");
        }
        byte[] request;
        try {
            request = new OCSPReqBuilder().addRequest(new CertificateID(digests.get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), cert.getSerialNumber())).build().getEncoded();
        } catch (OCSPException | OperatorCreationException | GeneralSecurityException | IOException e) {
            return new RevocationStatus.Unknown("no OCSP request could be made: " + e.getClass().getSimpleName());
        }
        String why = "";
        for (URI responder : responders) {
            try {
                byte[] answer = http.fetch(HttpRequest.newBuilder(responder).header("Content-Type", "application/ocsp-request")
                        .header("Accept", "application/ocsp-response").POST(HttpRequest.BodyPublishers.ofByteArray(request)),
                        MAX_RESPONSE_BYTES, "OCSP response");
                RevocationStatus status = judge(answer, cert.getSerialNumber(), issuer);
                if (!(status instanceof RevocationStatus.Unknown unknown)) {
                    return status;
                }
                why = responder + ": " + unknown.why();
            } catch (IOException e) {
                why = responder + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (RuntimeException e) {
                why = responder + ": " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RevocationStatus.Unknown("interrupted");
            }
        }
        return new RevocationStatus.Unknown(why);
    }

    /** What one responder's answer says about the certificate {@code serial} of {@code issuer}. */
    RevocationStatus judge(byte[] answer, BigInteger serial, X509Certificate issuer) throws IOException {
        OCSPResp response = new OCSPResp(answer);
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            return new RevocationStatus.Unknown("the responder answered status " + response.getStatus() + " (not successful)");
        }
        BasicOCSPResp basic;
        try {
            if (!(response.getResponseObject() instanceof BasicOCSPResp b)) {
                return new RevocationStatus.Unknown("not a basic OCSP response");
            }
            basic = b;
        } catch (OCSPException e) {
            return new RevocationStatus.Unknown("the response cannot be read");
        }
        Instant now = clock.instant();
        Optional<String> signature = signatureProblem(basic, issuer, now);
        if (signature.isPresent()) {
            return new RevocationStatus.Unknown(signature.get());
        }
        Optional<SingleResp> single = about(basic, serial, issuer);
        if (single.isEmpty()) {
            return new RevocationStatus.Unknown("the response does not name the certificate");
        }
        Optional<String> stale = freshnessProblem(single.get(), now);
        if (stale.isPresent()) {
            return new RevocationStatus.Unknown(stale.get());
        }
        CertificateStatus status = single.get().getCertStatus();
        if (status == CertificateStatus.GOOD) {
            return new RevocationStatus.Good();
        }
        if (status instanceof RevokedStatus revoked) {
            return new RevocationStatus.Revoked(revoked.getRevocationTime().toInstant());
        }
        return new RevocationStatus.Unknown("the responder does not know the certificate");
    }

    private Optional<String> signatureProblem(BasicOCSPResp basic, X509Certificate issuer, Instant now) {
        String algorithm = new DefaultAlgorithmNameFinder().getAlgorithmName(basic.getSignatureAlgOID()).toUpperCase(Locale.ROOT);
        if (algorithm.contains("SHA1") || algorithm.contains("SHA-1") || algorithm.contains("MD5") || algorithm.contains("MD2")) {
            return Optional.of("the response is signed with " + algorithm + ", a broken hash");
        }
        if (signedBy(basic, issuer.getPublicKey())) {
            return Optional.empty();
        }
        for (X509CertificateHolder holder : basic.getCerts()) {
            Optional<X509Certificate> responder = delegatedResponder(holder, issuer, now);
            if (responder.isPresent() && signedBy(basic, responder.get().getPublicKey())) {
                return Optional.empty();
            }
        }
        return Optional.of("the response is signed neither by the issuer nor by an OCSP responder certificate the issuer issued");
    }

    /** {@code holder} when the issuer signed it for OCSP signing and it is valid now. */
    private static Optional<X509Certificate> delegatedResponder(X509CertificateHolder holder, X509Certificate issuer, Instant now) {
        try {
            X509Certificate responder = new JcaX509CertificateConverter().setProvider(CryptoProviders.bouncyCastle())
                    .getCertificate(holder);
            if (!responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return Optional.empty();
            }
            responder.verify(issuer.getPublicKey(), CryptoProviders.bouncyCastle());
            responder.checkValidity(Date.from(now));
            List<String> eku = responder.getExtendedKeyUsage();
            return eku != null && eku.contains(OCSP_SIGNING) ? Optional.of(responder) : Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean signedBy(BasicOCSPResp basic, PublicKey key) {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(CryptoProviders.bouncyCastle()).build(key));
        } catch (OCSPException | OperatorCreationException | RuntimeException e) {
            return false;
        }
    }

    /** The single response whose CertID names this issuer (by its own hash algorithm) and serial. */
    private Optional<SingleResp> about(BasicOCSPResp basic, BigInteger serial, X509Certificate issuer) {
        try {
            X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
            for (SingleResp single : basic.getResponses()) {
                CertificateID id = single.getCertID();
                if (serial.equals(id.getSerialNumber()) && id.matchesIssuer(issuerHolder, digests)) {
                    return Optional.of(single);
                }
            }
        } catch (GeneralSecurityException | OCSPException | RuntimeException e) {
            // A CertID that cannot be matched names nothing we asked about.
        }
        return Optional.empty();
    }

    private static Optional<String> freshnessProblem(SingleResp single, Instant now) {
        Instant thisUpdate = single.getThisUpdate().toInstant();
        if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
            return Optional.of("the response is from the future (thisUpdate " + thisUpdate + ")");
        }
        Date nextUpdate = single.getNextUpdate();
        if (nextUpdate != null && !nextUpdate.toInstant().isAfter(now)) {
            return Optional.of("the response is stale (nextUpdate was " + nextUpdate.toInstant() + ")");
        }
        if (nextUpdate == null && thisUpdate.isBefore(now.minus(MAX_AGE_WITHOUT_NEXT_UPDATE))) {
            return Optional.of("the response is stale (thisUpdate " + thisUpdate + ", no nextUpdate)");
        }
        return Optional.empty();
    }

    private static List<URI> responders(X509Certificate cert) {
        List<URI> uris = new ArrayList<>();
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(new JcaX509CertificateHolder(cert).getExtensions());
            if (aia == null) {
                return uris;
            }
            for (AccessDescription d : aia.getAccessDescriptions()) {
                GeneralName name = d.getAccessLocation();
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp) && name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    String uri = ASN1IA5String.getInstance(name.getName()).getString();
                    String lower = uri.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("http://") || lower.startsWith("https://")) {
                        uris.add(URI.create(uri));
                    }
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // An unreadable extension names no usable responder.
        }
        return uris;
    }
}
