package io.flashgroup.flashsale;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of flash sales.
 *
 * @param soldOutFlagMaxAge how long this node answers "sold out" from its local flag
 * before asking Redis again; live events clear the flag sooner when stock comes back
 */
@ConfigurationProperties("flashgroup.flash-sale")
public record FlashSaleProperties(@DefaultValue("2s") Duration soldOutFlagMaxAge) {
}
