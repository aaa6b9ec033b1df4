package org.relman;

import java.time.Clock;

import org.operaton.bpm.spring.boot.starter.annotation.EnableProcessApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * relman: a release manager in a box. The lifecycle lives in {@code bpmn/}, the forms in {@code forms/};
 * both are deployed by the process application declared in {@code META-INF/processes.xml}.
 */
@SpringBootApplication
@EnableProcessApplication("relman")
@ConfigurationPropertiesScan
@EnableScheduling
public class RelmanApplication {

  public static void main(String[] args) {
    SpringApplication.run(RelmanApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
