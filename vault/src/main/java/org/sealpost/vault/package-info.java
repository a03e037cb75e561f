/** Placeholder until the module's code lands. */
package org.sealpost.vault;
