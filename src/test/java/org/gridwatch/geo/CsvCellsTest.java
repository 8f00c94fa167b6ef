package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @Test
    void formulaLeadsAreNeutralisedAsOwaspDescribes() {
        assertThat(CsvCells.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvCells.cell("+1+cmd|' /C calc'!A0")).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(CsvCells.cell("@SUM(1+1)*cmd|' /C calc'!A0")).isEqualTo("'@SUM(1+1)*cmd|' /C calc'!A0");
        assertThat(CsvCells.cell("-2+3+cmd|' /C calc'!A0")).isEqualTo("'-2+3+cmd|' /C calc'!A0");
        assertThat(CsvCells.cell("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(CsvCells.cell("\r=1+1")).isEqualTo("\"'\r=1+1\"");
    }

    @Test
    void numbersPlainTextAndQuotingStayAsRfc4180Says() {
        assertThat(CsvCells.cell("-12.5")).isEqualTo("-12.5");
        assertThat(CsvCells.cell("+3")).isEqualTo("+3");
        assertThat(CsvCells.cell("-1e-3")).isEqualTo("-1e-3");
        assertThat(CsvCells.cell("西乡二街垃圾桶")).isEqualTo("西乡二街垃圾桶");
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvCells.cell("a=b")).isEqualTo("a=b");
        assertThat(CsvCells.cell(null)).isEmpty();
        assertThat(CsvCells.cell("")).isEmpty();
    }
}
