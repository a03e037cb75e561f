package org.sealpost.tsa;

import java.util.Optional;
import java.util.function.Supplier;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.sealpost.core.CryptoProviders;

/**
 * An RFC 3161 time-stamp authority. Transport-neutral: the HTTP layer posts the body of an
 * {@code application/timestamp-query} to {@link #respond} and sends back the bytes as
 * {@code application/timestamp-reply}.
 *
 * <p>A granted token carries: the policy OID of the {@link TsaPolicy}; a random positive 128-bit
 * serial number; genTime with millisecond resolution from the clock; the policy's accuracy; the
 * request's nonce; the TSA's name; and, only when the request sets certReq, the signer's chain.
 * The SignerInfo identifies the TSA certificate with an ESSCertIDv2 over SHA-256 (RFC 5816).
 *
 * <p>Queries are refused with status {@code rejection} and one failure bit: badDataFormat for
 * bytes that are not a DER TimeStampReq v1 or an imprint of the wrong length; badAlg for an
 * imprint hash other than the accepted SHA-2 ones (SHA-1 and MD5 included); unacceptedPolicy for a
 * requested policy other than ours; unacceptedExtension for any request extension; systemFailure
 * when signing fails. {@link #respond} never throws.
 *
 * <p>Thread-safe: each token gets its own signer and generator.
 */
public final class TimeStampAuthority {
    private final TsaSigner signer;
    private final TsaPolicy policy;
    private final Clock clock;
    private final SecureRandom random;
    private final QueryValidator validator;
    private final Supplier<Optional<String>> stop;
    private final JcaCertStore certificates;
    private final GeneralName tsaName;
    private final DigestCalculatorProvider digests;
    private final X509CertificateHolder tsaCertificate;

    /**
     * @param signer the TSA certificate, key and chain
     * @param policy what tokens promise and what queries may ask
     * @param clock  the time source for genTime; must be synchronised to UTC within the accuracy
     * @param random source of serial numbers
     */
    public TimeStampAuthority(TsaSigner signer, TsaPolicy policy, Clock clock, SecureRandom random) {
        this(signer, policy, clock, random, Optional::empty);
    }

    /**
     * @param stop asked before every token: a reason not to sign (e.g. the TSA certificate was
     *             revoked, which only the CA's records know), or empty
     */
    public TimeStampAuthority(TsaSigner signer, TsaPolicy policy, Clock clock, SecureRandom random,
            Supplier<Optional<String>> stop) {
        this.stop = Objects.requireNonNull(stop, "stop");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.validator = new QueryValidator(policy);
        try {
            this.certificates = new JcaCertStore(signer.chain());
            this.tsaCertificate = new JcaX509CertificateHolder(signer.certificate());
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bouncyCastle()).build();
        } catch (CertificateEncodingException | OperatorCreationException e) {
            throw new IllegalArgumentException("the TSA certificate chain cannot be encoded", e);
        }
        this.tsaName = new GeneralName(X500Name.getInstance(signer.certificate().getSubjectX500Principal().getEncoded()));
        signer.signatureAlgorithm(); // fail now, not per request, on an unsupported key type
    }

    /** Answers a DER TimeStampReq with a DER TimeStampResp; never throws. */
    public byte[] respond(byte[] timeStampQueryDer) {
        try {
            return switch (validator.check(timeStampQueryDer)) {
                case QueryCheck.Rejected r -> rejection(r.failInfo(), r.reason());
                case QueryCheck.Accepted a -> grant(a);
            };
        } catch (OperatorCreationException | TSPException | IOException | RuntimeException e) {
            // The key, HSM or encoder failed: the client's request was fine, so say so.
            return rejection(PKIFailureInfo.systemFailure, "the time-stamp authority cannot sign at the moment");
        }
    }

    private byte[] grant(QueryCheck.Accepted accepted) throws OperatorCreationException, TSPException, IOException {
        Optional<String> stopped = stop.get();
        if (stopped.isPresent()) {
            return rejection(PKIFailureInfo.systemFailure, stopped.get());
        }
        Date genTime = Date.from(clock.instant());
        if (genTime.before(signer.certificate().getNotBefore()) || genTime.after(signer.certificate().getNotAfter())) {
            // A token outside the certificate's validity would fail every verification: refuse instead.
            return rejection(PKIFailureInfo.systemFailure, "the time-stamp authority's certificate is not valid now");
        }
        SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
                .build(signer.contentSigner(), tsaCertificate);
        // A SHA-256 calculator makes BC write ESSCertIDv2 (RFC 5816) instead of SHA-1 ESSCertID.
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signerInfo,
                digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), policy.policy());
        Duration accuracy = policy.accuracy();
        tokens.setAccuracySeconds((int) accuracy.toSeconds());
        tokens.setAccuracyMillis(accuracy.toMillisPart());
        tokens.setAccuracyMicros(accuracy.toNanosPart() / 1000 % 1000);
        tokens.setOrdering(policy.ordering());
        tokens.setResolution(TimeStampTokenGenerator.R_MILLISECONDS);
        tokens.setTSA(tsaName);
        // BC puts these into the token only when the request's certReq is true.
        tokens.addCertificates(certificates);
        Set<ASN1ObjectIdentifier> algorithms = policy.acceptedAlgorithms().stream()
                .map(ImprintAlgorithm::oid).collect(Collectors.toSet());
        TimeStampResponse response = new TimeStampResponseGenerator(tokens, algorithms, Set.of(policy.policy()))
                .generateGrantedResponse(accepted.request(), serialNumber(), genTime);
        return response.getEncoded();
    }

    /** A positive 128-bit serial number; unpredictable so that serials reveal nothing about volume. */
    private BigInteger serialNumber() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static byte[] rejection(int failInfo, String reason) {
        PKIStatusInfo status = new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(reason), new PKIFailureInfo(failInfo));
        try {
            return new TimeStampResp(status, null).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a time-stamp rejection", e);
        }
    }
}
