package org.sealpost.ca.issue;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate serial numbers: 16 bytes from a CSPRNG with the top bit cleared, so the DER INTEGER is
 * positive and at most 16 octets while still carrying 127 random bits (SBR 7.1 asks for at least 64).
 */
final class SerialNumbers {
    private SerialNumbers() {
    }

    static BigInteger next(SecureRandom random) {
        byte[] b = new byte[16];
        BigInteger serial;
        do {
            random.nextBytes(b);
            b[0] &= 0x7f;
            serial = new BigInteger(1, b);
        } while (serial.bitLength() < 64); // never, in practice; keeps e_serial_min_64_bits a certainty
        return serial;
    }
}
