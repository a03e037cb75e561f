package org.sealpost.ca.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.setup.CaInitializer;
import org.sealpost.ca.setup.CaSetup;
import org.sealpost.ca.setup.InitResult;
import org.sealpost.ca.setup.LoadedCa;

/** A CA created on disk for a test class (create it in a static {@code @BeforeAll}). */
public record TestCa(Path dataDir, InitResult init) {
    public static final CaUrls URLS = new CaUrls("http://localhost:8080");
    public static final char[] PASSWORD = "test-password".toCharArray();

    public static TestCa create(CaAlgorithm algorithm) {
        try {
            Path dir = Files.createTempDirectory("sealpost-ca-test");
            InitResult r = new CaInitializer(new SecureRandom(), Clock.systemUTC())
                    .initialize(dir, CaSetup.defaults(URLS).withAlgorithm(algorithm), PASSWORD);
            return new TestCa(dir, r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public LoadedCa ca() {
        return init.ca();
    }

    public CertificateAuthority authority(CaPolicy policy) {
        return ca().issuingAuthority(policy, new SecureRandom(), Clock.systemUTC());
    }

    public CertificateAuthority authority() {
        return authority(CaPolicy.defaults());
    }

    public Path caDir() {
        return init.layout().dir();
    }
}
