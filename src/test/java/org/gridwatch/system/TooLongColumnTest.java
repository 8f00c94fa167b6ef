package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The net under TextLimits names the field from the store's message where the store names it. */
class TooLongColumnTest {

    @Test
    void h2sMessageNamesTheColumnPostgresqlsDoesNot() {
        assertThat(ProblemAdvice.tooLongColumn("Value too long for column \"PHONE CHARACTER VARYING(32)\": "
                + "\"'11111111111111111111111111111111111111' (38)\"; SQL statement:")).isEqualTo("phone");
        assertThat(ProblemAdvice.tooLongColumn("Value too long for column \"RESPONSIBLE_PERSON CHARACTER VARYING(100)\": "
                + "\"'x' (101)\"")).isEqualTo("responsiblePerson");
        assertThat(ProblemAdvice.tooLongColumn("ERROR: value too long for type character varying(32)")).isNull();
        assertThat(ProblemAdvice.tooLongColumn(null)).isNull();
    }
}
