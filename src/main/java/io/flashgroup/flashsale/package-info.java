/** Flash sales: timed sales of limited stock, bought in one atomic Redis step. */
@NullMarked
package io.flashgroup.flashsale;

import org.jspecify.annotations.NullMarked;
