package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {
    @Test
    void everySocketEitherFactoryMakesHasNagleOff() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            try (Socket unconnected = NoDelaySockets.plain().createSocket();
                 Socket connected = NoDelaySockets.plain().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket tls = NoDelaySockets.tls(TrustedSockets.factory(List.of())).createSocket();
                 Socket plainForTls = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket layered = NoDelaySockets.tls(TrustedSockets.factory(List.of()))
                         .createSocket(plainForTls, "localhost", server.getLocalPort(), true)) {
                assertThat(unconnected.getTcpNoDelay()).isTrue();
                assertThat(connected.getTcpNoDelay()).isTrue();
                assertThat(tls.getTcpNoDelay()).isTrue();
                assertThat(layered.getTcpNoDelay()).isTrue();
            }
        }
    }
}
