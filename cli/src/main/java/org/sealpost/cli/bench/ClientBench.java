package org.sealpost.cli.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.client.ClientHomeOption;
import org.sealpost.cli.dev.DevStack;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountSettings;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.directory.DirectoryCache;
import org.sealpost.client.directory.KeyServiceDiscovery;
import org.sealpost.client.directory.RecipientDirectory;
import org.sealpost.client.enroll.Enroller;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.mail.MailSummary;
import org.sealpost.client.read.InboxEntry;
import org.sealpost.client.read.MailReader;
import org.sealpost.client.read.ReadMessage;
import org.sealpost.client.read.Verdict;
import org.sealpost.client.send.Draft;
import org.sealpost.client.send.SendReport;
import org.sealpost.client.send.Sender;
import org.sealpost.client.send.SenderIdentity;
import org.sealpost.client.service.SealpostService;
import org.sealpost.core.smime.sign.HttpTimestampClient;
import org.sealpost.core.smime.sign.TimestampClient;
import org.sealpost.server.config.ConfigKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The client library end to end (issue 7, "Performance"), on {@code sealpost dev}'s stack started in
 * this JVM in a temporary directory. Set-up, not timed: accounts made and enrolled as {@code account
 * add} and {@code enroll} make them ({@link Account#create}, {@link Enroller}), one sender, the
 * recipients and an inbox account. Measured:
 *
 * <ol>
 * <li><b>send to readable</b>, for one recipient and for {@code --recipients}: from the start of
 *     {@link Sender#send} until the recipient's reader has listed INBOX, fetched the new message,
 *     decrypted it and verified it ({@link MailReader#read}); with many recipients, until the last
 *     of them. Readers start looking when the send returns (the SMTP server has stored the mail by
 *     then), all at once, each with its own IMAP login kept open like a running client; how a real
 *     client learns of new mail (IDLE, a poll interval) is not counted. The first round of each case
 *     is cold (empty look-up cache, first IMAP fetches, CRLs not yet fetched) and reported alone.
 *     The sender's part is split by measuring its steps apart: look-up with a cold and a warm cache,
 *     the timestamp requests (timed inside the send), one SMTP transaction of the same message to as
 *     many (other) recipients, the Sent copy (IMAP APPEND); the rest is composing, signing and
 *     encrypting.</li>
 * <li><b>inbox</b> over {@code --messages} encrypted and signed messages, delivered with the
 *     {@link Sender}: {@link MailReader#inbox} (list, fetch, decrypt, verify each) with a fresh
 *     login, and apart from it the IMAP part alone (list and fetch every message).</li>
 * </ol>
 * Prints Markdown for docs/BENCHMARKS.md.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Benchmark the client library: send to readable (1 and N recipients) and inbox over many encrypted messages.",
                "Runs the dev stack (service + GreenMail) in this JVM, in a temporary directory removed after."})
final class ClientBench implements Callable<Integer> {
    private static final String DOMAIN = "bench.example";
    private static final char[] PASSPHRASE = "bench-passphrase".toCharArray();
    /** The dev mail server takes any password. */
    private static final String MAIL_PASSWORD = "any";
    /** How long a reader waits for a message before the round counts as failed. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** About a kilobyte of text: an ordinary short mail. */
    private static final String BODY = "Hello,\r\n\r\n" + "this is a benchmark mail of about a kilobyte of plain text. ".repeat(16) + "\r\n";

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "20", description = "Measured sends per case, after one cold round (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--recipients", defaultValue = "50", description = "Recipients of the many-recipient case (default ${DEFAULT-VALUE}).")
    int recipients;

    @Option(names = "--messages", defaultValue = "1000", description = "Messages in the inbox; 0 skips the inbox (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--inbox-runs", defaultValue = "3", description = "Inbox listings over the same messages (default ${DEFAULT-VALUE}).")
    int inboxRuns;

    @Option(names = "--setup-threads", defaultValue = "2",
            description = "Accounts enrolled at once during set-up (each store write costs an Argon2id; default ${DEFAULT-VALUE}).")
    int setupThreads;

    private final HttpClient http = ClientHomeOption.http();
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || recipients < 1 || messages < 0 || inboxRuns < 1 || setupThreads < 1) {
            throw new CliException(ExitCodes.USAGE,
                    "--rounds, --recipients, --inbox-runs and --setup-threads must be at least 1; --messages not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("sealpost-bench-client");
        // Lifted for the run: the set-up enrolls more devices from 127.0.0.1 than the per-client
        // default allows, and the cold look-ups would exceed a device's per-minute quota. No key
        // pool: its refill would compete with the measurements; keys are made during enrollment.
        Map<String, String> extra = Map.of(ConfigKeys.VALIDATION_PER_CLIENT, "999999/1h", ConfigKeys.DIRECTORY_RATE_DEVICE, "999999/min",
                ConfigKeys.KMS_POOL_SIZE, "0");
        try (DevStack stack = DevStack.start(dir.resolve("server"), 0, 0, 0, extra)) {
            out.printf(Locale.ROOT, "Sealpost client benchmark: %d rounds per case (+1 cold), 1 and %d recipients, inbox of %d messages "
                            + "x %d runs; %d available processors, %s %s%n", rounds, recipients, messages, inboxRuns,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
            out.printf(Locale.ROOT, "dev stack in this JVM: %s, SMTP %d, IMAP %d; settings for the run: %s 999999/1h, %s 999999/min, "
                            + "%s 0 (rsa-2048 keys made during enrollment)%n", stack.baseUrl(), stack.smtpPort(), stack.imapPort(),
                    ConfigKeys.VALIDATION_PER_CLIENT, ConfigKeys.DIRECTORY_RATE_DEVICE, ConfigKeys.KMS_POOL_SIZE);
            out.flush();
            return run(out, stack, dir) ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            KmsBench.delete(dir);
        }
    }

    private boolean run(PrintWriter out, DevStack stack, Path dir) throws Exception {
        long t0 = System.nanoTime();
        List<String> addresses = new ArrayList<>(List.of("sender@" + DOMAIN, "inbox@" + DOMAIN));
        for (int i = 0; i < recipients; i++) {
            addresses.add("r" + i + "@" + DOMAIN);
        }
        List<Account> accounts = enrollAll(stack, dir, addresses);
        out.printf(Locale.ROOT, "set-up: %d accounts created and enrolled in %.1f s (%d at a time)%n", accounts.size(),
                (System.nanoTime() - t0) / 1e9, setupThreads);
        Account sender = accounts.get(0);
        Account inbox = accounts.get(1);
        List<Account> readers = accounts.subList(2, accounts.size());

        long[] opens = new long[3];
        for (int i = 0; i < opens.length; i++) {
            long s = System.nanoTime();
            try (Account ignored = Account.open(sender.home(), PASSPHRASE, http)) {
                opens[i] = System.nanoTime() - s;
            }
        }
        out.flush();

        boolean ok;
        List<Row> rows = new ArrayList<>();
        try (SendSide send = new SendSide(sender, dir.resolve("lookup-caches")); Readers all = new Readers(readers)) {
            ok = sendToReadable(rows, send, all, 1, dir);
            ok &= sendToReadable(rows, send, all, recipients, dir);
            rows.add(Row.of("Account.open (local store: Argon2id 64 MiB, 3 passes), what every command pays first", opens));
            out.println();
            out.println("| measure | samples | p50 ms | p99 ms |");
            out.println("|---|---|---|---|");
            rows.forEach(r -> out.println(r.line()));
            out.flush();
            if (messages > 0) {
                ok &= inbox(out, send, inbox);
            }
        } finally {
            accounts.forEach(Account::close);
        }
        return ok;
    }

    /** Creates and enrolls every account, {@code setupThreads} at a time; any failure stops the run. */
    private List<Account> enrollAll(DevStack stack, Path dir, List<String> addresses) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(setupThreads);
        try {
            List<Future<Account>> made = new ArrayList<>();
            for (String address : addresses) {
                made.add(pool.submit(() -> enroll(stack, dir, address)));
            }
            List<Account> out = new ArrayList<>();
            for (Future<Account> f : made) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Account enroll(DevStack stack, Path dir, String address) throws Exception {
        AccountSettings settings = new AccountSettings(address, "imap://" + DevStack.HOST + ":" + stack.imapPort(),
                "smtp://" + DevStack.HOST + ":" + stack.smtpPort(), address, URI.create(stack.baseUrl()), Map.of(), Optional.empty(),
                "bench");
        Account account = Account.create(new ClientHome(dir.resolve("home-" + address)), settings, PASSPHRASE, MAIL_PASSWORD, http);
        Enroller.Outcome outcome = new Enroller(random, Duration.ofSeconds(30)).enroll(account, Optional::empty);
        if (!(outcome instanceof Enroller.Outcome.Complete)) {
            throw new CliException(ExitCodes.FAILED, "set-up: " + address + " could not fetch its keys after enrolling");
        }
        return account;
    }

    /**
     * One case: a cold round, then {@code rounds} measured rounds, each a send to the first {@code n}
     * recipients and everyone's read; then the sender's steps measured apart.
     */
    private boolean sendToReadable(List<Row> rows, SendSide send, Readers readers, int n, Path dir) throws Exception {
        send.freshDirectory();
        String label = n == 1 ? "1 recipient" : n + " recipients";
        List<Readers.Reader> mine = readers.all.subList(0, n);
        List<String> to = mine.stream().map(r -> r.address).toList();
        boolean ok = true;
        long[] endToEnd = new long[rounds];
        long[] senderPart = new long[rounds];
        long[] tsaPart = new long[rounds];
        long[] readDone = new long[rounds * n];
        long[] readerPart = new long[rounds * n];
        Round cold = null;
        for (int round = -1; round < rounds; round++) {
            String subject = "bench " + label + " round " + (round + 1);
            Round r = round(send, readers, mine, to, subject);
            ok &= r.failed == 0;
            if (round < 0) {
                cold = r;
                continue;
            }
            endToEnd[round] = r.lastRead;
            senderPart[round] = r.send;
            tsaPart[round] = r.tsa;
            System.arraycopy(r.readDone, 0, readDone, round * n, n);
            System.arraycopy(r.reader, 0, readerPart, round * n, n);
        }
        // The sender's steps apart, on the message as delivered (fetched by the first reader).
        byte[] delivered = mine.getFirst().lastRaw();
        List<String> sinks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sinks.add("sink" + i + "@" + DOMAIN);
        }
        long[] lookupCold = new long[rounds];
        long[] lookupWarm = new long[rounds];
        long[] smtp = new long[rounds];
        long[] append = new long[rounds];
        long[] rest = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            RecipientDirectory fresh = send.directory(Files.createTempDirectory(dir, "cache").resolve("directory-cache.json"));
            long s = System.nanoTime();
            fresh.resolve(to);
            lookupCold[i] = System.nanoTime() - s;
            s = System.nanoTime();
            fresh.resolve(to);
            lookupWarm[i] = System.nanoTime() - s;
            s = System.nanoTime();
            send.mail.send(delivered, send.address, sinks);
            smtp[i] = System.nanoTime() - s;
            s = System.nanoTime();
            send.mail.saveSent(delivered);
            append[i] = System.nanoTime() - s;
        }
        long lookupMedian = median(lookupWarm);
        long smtpMedian = median(smtp);
        long appendMedian = median(append);
        for (int i = 0; i < rounds; i++) {
            rest[i] = Math.max(0, senderPart[i] - tsaPart[i] - lookupMedian - smtpMedian - appendMedian);
        }
        rows.add(Row.single("send → readable, " + label + ": first round (cold look-up cache" + (n == 1 ? ", first fetch, CRLs" : "")
                + "), " + (n == 1 ? "end to end" : "until the last has read"), cold.lastRead));
        rows.add(Row.single("  of which the sender (Sender.send), first round", cold.send));
        rows.add(Row.of("send → readable, " + label + ": " + (n == 1 ? "end to end" : "until the last has read"), endToEnd));
        rows.add(Row.of("  sender: Sender.send (look-up, compose, sign, timestamp, encrypt, SMTP, Sent copy)", senderPart));
        rows.add(Row.of("    timestamp request(s) inside the send", tsaPart));
        rows.add(Row.of("    apart: look-up, cold cache (one batch call)", lookupCold));
        rows.add(Row.of("    apart: look-up, warm cache (what the send above did)", lookupWarm));
        rows.add(Row.of("    apart: one SMTP transaction, same message, " + label, smtp));
        rows.add(Row.of("    apart: Sent copy (IMAP APPEND)", append));
        rows.add(Row.of("    rest: compose, sign, encrypt (send − timestamp − medians of the three above)", rest));
        if (n > 1) {
            rows.add(Row.of("  each recipient: read done, after the send started", readDone));
        }
        rows.add(Row.of("  reader: list INBOX, fetch, decrypt, verify (MailReader.read)" + (n > 1 ? ", each recipient" : ""), readerPart));
        return ok;
    }

    /** The timings of one send and its reads, in nanoseconds. */
    private record Round(long send, long tsa, long lastRead, long[] readDone, long[] reader, int failed) {
    }

    private Round round(SendSide send, Readers readers, List<Readers.Reader> mine, List<String> to, String subject) throws Exception {
        long tsaBefore = send.tsaNanos.get();
        long start = System.nanoTime();
        SendReport report = send.sender.send(new Draft(to, List.of(), subject, BODY, List.of(), true, true));
        long sent = System.nanoTime();
        long tsa = send.tsaNanos.get() - tsaBefore;
        int failed = report.warnings().isEmpty() && report.timestamped() ? 0 : 1;
        List<Future<long[]>> reads = new ArrayList<>();
        for (Readers.Reader r : mine) {
            reads.add(readers.threads.submit(() -> r.readNext(subject, start)));
        }
        long[] done = new long[mine.size()];
        long[] part = new long[mine.size()];
        long last = 0;
        for (int i = 0; i < reads.size(); i++) {
            long[] t = reads.get(i).get();
            if (t == null) {
                failed++;
                continue;
            }
            done[i] = t[0];
            part[i] = t[1];
            last = Math.max(last, t[0]);
        }
        return new Round(sent - start, tsa, last, done, part, failed);
    }

    /** The inbox case: messages delivered, then the IMAP part alone and the whole inbox, {@code inboxRuns} times each. */
    private boolean inbox(PrintWriter out, SendSide send, Account inbox) throws Exception {
        String to = inbox.settings().address();
        long s = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            send.sender.send(new Draft(List.of(to), List.of(), "inbox message " + i, BODY, List.of(), true, true));
        }
        double deliverSeconds = (System.nanoTime() - s) / 1e9;
        out.printf(Locale.ROOT, "%ndelivered %d encrypted, signed, timestamped messages to %s with Sender.send in %.1f s (%.1f/s)%n%n",
                messages, to, deliverSeconds, messages / deliverSeconds);
        out.println("| run | messages | IMAP: login + list ms | IMAP: fetch all ms | inbox (MailReader.inbox) ms | inbox messages/s "
                + "| decrypt + verify ms/message | failed |");
        out.println("|---|---|---|---|---|---|---|---|");
        boolean ok = true;
        for (int run = 1; run <= inboxRuns; run++) {
            long listNanos;
            long fetchNanos;
            try (MailClient mail = inbox.mail()) {
                long t = System.nanoTime();
                List<String> ids = mail.list().stream().map(MailSummary::id).toList();
                listNanos = System.nanoTime() - t;
                t = System.nanoTime();
                AtomicLong bytes = new AtomicLong();
                mail.fetchEach(ids, (id, raw) -> bytes.addAndGet(raw.length));
                fetchNanos = System.nanoTime() - t;
            }
            long inboxNanos;
            List<InboxEntry> entries;
            try (MailClient mail = inbox.mail()) {
                MailReader reader = MailReader.forAccount(inbox, Optional::empty, note -> { });
                long t = System.nanoTime();
                entries = reader.inbox(mail);
                inboxNanos = System.nanoTime() - t;
            }
            long failed = entries.stream().filter(e -> !e.encrypted() || e.verdict() != Verdict.VERIFIED).count()
                    + Math.abs(messages - entries.size());
            ok &= failed == 0;
            out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.1f | %.3f | %d |%n", run, entries.size(), listNanos / 1e6,
                    fetchNanos / 1e6, inboxNanos / 1e6, entries.size() / (inboxNanos / 1e9),
                    Math.max(0, inboxNanos - listNanos - fetchNanos) / 1e6 / Math.max(1, entries.size()), failed);
            out.flush();
        }
        return ok;
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One line of the table: p50 and p99 of its samples. */
    private record Row(String name, long[] nanos) {
        static Row of(String name, long[] nanos) {
            return new Row(name, nanos.clone());
        }

        static Row single(String name, long nanos) {
            return new Row(name, new long[] {nanos});
        }

        String line() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f |", name, sorted.length, Stats.percentile(sorted, 0.5),
                    Stats.percentile(sorted, 0.99));
        }
    }

    /** The sender's client as {@code sealpost send} wires it, with its timestamp requests timed. */
    private final class SendSide implements AutoCloseable {
        final String address;
        final MailClient mail;
        final AtomicLong tsaNanos = new AtomicLong();
        private final Account account;
        private final Path caches;
        private final SealpostService service;
        private final TimestampClient tsa;
        Sender sender;

        SendSide(Account account, Path caches) throws Exception {
            this.account = account;
            this.address = account.settings().address();
            this.caches = Files.createDirectories(caches);
            this.service = account.deviceService();
            this.mail = account.mail();
            HttpTimestampClient real = new HttpTimestampClient(service.timestampUrl(), http, random);
            this.tsa = (oid, imprint) -> {
                long s = System.nanoTime();
                try {
                    return real.timestamp(oid, imprint);
                } finally {
                    tsaNanos.addAndGet(System.nanoTime() - s);
                }
            };
        }

        /** A new sender whose look-up cache is empty, so that the next send asks the directory. */
        void freshDirectory() throws Exception {
            RecipientDirectory directory = directory(Files.createTempDirectory(caches, "cache").resolve("directory-cache.json"));
            sender = new Sender(SenderIdentity.of(address, account.settings().server(), account.data(), clock.instant()), directory, mail,
                    Optional.of(tsa), clock, random);
        }

        RecipientDirectory directory(Path cacheFile) {
            return new RecipientDirectory(service, url -> new SealpostService(url, http, Optional.empty(), Account.NETWORK_TIMEOUT),
                    new KeyServiceDiscovery(http, KeyServiceDiscovery.WELL_KNOWN, KeyServiceDiscovery.TIMEOUT), Map.of(), DOMAIN,
                    DirectoryCache.load(cacheFile, clock), clock);
        }

        @Override
        public void close() {
            mail.close();
        }
    }

    /** The recipients' clients, each with its own IMAP login and reader, and a thread each to read at once. */
    private final class Readers implements AutoCloseable {
        final List<Reader> all = new ArrayList<>();
        final ExecutorService threads;

        Readers(List<Account> accounts) throws Exception {
            for (Account a : accounts) {
                all.add(new Reader(a));
            }
            threads = Executors.newFixedThreadPool(accounts.size());
        }

        @Override
        public void close() {
            threads.shutdownNow();
            all.forEach(r -> r.mail.close());
        }

        /** One recipient's device: the highest message id it has read, and that message's bytes. */
        final class Reader {
            final String address;
            final MailClient mail;
            final MailReader reader;
            private long seen;
            private String lastId;

            Reader(Account account) throws Exception {
                this.address = account.settings().address();
                this.mail = account.mail();
                this.reader = MailReader.forAccount(account, Optional::empty, note -> { });
            }

            /**
             * Lists INBOX until a message newer than the last one read is there, reads it and checks it
             * is the one sent, encrypted and verified. Null when it did not come or is not right; else
             * the nanoseconds from {@code start} to done, and those of this call.
             */
            long[] readNext(String subject, long start) throws Exception {
                long s = System.nanoTime();
                long deadline = s + READ_TIMEOUT.toNanos();
                Optional<String> id = Optional.empty();
                while (id.isEmpty() && System.nanoTime() < deadline) {
                    id = mail.list().stream().map(MailSummary::id).filter(i -> Long.parseLong(i) > seen).findFirst();
                    if (id.isEmpty()) {
                        Thread.sleep(5);
                    }
                }
                if (id.isEmpty()) {
                    return null;
                }
                ReadMessage m = reader.read(mail, id.get());
                long done = System.nanoTime();
                seen = Long.parseLong(id.get());
                lastId = id.get();
                boolean right = m.encrypted() && m.verdict() == Verdict.VERIFIED && subject.equals(m.content().subject());
                return right ? new long[] {done - start, done - s} : null;
            }

            byte[] lastRaw() throws Exception {
                return mail.fetch(lastId);
            }
        }
    }
}
