/** What all campaigns share: ids, Redis key layout, the registry of active campaigns. */
@NullMarked
package io.flashgroup.campaign;

import org.jspecify.annotations.NullMarked;
