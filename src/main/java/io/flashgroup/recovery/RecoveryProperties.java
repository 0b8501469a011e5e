package io.flashgroup.recovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the detection and rebuild of hot state Redis lost.
 *
 * @param checkInterval how often every node compares the campaigns PostgreSQL says are
 * not retired with the state Redis holds; a lost campaign is rebuilt within about this
 * long
 */
@ConfigurationProperties("flashgroup.recovery")
public record RecoveryProperties(@DefaultValue("2s") Duration checkInterval) {
}
