package org.sealpost.core.testing;

import java.nio.charset.StandardCharsets;

/** Sample messages for tests. */
public final class Messages {
    private Messages() {
    }

    public static byte[] plain(String from, String to, String body) {
        return ("From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: Test message\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <test-1@example.org>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n"
                + body).getBytes(StandardCharsets.UTF_8);
    }
}
