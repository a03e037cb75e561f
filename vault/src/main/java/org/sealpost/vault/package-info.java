/**
 * The vault: a store of key shares, each encrypted with AES-256-GCM under the vault's own
 * key-encryption key ({@link org.sealpost.vault.Kek}), served over a small authenticated HTTP API
 * ({@link org.sealpost.vault.VaultHttpServer}) or used in-process ({@link org.sealpost.vault.LocalVaultClient}).
 * See docs/VAULT.md.
 */
package org.sealpost.vault;
