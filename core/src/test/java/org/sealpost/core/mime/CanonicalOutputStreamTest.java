package org.sealpost.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalOutputStreamTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a\\nb\\n|a\\r\\nb\\r\\n",
            "a\\r\\nb\\r\\n|a\\r\\nb\\r\\n",
            "a\\rb\\r|a\\r\\nb\\r\\n",
            "\\n\\n|\\r\\n\\r\\n",
            "\\r\\r\\n|\\r\\n\\r\\n",
            "x\\r|x\\r\\n",
            "no newline|no newline"})
    void convertsEveryLineEndingToCrlfWhateverTheWriteSizes(String input, String expected) throws Exception {
        byte[] in = unescape(input);
        for (int chunk = 1; chunk <= in.length + 1; chunk++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            CanonicalOutputStream canon = new CanonicalOutputStream(sink);
            for (int off = 0; off < in.length; off += chunk) {
                canon.write(in, off, Math.min(chunk, in.length - off));
            }
            canon.finish();
            assertThat(sink.toString(StandardCharsets.ISO_8859_1)).as("chunk size %d", chunk)
                    .isEqualTo(new String(unescape(expected), StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
