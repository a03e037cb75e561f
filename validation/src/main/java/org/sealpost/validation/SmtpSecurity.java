package org.sealpost.validation;

/** How the connection to the SMTP relay is protected. */
public enum SmtpSecurity {
    /** STARTTLS must succeed (certificate and host name checked), or nothing is sent. */
    STARTTLS_REQUIRED,
    /**
     * STARTTLS when the relay offers it, plain otherwise: for a relay on the same host or network
     * only. The challenge token then crosses that network in the clear.
     */
    STARTTLS_OPTIONAL
}
