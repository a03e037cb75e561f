package org.sealpost.client.send;

/**
 * A mail could not be sent. The message is one line for the user and says whether anything went
 * out ("nothing was sent" when nothing did).
 */
public final class SendException extends Exception {
    public SendException(String message) {
        super(message);
    }
}
