package org.sealpost.client.directory;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.sealpost.client.service.DirectoryEntry;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.service.ServiceException;
import org.sealpost.core.keys.SubjectKeyIds;

/**
 * Finds what each recipient of a mail can be encrypted to. Addresses of a domain with its own key
 * service (configured in the account, or announced at {@code /.well-known/sealpost.json}) are asked
 * there, anonymously, one by one; all others are asked at our service as the device, in batches of
 * {@link #BATCH}. Answers are kept in the {@link DirectoryCache}. A recipient of ours without a
 * certificate gets our service's provisional key; one of an on-premise domain does not.
 *
 * <p>Everything is resolved before anything is returned: the first failure is thrown and the
 * caller sends nothing.
 */
public final class RecipientDirectory {
    /** The most addresses one look-up call may carry (the service's limit). */
    public static final int BATCH = 100;

    private final SealpostService ours;
    private final Function<URI, SealpostService> keyServiceAt;
    private final KeyServiceDiscovery discovery;
    private final Map<String, URI> configured;
    private final String ownDomain;
    private final DirectoryCache cache;
    private final Clock clock;
    private int calls;

    /**
     * @param ours         our service, calling as the sending device
     * @param keyServiceAt an unauthenticated client for an on-premise key service's base URL
     * @param configured   domains whose key service the account names (lower-case domain to URL)
     * @param ownDomain    the sender's domain: served by {@code ours}, never discovered
     */
    public RecipientDirectory(SealpostService ours, Function<URI, SealpostService> keyServiceAt, KeyServiceDiscovery discovery,
                              Map<String, URI> configured, String ownDomain, DirectoryCache cache, Clock clock) {
        this.ours = Objects.requireNonNull(ours, "ours");
        this.keyServiceAt = Objects.requireNonNull(keyServiceAt, "keyServiceAt");
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.configured = Map.copyOf(configured);
        this.ownDomain = Objects.requireNonNull(ownDomain, "ownDomain").toLowerCase(Locale.ROOT);
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How many calls this directory made to any key service (look-up batches, anonymous look-ups, provisional keys). */
    public int serviceCalls() {
        return calls;
    }

    /**
     * The keys of every address (duplicates, in any case, once), in the order given.
     *
     * @throws ServiceException when a key service cannot be reached, refuses, or answers something unusable
     */
    public List<RecipientKeys> resolve(List<String> addresses) throws ServiceException {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String a : addresses) {
            unique.putIfAbsent(DirectoryCache.key(a), a.strip());
        }
        Map<String, URI> serviceOf = new LinkedHashMap<>();
        for (var a : unique.entrySet()) {
            serviceOf.put(a.getKey(), keyServiceOf(domain(a.getValue())).orElse(ours.base()));
        }
        Map<String, DirectoryEntry> entries = new LinkedHashMap<>();
        List<String> toAsk = new ArrayList<>();
        for (var a : unique.entrySet()) {
            URI service = serviceOf.get(a.getKey());
            Optional<DirectoryEntry> cached = cache.entry(a.getKey(), service);
            if (cached.isPresent()) {
                entries.put(a.getKey(), cached.get());
            } else if (service.equals(ours.base())) {
                toAsk.add(a.getKey());
            } else {
                entries.put(a.getKey(), remember(service, a.getKey(), lookUpAt(service, a.getValue())));
            }
        }
        for (int i = 0; i < toAsk.size(); i += BATCH) {
            List<String> batch = toAsk.subList(i, Math.min(i + BATCH, toAsk.size()));
            calls++;
            List<DirectoryEntry> answers = ours.lookup(batch.stream().map(unique::get).toList());
            for (int j = 0; j < batch.size(); j++) {
                entries.put(batch.get(j), remember(ours.base(), batch.get(j), answers.get(j)));
            }
        }
        List<RecipientKeys> out = new ArrayList<>();
        for (var a : unique.entrySet()) {
            out.add(keysOf(a.getValue(), entries.get(a.getKey()), serviceOf.get(a.getKey())));
        }
        saveCache();
        return out;
    }

    private RecipientKeys keysOf(String address, DirectoryEntry entry, URI service) throws ServiceException {
        List<X509Certificate> valid = valid(entry);
        if (!valid.isEmpty()) {
            return new RecipientKeys.Certified(address, valid, service);
        }
        if (!service.equals(ours.base())) {
            return new RecipientKeys.Uncertified(address, service);
        }
        Instant now = clock.instant();
        Optional<DirectoryEntry.ProvisionalKey> known = entry.provisional().filter(p -> p.expiresAt().isAfter(now));
        if (known.isPresent()) {
            return new RecipientKeys.Provisional(address, checked(address, known.get()));
        }
        DirectoryEntry.ProvisionalKey made;
        try {
            calls++;
            made = checked(address, ours.provisional(address));
        } catch (ServiceException e) {
            if (e.status() == 409 && "has_certificates".equals(e.code())) {
                // A certificate was issued since the look-up: ask once more, past the cache.
                calls++;
                DirectoryEntry fresh = remember(ours.base(), DirectoryCache.key(address), ours.lookup(List.of(address)).getFirst());
                List<X509Certificate> now2 = valid(fresh);
                if (!now2.isEmpty()) {
                    return new RecipientKeys.Certified(address, now2, ours.base());
                }
            }
            throw e;
        }
        remember(ours.base(), DirectoryCache.key(address), new DirectoryEntry(entry.address(), entry.certificates(), Optional.of(made)));
        return new RecipientKeys.Provisional(address, made);
    }

    private DirectoryEntry lookUpAt(URI keyService, String address) throws ServiceException {
        calls++;
        return keyServiceAt.apply(keyService).lookupAnonymously(address);
    }

    private DirectoryEntry remember(URI service, String key, DirectoryEntry entry) {
        cache.put(service, key, entry);
        return entry;
    }

    /** The domain's own key service, when it has one other than ours. */
    private Optional<URI> keyServiceOf(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Optional<URI> found;
        if (configured.containsKey(d)) {
            found = Optional.of(configured.get(d));
        } else if (d.equals(ownDomain)) {
            // The account's own domain is served by the service the account enrolled with.
            found = Optional.empty();
        } else {
            Optional<Optional<URI>> cached = cache.keyService(d);
            if (cached.isPresent()) {
                found = cached.get();
            } else {
                found = discovery.announced(d);
                cache.putKeyService(d, found);
            }
        }
        return found.map(RecipientDirectory::normalized).filter(u -> !u.equals(ours.base()));
    }

    private List<X509Certificate> valid(DirectoryEntry entry) {
        Date now = Date.from(clock.instant());
        List<X509Certificate> out = new ArrayList<>();
        for (DirectoryEntry.Published p : entry.certificates()) {
            try {
                p.certificate().checkValidity(now);
                out.add(p.certificate());
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                // Outside its validity (an answer from the cache, or a clock apart): not used.
            }
        }
        return out;
    }

    private static DirectoryEntry.ProvisionalKey checked(String address, DirectoryEntry.ProvisionalKey key) throws ServiceException {
        if (!Arrays.equals(SubjectKeyIds.of(key.publicKey()), key.keyIdentifier())) {
            throw new ServiceException(ServiceException.Kind.PROTOCOL, 0, "",
                    "the directory's provisional key for " + address + " does not match its key identifier", Optional.empty());
        }
        return key;
    }

    private void saveCache() {
        try {
            cache.save();
        } catch (IOException e) {
            // The cache only saves look-ups; a home that cannot take it costs a call next time.
        }
    }

    private static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** The form {@link SealpostService#base()} has: no trailing slash. */
    private static URI normalized(URI u) {
        String s = u.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }
}
