package org.sealpost.server.identity;

import java.util.regex.Pattern;
import org.sealpost.kms.OwnerAddress;

/** Mail domains as identity levels name them: lower-case A-labels of at least two labels. */
public final class MailDomain {
    private static final Pattern FORM = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private MailDomain() {
    }

    /**
     * {@code domain} in look-up form ({@code Bücher.Example} → {@code xn--bcher-kva.example}).
     *
     * @throws IdentityProblem INVALID when it is missing or not a host name with a dot
     */
    public static String of(String domain) throws IdentityProblem {
        String form;
        try {
            form = OwnerAddress.domainForm(domain);
        } catch (IllegalArgumentException e) {
            throw IdentityProblem.invalid(e.getMessage());
        }
        if (form.length() > 253 || !FORM.matcher(form).matches()) {
            throw IdentityProblem.invalid("'" + domain + "' is not a mail domain");
        }
        return form;
    }
}
