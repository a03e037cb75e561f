package org.sealpost.server.identity;

/** The reason an operator gives for a rejection: shown to the requester, so it must be plain text. */
final class Reasons {
    static final int MAX = 500;

    private Reasons() {
    }

    static String checked(String reason) throws IdentityProblem {
        if (reason == null || reason.isBlank()) {
            throw IdentityProblem.invalid("a rejection needs a reason");
        }
        String r = reason.strip();
        if (r.length() > MAX) {
            throw IdentityProblem.invalid("the reason is longer than " + MAX + " characters");
        }
        if (r.codePoints().anyMatch(Character::isISOControl)) {
            throw IdentityProblem.invalid("the reason contains control characters");
        }
        return r;
    }
}
