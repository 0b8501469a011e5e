/** The web pages: shopper, seller console, ops dashboard, group and bargain pages. */
@NullMarked
package io.flashgroup.web;

import org.jspecify.annotations.NullMarked;
