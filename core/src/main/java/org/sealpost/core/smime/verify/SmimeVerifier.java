package org.sealpost.core.smime.verify;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jakarta.mail.internet.ContentType;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import org.sealpost.core.DecryptionException;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.keys.Names;
import org.sealpost.core.mime.BodyParts;
import org.sealpost.core.mime.CanonicalOutputStream;
import org.sealpost.core.mime.Entity;
import org.sealpost.core.mime.EntityBuffer;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.mime.MimeOutput;
import org.sealpost.core.mime.SignedMultipart;
import org.sealpost.core.smime.cms.CmsContentType;
import org.sealpost.core.smime.decrypt.EnvelopeOpener;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.sign.SignatureForm;

/**
 * Verifies every S/MIME layer of a message (sign-then-encrypt, encrypt-then-sign, triple
 * wrapping), decrypting inner layers when keys are given, and reports the result as data.
 * Streams: layers larger than a few megabytes pass through private temporary files.
 */
public final class SmimeVerifier {
    private static final int MAX_LAYERS = 8;
    private static final int MAX_SIGNATURE_BYTES = 16 << 20;

    /**
     * Verifies {@code input}. When {@code contentOut} is not null, the innermost content is written
     * to it as a message: the outer envelope fields followed by the innermost entity.
     */
    public VerificationReport verify(MessageSource input, VerifyOptions options, OutputStream contentOut)
            throws SmimeException, IOException {
        List<EntityBuffer> buffers = new ArrayList<>();
        try {
            Entity top = Entity.parse(input);
            return verifyEntity(top, top.headers().fromAddress(), options, contentOut, buffers);
        } finally {
            for (EntityBuffer b : buffers) {
                b.close();
            }
        }
    }

    /**
     * Verifies one body part of {@code input}, such as a signed part that a mailing list wrapped in
     * multipart/mixed with a footer. {@code section} is an IMAP section number (RFC 3501): "1" is
     * the first part of the top-level multipart, "2.1" the first part of its second part. The part
     * is judged against the message's From address, and the report speaks for that part only, not
     * for the parts around it. {@code contentOut} receives the innermost content of the part.
     */
    public VerificationReport verifyPart(MessageSource input, String section, VerifyOptions options, OutputStream contentOut)
            throws SmimeException, IOException {
        List<EntityBuffer> buffers = new ArrayList<>();
        try {
            Entity top = Entity.parse(input);
            Entity part = Entity.parsePart(BodyParts.part(top, section));
            return verifyEntity(part, top.headers().fromAddress(), options, contentOut, buffers);
        } finally {
            for (EntityBuffer b : buffers) {
                b.close();
            }
        }
    }

    private VerificationReport verifyEntity(Entity top, Optional<String> from, VerifyOptions options, OutputStream contentOut,
                                            List<EntityBuffer> buffers) throws SmimeException, IOException {
        SignerChecks checks = new SignerChecks(options);
        List<Layer> layers = new ArrayList<>();
        Entity current = top;
        MessageSource opaqueRest = null;
        for (int depth = 0; depth < MAX_LAYERS && current != null; depth++) {
            ContentType ct = current.contentType();
            String base = ct.getBaseType().toLowerCase(Locale.ROOT);
            MessageSource next;
            if (base.equals("multipart/signed")) {
                Step step = verifyDetached(current, from, checks);
                layers.add(step.layer());
                next = step.inner();
            } else if (isPkcs7Mime(base)) {
                BufferedInputStream body = CmsContentType.buffered(current.openDecodedBody());
                CmsContentType cms = CmsContentType.peek(body);
                Step step = switch (cms) {
                    case SIGNED_DATA -> verifyOpaque(body, from, checks, buffers);
                    case ENVELOPED_DATA, AUTH_ENVELOPED_DATA -> openEnvelope(body, current.source().size(), options, buffers);
                    default -> throw new MalformedMessageException("unsupported S/MIME content: CMS " + cms.smimeType());
                };
                layers.add(step.layer());
                next = step.inner();
                if (next == null) {
                    body.close();
                }
            } else {
                break;
            }
            if (next == null) {
                current = null;
                break;
            }
            try {
                current = Entity.parsePart(next);
            } catch (MalformedMessageException e) {
                // The protected content is not a MIME entity (plain CMS data): it is the final content.
                opaqueRest = next;
                current = null;
            }
        }
        if (current != null && isSmime(current)) {
            // Deeper layers were not checked, so nothing may be said about the content.
            throw new MalformedMessageException("more than " + MAX_LAYERS + " nested S/MIME layers");
        }
        if (contentOut != null) {
            writeContent(top, current, opaqueRest, contentOut);
        }
        return report(from, SenderBinding.apply(from, layers));
    }

    private static boolean isSmime(Entity entity) throws MalformedMessageException {
        String base = entity.baseType();
        return base.equals("multipart/signed") || isPkcs7Mime(base);
    }

    /**
     * Verifies a detached CMS signature (DER, as in a .p7s file) over {@code content} taken byte for
     * byte, without MIME canonicalisation: the counterpart of {@code openssl cms -verify -binary
     * -content}. There is no From address, so a signer only needs an email address in its certificate.
     */
    public VerificationReport verifyDetached(MessageSource content, MessageSource signature, VerifyOptions options)
            throws SmimeException, IOException {
        byte[] sig;
        try (InputStream in = signature.open()) {
            sig = in.readNBytes(MAX_SIGNATURE_BYTES + 1);
        }
        if (sig.length > MAX_SIGNATURE_BYTES) {
            throw new MalformedMessageException("the signature is larger than " + MAX_SIGNATURE_BYTES + " bytes");
        }
        CMSSignedData signedData;
        try {
            signedData = new CMSSignedData(new RawContent(content), sig);
            signedData.getSignerInfos();
        } catch (CMSException | RuntimeException e) {
            throw new MalformedMessageException("the signature is not a readable DER CMS SignedData ("
                    + CmsContentType.describe(e) + ")", e);
        }
        Optional<String> problem = embeddedContentProblem(sig, new RawContent(content), "the given content");
        List<SignerResult> results = judge(signedData.getSignerInfos().getSigners(), signedData.getCertificates(),
                Optional.empty(), new SignerChecks(options));
        if (results.isEmpty()) {
            problem = problem.or(() -> Optional.of("the signature holds no signer"));
        }
        return report(Optional.empty(), List.of(new Layer.Signed(SignatureForm.DETACHED, results, problem)));
    }

    private record Step(Layer layer, MessageSource inner) {
    }

    private static boolean isPkcs7Mime(String base) {
        return base.equals("application/pkcs7-mime") || base.equals("application/x-pkcs7-mime");
    }

    private Step verifyDetached(Entity entity, Optional<String> from, SignerChecks checks) throws SmimeException, IOException {
        SignedMultipart parts = SignedMultipart.read(entity, MAX_SIGNATURE_BYTES);
        MessageSource signedSource = parts.signedPart();
        CMSProcessable canonical = new CanonicalContent(signedSource);
        Collection<SignerInformation> signers;
        Store<X509CertificateHolder> certs;
        try {
            CMSSignedData signedData = new CMSSignedData(canonical, parts.signature());
            signers = parsed(signedData.getSignerInfos());
            certs = signedData.getCertificates();
        } catch (CMSException | RuntimeException e) {
            throw new MalformedMessageException("the signature part is not a readable CMS SignedData ("
                    + CmsContentType.describe(e) + ")", e);
        }
        Optional<String> problem = embeddedContentProblem(parts.signature(), canonical, "the signed MIME part");
        List<SignerResult> results = judge(signers, certs, from, checks);
        if (results.isEmpty()) {
            problem = problem.or(() -> Optional.of("the signature part holds no signer"));
        }
        return new Step(new Layer.Signed(SignatureForm.DETACHED, results, problem), signedSource);
    }

    /** A detached signature that also embeds content must embed exactly the signed content. */
    private static Optional<String> embeddedContentProblem(byte[] signature, CMSProcessable signedContent, String what)
            throws IOException {
        try {
            CMSSignedData alone = new CMSSignedData(signature);
            if (alone.getSignedContent() == null) {
                return Optional.empty();
            }
            MessageDigest embedded = MessageDigest.getInstance("SHA-256");
            alone.getSignedContent().write(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), embedded));
            MessageDigest part = MessageDigest.getInstance("SHA-256");
            signedContent.write(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), part));
            if (!MessageDigest.isEqual(embedded.digest(), part.digest())) {
                return Optional.of("the signature embeds content that differs from " + what);
            }
            return Optional.empty();
        } catch (CMSException | NoSuchAlgorithmException e) {
            return Optional.of("the embedded content of the signature cannot be read");
        }
    }

    private Step verifyOpaque(BufferedInputStream body, Optional<String> from, SignerChecks checks, List<EntityBuffer> buffers)
            throws SmimeException, IOException {
        try {
            CMSSignedDataParser parser = new CMSSignedDataParser(
                    new JcaDigestCalculatorProviderBuilder().build(), body);
            CMSTypedStream signed = parser.getSignedContent();
            if (signed == null) {
                parser.getSignerInfos();
                return new Step(new Layer.Signed(SignatureForm.OPAQUE, List.of(),
                        Optional.of("the signed-data carries no content, so there is nothing the signature covers")), null);
            }
            EntityBuffer content = new EntityBuffer();
            buffers.add(content);
            try (InputStream in = signed.getContentStream()) {
                in.transferTo(content);
            }
            Store<X509CertificateHolder> certs = parser.getCertificates();
            List<SignerResult> results = judge(parsed(parser.getSignerInfos()), certs, from, checks);
            Optional<String> problem = results.isEmpty() ? Optional.of("the signed-data holds no signer") : Optional.empty();
            return new Step(new Layer.Signed(SignatureForm.OPAQUE, results, problem), content.toSource());
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new MalformedMessageException("the signed-data is malformed (" + CmsContentType.describe(e) + ")", e);
        } catch (IOException e) {
            throw new MalformedMessageException("the signed-data is malformed or truncated (" + CmsContentType.describe(e) + ")", e);
        }
    }

    /**
     * The signers, with their attribute tables parsed now: Bouncy Castle parses them on first use,
     * and a damaged table must be reported as a malformed message here, not fail deep inside a check.
     */
    private static Collection<SignerInformation> parsed(SignerInformationStore store) {
        Collection<SignerInformation> signers = store.getSigners();
        for (SignerInformation si : signers) {
            si.getSignedAttributes();
            si.getUnsignedAttributes();
        }
        return signers;
    }

    private static List<SignerResult> judge(Collection<SignerInformation> signers, Store<X509CertificateHolder> certs,
                                            Optional<String> from, SignerChecks checks) {
        List<SignerResult> out = new ArrayList<>();
        for (SignerInformation si : signers) {
            out.add(checks.check(si, certs, from));
        }
        return out;
    }

    private Step openEnvelope(BufferedInputStream body, long sizeHint, VerifyOptions options, List<EntityBuffer> buffers)
            throws SmimeException, IOException {
        if (options.decryptionKeys().isEmpty()) {
            return new Step(new Layer.Encrypted("unknown", false, "encrypted; no decryption key was given"), null);
        }
        try {
            EnvelopeOpener.Opened opened = EnvelopeOpener.open(body, options.decryptionKeys(), sizeHint);
            EntityBuffer plain = new EntityBuffer();
            buffers.add(plain);
            try (InputStream in = opened.plaintext()) {
                SmimeDecryptor.copyPlaintext(in, plain);
            }
            return new Step(new Layer.Encrypted(opened.contentCipher(), true,
                    "decrypted with the key of " + Names.display(opened.key().certificate().getSubjectX500Principal())),
                    plain.toSource());
        } catch (DecryptionException e) {
            return new Step(new Layer.Encrypted("unknown", false, e.getMessage()), null);
        }
    }

    private static void writeContent(Entity top, Entity innermost, MessageSource opaqueRest, OutputStream out) throws IOException {
        if (innermost == top) {
            try (InputStream in = top.source().open()) {
                in.transferTo(out);
            }
            return;
        }
        top.writeEnvelopeFields(out);
        if (innermost == null || innermost.headers().get("MIME-Version").isEmpty()) {
            MimeOutput.line(out, "MIME-Version: 1.0");
        }
        MessageSource rest = innermost != null ? innermost.source() : opaqueRest;
        if (rest == null) {
            out.write(MimeOutput.CRLF);
            return;
        }
        if (innermost == null) {
            MimeOutput.line(out, "Content-Type: application/octet-stream");
            out.write(MimeOutput.CRLF);
        }
        try (InputStream in = rest.open()) {
            in.transferTo(out);
        }
    }

    private static VerificationReport report(Optional<String> from, List<Layer> layers) {
        List<Layer.Signed> signed = layers.stream().filter(l -> l instanceof Layer.Signed).map(l -> (Layer.Signed) l).toList();
        if (signed.isEmpty()) {
            boolean encrypted = layers.stream().anyMatch(l -> l instanceof Layer.Encrypted e && !e.decrypted());
            return new VerificationReport(false, encrypted
                    ? "the message is encrypted and no key to open it was given, so no signature was found"
                    : "the message is not signed", from, layers);
        }
        for (Layer.Signed layer : signed) {
            if (layer.problem().isPresent()) {
                return new VerificationReport(false, layer.problem().get(), from, layers);
            }
            for (SignerResult s : layer.signers()) {
                if (!s.valid() || !s.trusted()) {
                    String who = s.email().orElse(s.subject().isEmpty() ? "unknown signer" : s.subject());
                    return new VerificationReport(false, who + ": " + s.reason(), from, layers);
                }
            }
        }
        return new VerificationReport(true, "ok", from, layers);
    }

    /** Content signed as it is, byte for byte. */
    private record RawContent(MessageSource source) implements CMSProcessable {
        @Override
        public void write(OutputStream out) throws IOException {
            try (InputStream in = source.open()) {
                in.transferTo(out);
            }
        }

        @Override
        public Object getContent() {
            return source;
        }
    }

    /** The signed MIME part in canonical form (CRLF line endings), re-read from its source for each signer. */
    private record CanonicalContent(MessageSource source) implements CMSProcessable {
        @Override
        public void write(OutputStream out) throws IOException {
            CanonicalOutputStream canon = new CanonicalOutputStream(MimeOutput.keepOpen(out));
            try (InputStream in = source.open()) {
                in.transferTo(canon);
            }
            canon.finish();
        }

        @Override
        public Object getContent() {
            return source;
        }
    }
}
