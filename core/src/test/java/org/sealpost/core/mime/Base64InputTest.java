package org.sealpost.core.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64InputTest {

    @Test
    void decodesMimeBase64OfEverySizeAcrossBlockBoundaries() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 2, 3, 4, 57, 1000, 65535, 65536, 65537, 200_001}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[] encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encode(data);
            byte[] decoded = Base64Input.decode(new ByteArrayInputStream(encoded)).readAllBytes();
            assertThat(decoded).as("size %d", size).isEqualTo(data);
        }
    }

    @Test
    void ignoresCharactersOutsideTheAlphabetAndStopsAtPadding() throws Exception {
        byte[] encoded = "SGVs\n bG8g\r\n\tV29y bGQ=\r\n\r\ntrailing junk".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(Base64Input.decode(new ByteArrayInputStream(encoded)).readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("Hello World");
    }

    @Test
    void aLoneTrailingCharacterIsAnError() {
        byte[] five = "SGVsb".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Base64Input.decode(new ByteArrayInputStream(five)).readAllBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }
}
