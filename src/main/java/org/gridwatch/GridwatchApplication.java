package org.gridwatch;

import org.gridwatch.geodata.GenerateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the service, or with {@code generate ...} as first argument runs the district generator
 * without starting anything else (see geodata/README.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GridwatchApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("generate")) {
            System.exit(GenerateCommand.run(args));
        }
        SpringApplication.run(GridwatchApplication.class, args);
    }
}
