/**
 * Legal-hold recovery: an organisation recovers an address's whole key history without its owner
 * once m of its mail domain's recovery officers have approved the request, each signing a
 * canonical statement of it with a key of their own.
 *
 * <p>{@link org.sealpost.kms.recovery.RecoveryOfficers} keeps the officers and the domain's policy
 * (m ≥ 2); {@link org.sealpost.kms.recovery.RecoveryService} opens requests, records signed
 * decisions and makes the single-use release through the key service;
 * {@link org.sealpost.kms.recovery.RecoveryRequests} reads requests and the
 * {@link org.sealpost.kms.recovery.RecoveryStatement} officers sign. Everything is audited. See
 * docs/KMS.md, "Legal hold".
 */
package org.sealpost.kms.recovery;
