/**
 * Implementation details shared across the relay's packages (left out of the Javadoc; may change in any
 * release): the relay's metrics seam and its Micrometer implementation, lowercase-hex checks.
 *
 * <p>References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.relay.internal;

import org.jspecify.annotations.NullMarked;
