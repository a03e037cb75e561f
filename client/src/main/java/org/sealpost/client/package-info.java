/**
 * The Sealpost client as a library: a mail account, its enrollment with the service, the local
 * encrypted store of its keys and certificates, and S/MIME in the mail flow (send, inbox, read).
 * The {@code sealpost} command line is a thin layer over it.
 */
package org.sealpost.client;
