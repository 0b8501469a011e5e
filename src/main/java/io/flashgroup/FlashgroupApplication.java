package io.flashgroup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Flashgroup: a reactive real-time promotions server (flash sales, group buys, bargains).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlashgroupApplication {

	public static void main(String[] args) {
		SpringApplication.run(FlashgroupApplication.class, args);
	}

}
