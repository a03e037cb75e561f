/**
 * The Sealpost certificate authority as a library: certificate profiles modelled on the CA/Browser
 * Forum S/MIME Baseline Requirements "Strict" profiles ({@code profile}), a pre-issuance linter
 * ({@code lint}), issuance ({@code issue}), where CA keys live ({@code keys}) and creation of a CA
 * hierarchy on disk ({@code setup}). Errors are one sealed hierarchy, {@link org.sealpost.ca.CaException}.
 */
package org.sealpost.ca;
