package org.gridwatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GridwatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(GridwatchApplication.class, args);
    }
}
