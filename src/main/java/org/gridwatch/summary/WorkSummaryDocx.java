package org.gridwatch.summary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.poi.common.usermodel.PictureType;
import org.apache.poi.util.Units;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHeader;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Writes a work summary as a Word document (.docx, Office Open XML) with Apache POI: the blocks of
 * {@link WorkSummaryDocuments#blocks} as headings, sentences, tables and the two pictures, in Chinese
 * typesetting (title and headings 黑体, text 仿宋, tables 宋体; sizes 二号/三号/四号/五号), a page header
 * with the office's name and the period, and a sample-data warning when generated data is present.
 * Stateless and thread-safe.
 */
public final class WorkSummaryDocx {

    static final String HEADING_FONT = "黑体";
    static final String TEXT_FONT = "仿宋";
    static final String TABLE_FONT = "宋体";

    private WorkSummaryDocx() {
    }

    /**
     * @param office   the office's name for the page header and the title line
     * @param pictures picture name ("trend", "map") → PNG bytes
     */
    public static byte[] write(WorkSummary s, BiFunction<String, Object[], String> messages, Map<String, String> typeLabels,
                               String office, Map<String, byte[]> pictures) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            String period = messages.apply("summary.header", new Object[]{s.from().toString(), s.to().toString()});
            XWPFHeader header = doc.createHeader(HeaderFooterType.DEFAULT);
            XWPFParagraph hp = header.createParagraph();
            hp.setAlignment(ParagraphAlignment.CENTER);
            run(hp, office + "　" + period, TABLE_FONT, 9, false);

            XWPFParagraph title = doc.createParagraph();
            title.setAlignment(ParagraphAlignment.CENTER);
            run(title, office + messages.apply("summary.title", new Object[0]), HEADING_FONT, 22, false);
            XWPFParagraph meta = doc.createParagraph();
            meta.setAlignment(ParagraphAlignment.CENTER);
            run(meta, messages.apply("summary.period", new Object[]{s.from().toString(), s.to().toString()}) + "　"
                    + WorkSummaryDocuments.scopeName(s, messages), TEXT_FONT, 14, false);
            if (s.sampleData()) {
                XWPFParagraph warn = doc.createParagraph();
                XWPFRun r = run(warn, messages.apply("summary.sampleData", new Object[0]) + " "
                        + messages.apply("summary.sampleData.which", new Object[0]), HEADING_FONT, 12, false);
                r.setColor("C00000");
            }
            String tag = messages.apply("summary.sampleData.tag", new Object[0]);
            for (WorkSummaryDocuments.Block b : WorkSummaryDocuments.blocks(s, messages, typeLabels)) {
                if (b instanceof WorkSummaryDocuments.Heading x) {
run(doc.createParagraph(), x.text(), HEADING_FONT, 16, false);
} else if (b instanceof WorkSummaryDocuments.Line x) {

                        Object[] args = x.args().stream().map(a -> a instanceof SummaryFigure f
                                ? WorkSummaryDocuments.number(f.value()) : WorkSummaryDocuments.plainText(String.valueOf(a)))
                                .toArray();
                        XWPFParagraph p = doc.createParagraph();
                        p.setFirstLineIndent(560); // two characters of 三号 text, as Chinese documents indent
                        run(p, messages.apply(x.messageKey(), args) + (x.sample() && s.sampleData() ? tag : ""),
                                TEXT_FONT, 16, false);
                    
} else if (b instanceof WorkSummaryDocuments.Table x) {
table(doc, x.rows());
} else if (b instanceof WorkSummaryDocuments.Picture x) {

                        byte[] png = pictures.get(x.name());
                        if (png != null) {
                            XWPFParagraph p = doc.createParagraph();
                            p.setAlignment(ParagraphAlignment.CENTER);
                            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(png));
                            double widthPt = 430;
                            double heightPt = widthPt * img.getHeight() / img.getWidth();
                            p.createRun().addPicture(new ByteArrayInputStream(png), PictureType.PNG, x.name() + ".png",
                                    Units.toEMU(widthPt), Units.toEMU(heightPt));
                        }
                        XWPFParagraph caption = doc.createParagraph();
                        caption.setAlignment(ParagraphAlignment.CENTER);
                        run(caption, x.caption() + (s.sampleData() ? tag : ""), TABLE_FONT, 10.5, false);
                    
}
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static void table(XWPFDocument doc, List<List<String>> rows) {
        XWPFTable t = doc.createTable(rows.size(), rows.get(0).size());
        t.setWidth("100%");
        for (int r = 0; r < rows.size(); r++) {
            XWPFTableRow row = t.getRow(r);
            for (int c = 0; c < rows.get(r).size(); c++) {
                XWPFParagraph p = row.getCell(c).getParagraphs().get(0);
                run(p, rows.get(r).get(c), r == 0 ? HEADING_FONT : TABLE_FONT, 10.5, false);
            }
        }
        doc.createParagraph();
    }

    /** A run in {@code font} for both Latin and East Asian text, {@code sizePt} points. */
    private static XWPFRun run(XWPFParagraph p, String text, String font, double sizePt, boolean bold) {
        XWPFRun r = p.createRun();
        r.setText(text);
        r.setFontFamily(font, XWPFRun.FontCharRange.eastAsia);
        r.setFontFamily(font, XWPFRun.FontCharRange.ascii);
        r.setFontFamily(font, XWPFRun.FontCharRange.hAnsi);
        r.setFontSize(sizePt);
        r.setBold(bold);
        return r;
    }
}
