package org.sealpost.server.identity;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads TXT records from one DNS resolver (dnsjava), asking it afresh every time: a record just
 * published must be seen, so nothing is cached here. The resolver is the operator's choice (a
 * validating resolver the service trusts); without one, the system's first name server is asked.
 */
public final class DnsTxtLookup {
    private final Optional<InetSocketAddress> resolver;
    private final Duration timeout;

    /**
     * @param resolver the resolver to ask (UDP, TCP when the answer is truncated); empty for the system's
     * @param timeout  how long to wait for an answer
     */
    public DnsTxtLookup(Optional<InetSocketAddress> resolver, Duration timeout) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The TXT values at {@code name}, each record's strings joined; empty when the name or the record
     * does not exist.
     *
     * @throws IOException when the resolver does not answer or answers with an error other than NXDOMAIN
     */
    public List<String> txt(String name) throws IOException {
        SimpleResolver simple;
        try {
            simple = resolver.isPresent() ? new SimpleResolver(resolver.get()) : new SimpleResolver();
        } catch (UnknownHostException e) {
            throw new IOException("no DNS resolver configured and none found on this system", e);
        }
        simple.setTimeout(timeout);
        Name query;
        try {
            query = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
        Message response = simple.send(Message.newQuery(Record.newRecord(query, Type.TXT, DClass.IN)));
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new IOException("the DNS resolver answered " + Rcode.string(rcode) + " for " + name);
        }
        List<String> values = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord txt && r.getName().equals(query)) {
                values.add(String.join("", txt.getStrings()));
            }
        }
        return values;
    }
}
