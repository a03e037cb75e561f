package org.sealpost.core.smime.cms;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfoParser;
import org.sealpost.core.MalformedMessageException;

/** The kinds of CMS ContentInfo the engine reads, found by peeking at a stream without consuming it. */
public enum CmsContentType {
    SIGNED_DATA(CMSObjectIdentifiers.signedData, "signed-data"),
    ENVELOPED_DATA(CMSObjectIdentifiers.envelopedData, "enveloped-data"),
    AUTH_ENVELOPED_DATA(CMSObjectIdentifiers.authEnvelopedData, "authEnveloped-data"),
    COMPRESSED_DATA(CMSObjectIdentifiers.compressedData, "compressed-data"),
    DATA(CMSObjectIdentifiers.data, "data");

    /** Messages of exceptions that only wrap another one, e.g. BC's "IOException reading content." or "io exception: null". */
    private static final Pattern WRAPPER = Pattern.compile("Exception|^(Malformed content\\.?|exception|io exception)|: null$");
    /** A Java class or exception name in a message. */
    private static final Pattern JAVA_NAME = Pattern.compile("Exception|\\b(java|javax|jdk|sun|org)\\.[a-z0-9_]+\\.");

    private final ASN1ObjectIdentifier oid;
    private final String smimeType;

    CmsContentType(ASN1ObjectIdentifier oid, String smimeType) {
        this.oid = oid;
        this.smimeType = smimeType;
    }

    public String smimeType() {
        return smimeType;
    }

    /** Reads the ContentInfo type of {@code in} and resets the stream to where it was. */
    public static CmsContentType peek(BufferedInputStream in) throws MalformedMessageException {
        in.mark(8192);
        try {
            Object first = new ASN1StreamParser(in).readObject();
            if (!(first instanceof ASN1SequenceParser seq)) {
                throw new MalformedMessageException("the body is not a CMS ContentInfo (no ASN.1 SEQUENCE)");
            }
            ASN1ObjectIdentifier type = new ContentInfoParser(seq).getContentType();
            in.reset();
            for (CmsContentType t : values()) {
                if (t.oid.equals(type)) {
                    return t;
                }
            }
            throw new MalformedMessageException("unsupported CMS content type " + type);
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("the body is not a readable CMS structure (" + describe(e) + ")", e);
        }
    }

    /** Buffers a stream so that {@link #peek} can reset it. */
    public static BufferedInputStream buffered(InputStream in) {
        return in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
    }

    /**
     * A short, user-facing description of a parser exception: the parser's own words when they
     * describe the data, else what kind of problem it was. Never a Java class name, never more than
     * one line: these end up in the CLI's one-line error messages.
     */
    public static String describe(Throwable e) {
        Throwable t = e;
        // Bouncy Castle wraps the parser's exception in a CMSException that only names the wrapper.
        while (t.getCause() != null && t.getCause() != t && (blank(t.getMessage()) || WRAPPER.matcher(t.getMessage()).find())) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof EOFException || (!blank(m) && m.contains("EOF"))) {
            return "the data ends too early";
        }
        if (blank(m) || WRAPPER.matcher(m).find() || JAVA_NAME.matcher(m).find() || t instanceof ClassCastException
                || t instanceof NullPointerException) {
            return "unexpected or damaged data";
        }
        String line = m.replaceAll("\\s+", " ").strip();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
