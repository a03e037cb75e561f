/**
 * The key service's foundations: encryption key generation ({@link org.sealpost.kms.KeySpec},
 * {@link org.sealpost.kms.KeyPairFactory}, {@link org.sealpost.kms.KeyPool}), Shamir splitting
 * ({@link org.sealpost.kms.KeySplitter}), the key table ({@link org.sealpost.kms.KeyRepository}),
 * release wrapping ({@link org.sealpost.kms.ReleasePackage}) and the enhanced-protection password
 * ({@link org.sealpost.kms.KeyProtection}).
 *
 * <p>Nothing here talks to a vault; the integrator wires shares to vaults (see docs/KMS.md).
 */
package org.sealpost.kms;
