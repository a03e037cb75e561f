package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import org.bouncycastle.cms.CMSException;
import org.junit.jupiter.api.Test;
import org.sealpost.core.smime.cms.CmsContentType;

/** Parser failures are put into words a user can read: no Java names, no "null", one line. */
class ParserErrorWordsTest {

    @Test
    void wrappersAreSeenThroughToTheParsersOwnWords() {
        assertThat(CmsContentType.describe(new CMSException("IOException reading content.",
                new IOException("corrupted stream - out of bounds length found: 5 > 3"))))
                .isEqualTo("corrupted stream - out of bounds length found: 5 > 3");
        assertThat(CmsContentType.describe(new CMSException("io exception: null", new EOFException())))
                .isEqualTo("the data ends too early");
    }

    @Test
    void messagesThatSayNothingBecomeAKindOfProblem() {
        assertThat(CmsContentType.describe(new CMSException("io exception: null"))).isEqualTo("unexpected or damaged data");
        assertThat(CmsContentType.describe(new IllegalStateException())).isEqualTo("unexpected or damaged data");
        assertThat(CmsContentType.describe(new ClassCastException("class org.bouncycastle.asn1.DLTaggedObjectParser cannot be cast")))
                .isEqualTo("unexpected or damaged data");
        assertThat(CmsContentType.describe(new IOException("unknown object encountered: class org.bouncycastle.asn1.DERNull")))
                .isEqualTo("unexpected or damaged data");
        assertThat(CmsContentType.describe(new EOFException())).isEqualTo("the data ends too early");
    }

    @Test
    void descriptionsAreOneShortLine() {
        assertThat(CmsContentType.describe(new IOException("first line\r\nsecond line"))).isEqualTo("first line second line");
        assertThat(CmsContentType.describe(new IOException("x".repeat(500)))).hasSizeLessThan(130);
    }
}
