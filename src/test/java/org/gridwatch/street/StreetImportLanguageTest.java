package org.gridwatch.street;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/** An import's refusal speaks one language: the summary and every row, Chinese by default, English on request. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false"})
@AutoConfigureMockMvc
class StreetImportLanguageTest {

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    static final String BAD = "{\"type\":\"FeatureCollection\",\"features\":["
            + "{\"type\":\"Feature\",\"properties\":{\"name\":\"好路\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[121.0,31.0],[121.001,31.0]]}},"
            + "{\"type\":\"Feature\",\"properties\":{\"name\":\"坏路\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[121.0]]}}]}";

    private MockMultipartHttpServletRequestBuilder upload(String file, String name) {
        return multipart("/api/import/streets").file(new MockMultipartFile("file", name, "text/plain", file.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rowsOfARefusedImportAreInTheCallersLanguage() throws Exception {
        String csv = "name,wkt\nA,\"LINESTRING (121 31, 121.001 31)\"\nB,\"LINESTRING (121 east)\"\n";
        for (String[] file : new String[][]{{BAD, "s.geojson"}, {csv, "s.csv"}}) {
            mvc.perform(upload(file[0], file[1])).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("exchange.import.rejected"))
                    .andExpect(jsonPath("$.errors[0].row").value(2))
                    .andExpect(jsonPath("$.errors[0].detail").value(org.hamcrest.Matchers.matchesPattern(".*[\\u4e00-\\u9fff].*")))
                    .andExpect(jsonPath("$.errors[0].detail").value(org.hamcrest.Matchers.not(
                            org.hamcrest.Matchers.matchesPattern(".*\\b(the|cannot|must|are not)\\b.*"))));
            mvc.perform(upload(file[0], file[1]).header("Accept-Language", "en")).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].detail").value(org.hamcrest.Matchers.not(
                            org.hamcrest.Matchers.matchesPattern(".*[\\u4e00-\\u9fff].*"))));
        }
    }
}
