package io.flashgroup.campaign;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What sellers may set on any campaign.
 *
 * @param minPayWindow shortest time to pay a reservation
 * @param maxPayWindow longest time to pay a reservation
 */
@ConfigurationProperties("flashgroup.campaigns")
public record CampaignProperties(@DefaultValue("30s") Duration minPayWindow,
		@DefaultValue("1d") Duration maxPayWindow) {
}
