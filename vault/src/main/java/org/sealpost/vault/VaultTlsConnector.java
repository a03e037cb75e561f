package org.sealpost.vault;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.sealpost.vault.tls.MutualTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty connector a vault serves HTTPS on: TLS 1.3 with the vault's identity, client certificates
 * checked against the pins. Client certificates are <em>wanted</em>, not needed, so that a load
 * balancer can probe {@code /health} without one; {@link VaultHttpServer} refuses every other request
 * that came without a pinned one. A certificate that is not pinned fails the handshake.
 */
final class VaultTlsConnector {
    private static final Logger LOG = LoggerFactory.getLogger(VaultHttpServer.class);

    private VaultTlsConnector() {
    }

    static ServerConnector create(Server server, HttpConfiguration http, VaultTransport.MutualTls tls, String host, int port,
                                  String vaultId) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(MutualTls.context(tls.identity(), tls.trustedClients()));
        ssl.setIncludeProtocols(MutualTls.PROTOCOL);
        ssl.setWantClientAuth(true);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        // The certificate names the vault's host names; a health probe by IP address must still get in.
        customizer.setSniHostCheck(false);
        https.addCustomizer(customizer);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        // A refused handshake never reaches a handler: say so here, or the operator never learns of it.
        connector.addBean(new SslHandshakeListener() {
            @Override
            public void handshakeFailed(Event event, Throwable failure) {
                // The peer may end the handshake itself (it refused the vault's certificate): no message then.
                LOG.warn("vault {}: TLS handshake with {} failed: {}", vaultId, event.getSSLEngine().getPeerHost(),
                        failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName());
            }
        });
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
