package org.sealpost.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS listener: Jetty's TLS with the server's PKCS#12 identity, TLS 1.3 and 1.2 only (the JDK
 * picks 1.3 whenever the client offers it) and Jetty's default exclusion of weak cipher suites.
 */
public final class TlsConnector {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsConnector() {
    }

    /**
     * Opens the keystore and checks it holds the key entry to serve.
     *
     * @return the alias of that entry
     * @throws IllegalArgumentException saying what is wrong with the file, without the password
     */
    public static String check(TlsSettings tls) {
        KeyStore store = open(tls);
        try {
            List<String> keys = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).toList();
            if (tls.alias().isPresent()) {
                if (!keys.contains(tls.alias().get())) {
                    throw new IllegalArgumentException(tls.keystore() + " has no key entry '" + tls.alias().get()
                            + "' (key entries: " + (keys.isEmpty() ? "none" : String.join(", ", keys)) + ")");
                }
                store.getKey(tls.alias().get(), tls.password());
                return tls.alias().get();
            }
            if (keys.size() != 1) {
                throw new IllegalArgumentException(tls.keystore() + " holds " + keys.size() + " key entries"
                        + (keys.isEmpty() ? "" : " (" + String.join(", ", keys) + "); choose one with the alias setting"));
            }
            store.getKey(keys.getFirst(), tls.password());
            return keys.getFirst();
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(tls.keystore() + ": the key cannot be read with the keystore password");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(tls.keystore() + ": cannot read its key: " + e.getMessage());
        }
    }

    /** An HTTPS connector on {@code host:port} (port 0: a free one). */
    static ServerConnector create(Server server, HttpConfiguration base, TlsSettings tls, String host, int port) {
        String alias = check(tls);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(open(tls));
        ssl.setKeyManagerPassword(new String(tls.password()));
        ssl.setCertAlias(alias);
        ssl.setIncludeProtocols(PROTOCOLS);
        HttpConfiguration https = new HttpConfiguration(base);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients check the name in the certificate; Jetty's own check would refuse requests made to
        // an IP address or through a proxy that names the service differently.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    private static KeyStore open(TlsSettings tls) {
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, tls.password());
            return store;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(tls.keystore() + ": no such keystore file");
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException caused by UnrecoverableKeyException.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException(tls.keystore() + ": wrong keystore password");
            }
            throw new IllegalArgumentException(tls.keystore() + ": not a readable PKCS#12 keystore");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(tls.keystore() + ": not a readable PKCS#12 keystore");
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
