package org.sealpost.client.enroll;

/** Enrollment could not be completed; the message is one line for the user. */
public final class EnrollmentException extends Exception {
    public EnrollmentException(String message) {
        super(message);
    }
}
