package org.sealpost.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sealpost.client.read.Attachment;
import org.sealpost.client.read.InboxEntry;
import org.sealpost.client.read.ReadMessage;
import org.sealpost.client.read.SignatureSummary;
import org.sealpost.client.read.SignerVerdict;
import org.sealpost.client.read.ValidationLevel;

/**
 * The JSON of {@code inbox --json} and {@code read --json}. The fields issue 7 names are a contract
 * used by outside checks ({@code id}, {@code from}, {@code subject}, {@code date}; {@code body},
 * {@code encrypted}, {@code signature.valid|level|signer|timestamp}): add fields, never rename.
 */
final class MailJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MailJson() {
    }

    /** A list of one object per message, newest first. */
    static String inbox(List<InboxEntry> entries) throws JsonProcessingException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (InboxEntry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("from", e.from());
            m.put("subject", e.subject());
            m.put("date", time(e.date()));
            m.put("encrypted", e.encrypted());
            m.put("signed", e.signed());
            m.put("status", e.verdict().name().toLowerCase(Locale.ROOT));
            m.put("reason", e.reason());
            m.put("signature", e.signature().map(MailJson::signature).orElse(null));
            m.put("attachments", e.attachments());
            out.add(m);
        }
        return MAPPER.writeValueAsString(out);
    }

    /** One message; {@code saved} are where its attachments went, when they were saved. */
    static String message(ReadMessage r, List<Path> saved) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("from", r.content().from());
        m.put("to", r.content().to());
        m.put("cc", r.content().cc());
        m.put("subject", r.content().subject());
        m.put("date", time(r.content().date()));
        m.put("body", r.content().body());
        m.put("encrypted", r.encrypted());
        m.put("signed", r.signed());
        m.put("status", r.verdict().name().toLowerCase(Locale.ROOT));
        m.put("reason", r.reason());
        m.put("signature", r.signature().map(MailJson::signature).orElse(null));
        List<Map<String, Object>> signers = new ArrayList<>();
        for (SignerVerdict s : r.signers()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("signer", s.signer());
            v.put("valid", s.valid());
            v.put("level", s.level().map(ValidationLevel::label).orElse(null));
            v.put("validation", s.level().map(ValidationLevel::words).orElse(null));
            v.put("timestamp", time(s.timestamp()));
            v.put("intact", s.intact());
            v.put("trusted", s.trusted());
            v.put("revoked", s.revoked());
            v.put("issuedByService", s.issuedByUs());
            v.put("subject", s.subject());
            v.put("issuer", s.issuer());
            v.put("reason", s.reason());
            v.put("text", s.words());
            signers.add(v);
        }
        m.put("signatures", signers);
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (int i = 0; i < r.content().attachments().size(); i++) {
            Attachment a = r.content().attachments().get(i);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", a.name());
            v.put("contentType", a.contentType());
            v.put("size", a.size());
            v.put("savedAs", i < saved.size() ? saved.get(i).toString() : null);
            attachments.add(v);
        }
        m.put("attachments", attachments);
        return MAPPER.writeValueAsString(m);
    }

    private static Map<String, Object> signature(SignatureSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", s.valid());
        m.put("level", s.level().map(ValidationLevel::label).orElse(null));
        m.put("validation", s.level().map(ValidationLevel::words).orElse(null));
        m.put("signer", s.signer());
        m.put("timestamp", time(s.timestamp()));
        m.put("text", s.words());
        return m;
    }

    private static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse(null);
    }
}
