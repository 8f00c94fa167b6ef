package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every text exists in both languages: a key added in Chinese only would show its English key (or a
 * Chinese text) to English users, and the other way round. Checks the backend message bundles named in
 * application.yml and every frontend dictionary, with the same placeholders in both languages.
 */
class TranslationCompletenessTest {

    private static final Pattern BACKEND_PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");
    private static final Pattern FRONTEND_PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Test
    void everyBackendMessageHasChineseAndEnglishWithTheSameArguments() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String basename : backendBasenames()) {
            Properties zh = properties(basename + ".properties");
            Properties en = properties(basename + "_en.properties");
            compare(basename, keys(zh), keys(en), zh::getProperty, en::getProperty, BACKEND_PLACEHOLDER, problems);
        }
        assertThat(problems).as("backend texts missing a language or an argument").isEmpty();
    }

    @Test
    void everyFrontendTextHasChineseAndEnglishWithTheSamePlaceholders() throws IOException {
        List<String> problems = new ArrayList<>();
        Path root = Path.of("frontend/i18n");
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(root)) {
            dirs = walk.filter(Files::isDirectory).toList();
        }
        for (Path dir : dirs) {
            Path zhFile = dir.resolve("zh-CN.json");
            Path enFile = dir.resolve("en.json");
            if (!Files.exists(zhFile) && !Files.exists(enFile)) {
                continue;
            }
            assertThat(zhFile).as("Chinese dictionary beside " + enFile).exists();
            assertThat(enFile).as("English dictionary beside " + zhFile).exists();
            Map<String, String> zh = dictionary(zhFile);
            Map<String, String> en = dictionary(enFile);
            compare(root.relativize(dir).toString(), new TreeSet<>(zh.keySet()), new TreeSet<>(en.keySet()),
                    zh::get, en::get, FRONTEND_PLACEHOLDER, problems);
        }
        assertThat(problems).as("frontend texts missing a language or a placeholder").isEmpty();
    }

    private static void compare(String where, Set<String> zhKeys, Set<String> enKeys,
            java.util.function.Function<String, String> zh, java.util.function.Function<String, String> en,
            Pattern placeholder, List<String> problems) {
        for (String key : zhKeys) {
            if (!enKeys.contains(key)) {
                problems.add(where + ": " + key + " has no English text");
            } else if (!placeholders(zh.apply(key), placeholder).equals(placeholders(en.apply(key), placeholder))) {
                problems.add(where + ": " + key + " has different placeholders in Chinese and English");
            } else if (en.apply(key).isBlank() != zh.apply(key).isBlank()) {
                problems.add(where + ": " + key + " is blank in one language");
            }
        }
        for (String key : enKeys) {
            if (!zhKeys.contains(key)) {
                problems.add(where + ": " + key + " has no Chinese text");
            }
        }
    }

    private static Set<String> placeholders(String text, Pattern pattern) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = pattern.matcher(text == null ? "" : text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The bundles Spring loads: {@code spring.messages.basename} in application.yml. */
    private static List<String> backendBasenames() throws IOException {
        String yaml = Files.readString(Path.of("src/main/resources/application.yml"), StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile("(?m)^\\s*basename:\\s*(\\S+)\\s*$").matcher(yaml);
        assertThat(matcher.find()).as("spring.messages.basename in application.yml").isTrue();
        return List.of(matcher.group(1).split(","));
    }

    private static Properties properties(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = TranslationCompletenessTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the class path").isNotNull();
            try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        return properties;
    }

    private static Set<String> keys(Properties properties) {
        return new TreeSet<>(properties.stringPropertyNames());
    }

    private static Map<String, String> dictionary(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() { });
    }
}
