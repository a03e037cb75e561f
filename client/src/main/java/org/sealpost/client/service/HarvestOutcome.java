package org.sealpost.client.service;

import java.util.List;

/** The directory's verdict on one submitted certificate: "published", "merged" or "refused" (with the reason). */
public record HarvestOutcome(String fingerprint, String status, List<String> addresses, String reason) {
    public HarvestOutcome {
        addresses = List.copyOf(addresses);
    }
}
