/**
 * The key service: {@link org.sealpost.kms.KeyService} makes an address's encryption keys, splits
 * each k-of-n across independent vaults the moment it exists, rotates them, and releases the whole
 * key history wrapped to a device's transport key, with an audit trail.
 *
 * <p>Its building blocks: key generation ({@link org.sealpost.kms.KeySpec},
 * {@link org.sealpost.kms.KeyPairFactory}, {@link org.sealpost.kms.KeyPool}), Shamir splitting
 * ({@link org.sealpost.kms.KeySplitter}), the key table ({@link org.sealpost.kms.KeyRepository}),
 * release wrapping ({@link org.sealpost.kms.ReleasePackage}), the enhanced-protection password
 * ({@link org.sealpost.kms.KeyProtection}) and the embedded default vaults
 * ({@link org.sealpost.kms.EmbeddedVaults}). Legal-hold recovery by m-of-n officers is in
 * {@code org.sealpost.kms.recovery}. See docs/KMS.md.
 */
package org.sealpost.kms;
