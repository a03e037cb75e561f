package org.sealpost.cli.smime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sealpost.core.smime.inspect.Inspection;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.VerificationReport;

/**
 * The JSON shapes printed by {@code verify --json} and {@code inspect --json}. Field names are a
 * contract used by outside checks: add fields, never rename.
 */
final class JsonReports {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReports() {
    }

    static String verification(VerificationReport report) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("valid", report.valid());
        root.put("reason", report.reason());
        root.put("from", report.from().orElse(null));
        List<Map<String, Object>> signers = new ArrayList<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        int index = 0;
        for (Layer layer : report.layers()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("index", index);
            switch (layer) {
                case Layer.Signed s -> {
                    l.put("type", "signed");
                    l.put("form", s.form().name().toLowerCase(java.util.Locale.ROOT));
                    l.put("problem", s.problem().orElse(null));
                    List<Map<String, Object>> ls = new ArrayList<>();
                    for (SignerResult r : s.signers()) {
                        Map<String, Object> m = signer(r);
                        m.put("layer", index);
                        ls.add(m);
                        signers.add(m);
                    }
                    l.put("signers", ls);
                }
                case Layer.Encrypted e -> {
                    l.put("type", "encrypted");
                    l.put("contentCipher", e.contentCipher());
                    l.put("decrypted", e.decrypted());
                    l.put("note", e.note());
                }
            }
            layers.add(l);
            index++;
        }
        root.put("signers", signers);
        root.put("layers", layers);
        return MAPPER.writeValueAsString(root);
    }

    private static Map<String, Object> signer(SignerResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", r.email().orElse(null));
        m.put("subject", r.subject());
        m.put("valid", r.valid());
        m.put("trusted", r.trusted());
        m.put("reason", r.reason());
        m.put("certificateEmails", r.certificateEmails());
        m.put("issuer", r.issuer());
        m.put("serialNumber", r.serialNumber());
        m.put("digestAlgorithm", r.digestAlgorithm());
        m.put("signingTime", r.signingTime().map(Object::toString).orElse(null));
        m.put("timestamp", r.timestamp().map(t -> {
            Map<String, Object> ts = new LinkedHashMap<>();
            ts.put("time", t.time().toString());
            ts.put("authority", t.authority());
            ts.put("valid", t.valid());
            ts.put("trusted", t.trusted());
            ts.put("reason", t.reason());
            return ts;
        }).orElse(null));
        m.put("warnings", r.warnings());
        return m;
    }

    static String inspection(Inspection inspection) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("contentType", inspection.outerContentType());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Inspection.Part part : inspection.layers()) {
            Map<String, Object> l = new LinkedHashMap<>();
            switch (part) {
                case Inspection.Signed s -> {
                    l.put("type", "signed");
                    l.put("form", s.form());
                    l.put("contentIncluded", s.contentIncluded());
                    l.put("certificates", s.certificates());
                    List<Map<String, Object>> signers = new ArrayList<>();
                    for (Inspection.Signer si : s.signers()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", si.id());
                        m.put("subject", si.subject().orElse(null));
                        m.put("digestAlgorithm", si.digestAlgorithm());
                        m.put("signatureAlgorithm", si.signatureAlgorithm());
                        m.put("signingTime", si.signingTime().map(Object::toString).orElse(null));
                        m.put("timestamped", si.timestamped());
                        signers.add(m);
                    }
                    l.put("signers", signers);
                }
                case Inspection.Enveloped e -> {
                    l.put("type", e.cmsType());
                    l.put("contentCipher", e.contentCipher());
                    List<Map<String, Object>> recipients = new ArrayList<>();
                    for (Inspection.RecipientEntry r : e.recipients()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("kind", r.kind());
                        m.put("id", r.id());
                        m.put("keyEncryptionAlgorithm", r.keyEncryptionAlgorithm());
                        recipients.add(m);
                    }
                    l.put("recipients", recipients);
                }
            }
            layers.add(l);
        }
        root.put("layers", layers);
        root.put("innerContentType", inspection.innerContentType().orElse(null));
        return MAPPER.writeValueAsString(root);
    }
}
