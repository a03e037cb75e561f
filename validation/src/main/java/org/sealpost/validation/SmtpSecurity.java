package org.sealpost.validation;

/** How the connection to the SMTP relay is protected. */
public enum SmtpSecurity {
    /**
     * Plain SMTP, never STARTTLS: only for a relay on the same host (such as the embedded mail server
     * of {@code sealpost dev}). The challenge token crosses the connection in the clear.
     */
    NONE,
    /** STARTTLS must succeed (certificate and host name checked), or nothing is sent. */
    STARTTLS_REQUIRED,
    /**
     * STARTTLS when the relay offers it, plain otherwise: for a relay on the same host or network
     * only. The challenge token then crosses that network in the clear.
     */
    STARTTLS_OPTIONAL,
    /** TLS from the first byte (SMTPS, usually port 465), certificate and host name checked. */
    TLS
}
