package org.sealpost.client.read;

import java.util.List;
import org.sealpost.client.enroll.EnrollmentException;
import org.sealpost.client.store.StoreData;

/** Fetches the address's key history from the key service again (e.g. {@code Enroller.fetchKeys}). */
@FunctionalInterface
public interface KeyRefresh {
    /** The whole history, newest first. */
    List<StoreData.EncryptionKey> fetch() throws EnrollmentException;
}
