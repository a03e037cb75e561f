package org.sealpost.client.account;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.mail.MailEndpoint;
import org.sealpost.client.mail.MailSettings;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.store.LocalStore;
import org.sealpost.client.store.StoreCodec;
import org.sealpost.client.store.StoreData;
import org.sealpost.client.store.StoreException;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.KeyMaterial;

/**
 * An opened account: its settings, its decrypted store, and the passphrase to save the store again.
 * Hands out the mail client and the service client that the commands use. {@link #close()} wipes
 * the passphrase.
 */
public final class Account implements AutoCloseable {
    /** How long a mail server or the service may take to answer one request. */
    public static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(30);

    private final ClientHome home;
    private final AccountSettings settings;
    private final LocalStore store;
    private final char[] passphrase;
    private final HttpClient http;
    private StoreData data;

    private Account(ClientHome home, AccountSettings settings, LocalStore store, char[] passphrase, StoreData data, HttpClient http) {
        this.home = home;
        this.settings = settings;
        this.store = store;
        this.passphrase = passphrase.clone();
        this.data = data;
        this.http = http;
    }

    /**
     * Opens the account in {@code home}.
     *
     * @throws AccountException when it has no account
     * @throws StoreException   when the passphrase is wrong or the store damaged
     */
    public static Account open(ClientHome home, char[] passphrase, HttpClient http) throws AccountException, StoreException {
        AccountSettings settings = AccountSettings.load(home.settingsFile());
        LocalStore store = new LocalStore(home.storeFile());
        StoreData data = StoreCodec.decode(store.read(passphrase));
        return new Account(home, settings, store, passphrase, data, http);
    }

    /**
     * Creates the account: settings and a new store holding the mail password.
     *
     * @throws StoreException when the home has a store already
     */
    public static Account create(ClientHome home, AccountSettings settings, char[] passphrase, String mailPassword, HttpClient http)
            throws AccountException, StoreException {
        LocalStore store = new LocalStore(home.storeFile());
        if (store.exists()) {
            throw new StoreException(StoreException.Kind.EXISTS, "an account exists already in " + home.dir()
                    + " (use another --home for another account)");
        }
        StoreData data = StoreData.forAccount(mailPassword);
        store.create(passphrase, StoreCodec.encode(data));
        settings.save(home.settingsFile());
        return new Account(home, settings, store, passphrase, data, http);
    }

    public ClientHome home() {
        return home;
    }

    public AccountSettings settings() {
        return settings;
    }

    public StoreData data() {
        return data;
    }

    /** Replaces the store's content (encrypted, atomically). */
    public void save(StoreData newData) throws StoreException {
        store.write(passphrase, StoreCodec.encode(newData));
        this.data = newData;
    }

    /**
     * The device's enrollment.
     *
     * @throws AccountException when it is not enrolled, or was removed ({@link AccountException#isDeviceRemoved()})
     */
    public StoreData.DeviceCredentials device() throws AccountException {
        StoreData.DeviceCredentials d = data.device()
                .orElseThrow(() -> new AccountException("this device is not enrolled yet (run 'sealpost enroll')"));
        if (removedDevice().filter(d.id()::equals).isPresent()) {
            throw AccountException.deviceRemoved();
        }
        return d;
    }

    /**
     * Records that this home's device was removed, so that later commands say so without asking the
     * service. A new enrollment ({@code enroll --force}) has another id and is not affected.
     */
    public void markDeviceRemoved(String deviceId) throws AccountException {
        Path file = home.removedDeviceFile();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, deviceId + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AccountException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private Optional<String> removedDevice() throws AccountException {
        Path file = home.removedDeviceFile();
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AccountException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The service, unauthenticated. */
    public SealpostService service() {
        return new SealpostService(settings.server(), http, Optional.empty(), NETWORK_TIMEOUT);
    }

    /** The service, calling as this device. */
    public SealpostService deviceService() throws AccountException {
        StoreData.DeviceCredentials d = device();
        return service().as(new DeviceTokenSigner(d.signingKey(), d.certificate()));
    }

    /** A mail client for the account (close it). */
    public MailClient mail() throws AccountException {
        MailEndpoint imap;
        MailEndpoint smtp;
        try {
            imap = MailEndpoint.parse(settings.imapUrl());
            smtp = MailEndpoint.parse(settings.smtpUrl());
        } catch (IllegalArgumentException e) {
            throw new AccountException("the account's mail server URL is not usable: " + e.getMessage());
        }
        List<X509Certificate> trust = List.of();
        if (settings.mailTrust().isPresent()) {
            Path file = settings.mailTrust().get();
            try {
                trust = KeyMaterial.readCertificates(file);
            } catch (KeyMaterialException e) {
                throw new AccountException("cannot read the mail servers' certificates " + file + ": " + e.getMessage());
            }
        }
        return new MailClient(new MailSettings(settings.address(), imap, smtp, settings.user(), trust, NETWORK_TIMEOUT),
                data.mailPassword().toCharArray());
    }

    @Override
    public void close() {
        Arrays.fill(passphrase, '\0');
    }

    @Override
    public String toString() {
        return "Account[" + settings.address() + " in " + home.dir() + "]";
    }
}
