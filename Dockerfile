# Builds the executable jar and runs it on a JRE. Used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
COPY geodata geodata
COPY frontend frontend
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/gridwatch-*.jar /app/gridwatch.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/gridwatch.jar"]
