package org.sealpost.server.auth;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.testing.TestCa;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;

/** The CA's services over a test database: issues real device certificates and makes authenticators over the same records. */
record DeviceCa(CaServices ca, Database db, AuditLog audit) {

    static DeviceCa open(TestCa testCa, Database db) {
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        return new DeviceCa(CaServices.open(testCa.ca(), db, audit, CaPolicy.defaults(), new SecureRandom(),
                Clock.systemUTC()), db, audit);
    }

    /** A certificate issued and recorded by the CA under {@code profile}. */
    Device issue(KeyPair keys, String profile, String... addresses) {
        try {
            return new Device(keys, ca.issuance().issue(IssuanceRequest.forKey(keys.getPublic(), profile)
                    .withEmails(List.of(addresses)), "test").certificate());
        } catch (CaException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device with a signing-v1 certificate for {@code address}. */
    Device device(KeyPair keys, String address) {
        return issue(keys, "signing-v1", address);
    }

    DeviceAuthenticator authenticator(Clock clock) {
        return DeviceAuthenticator.forCa(ca, db, audit, DeviceAuthPolicy.defaults(), clock);
    }
}
