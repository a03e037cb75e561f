package org.sealpost.server.identity;

import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.admin.AdminRole;

/** The separation of roles, checked by every decision before it touches anything. */
final class RoleCheck {
    private RoleCheck() {
    }

    /** @throws IdentityProblem FORBIDDEN unless {@code admin} is an active operator */
    static void operator(AdminAccount admin, String what) throws IdentityProblem {
        if (admin.role() != AdminRole.OPERATOR || !admin.active()) {
            throw IdentityProblem.forbidden("only an operator may " + what);
        }
    }

    /**
     * The domain in look-up form, if {@code admin} is the active org admin of exactly that domain.
     *
     * @throws IdentityProblem INVALID for a malformed domain, FORBIDDEN for anyone else
     */
    static String orgAdminOf(AdminAccount admin, String domain, String what) throws IdentityProblem {
        String form = domainForm(domain);
        if (admin.role() != AdminRole.ORG_ADMIN || !admin.active() || !admin.domain().orElse("").equals(form)) {
            throw IdentityProblem.forbidden("only the organization admin of " + form + " may " + what);
        }
        return form;
    }

    /** @throws IdentityProblem INVALID when {@code domain} is not a domain name */
    static String domainForm(String domain) throws IdentityProblem {
        return MailDomain.of(domain);
    }
}
