package org.gridwatch.open311;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents against the shapes of the GeoReport v2 spec's examples: the member names in the spec's
 * order, their JSON types, the XML root and element names (wiki.open311.org/GeoReport_v2).
 */
class GeoReportFormatTest {

    /** The members of a service in the spec's GET services example, in order. */
    static final List<String> SERVICE_MEMBERS = List.of("service_code", "service_name", "description", "metadata",
            "type", "keywords", "group");

    /** The members of a service request in the spec's GET service requests example, in order. */
    static final List<String> REQUEST_MEMBERS = List.of("service_request_id", "status", "status_notes",
            "service_name", "service_code", "description", "agency_responsible", "service_notice",
            "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
            "lat", "long", "media_url");

    /** The members of the spec's POST service request answer. */
    static final List<String> CREATED_MEMBERS = List.of("service_request_id", "service_notice", "account_id");

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final GeoReportFormat.Request REQUEST = new GeoReportFormat.Request("20261207-0012", "open", "处置中",
            "暴露垃圾", "exposed_garbage", "路口有一堆垃圾 <b>&", null, "处置时限：1 个工作日",
            OffsetDateTime.parse("2026-12-07T09:30:00+08:00"), OffsetDateTime.parse("2026-12-07T10:00:00+08:00"),
            OffsetDateTime.parse("2026-12-08T09:30:00+08:00"), null, 31.2304, 121.4737, null);

    @Test
    void servicesJsonHasTheSpecMembersAndTypes() {
        String json = GeoReportFormat.services(List.of(new GeoReportFormat.Service("exposed_garbage", "暴露垃圾",
                "处置时限：1 个工作日", "事件", "市容环境")), GeoReportFormat.Type.JSON);
        JsonNode root = JSON.readTree(json);
        assertThat(root.isArray()).isTrue();
        JsonNode s = root.get(0);
        assertThat(names(s)).containsExactlyElementsOf(SERVICE_MEMBERS);
        assertThat(s.get("metadata").isBoolean()).isTrue();
        assertThat(s.get("type").asString()).isIn("realtime", "batch", "blackbox");
        assertThat(s.get("service_code").asString()).isEqualTo("exposed_garbage");
    }

    @Test
    void servicesXmlHasTheSpecElements() throws Exception {
        String xml = GeoReportFormat.services(List.of(new GeoReportFormat.Service("a", "A", null, "g", null)),
                GeoReportFormat.Type.XML);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element root = parse(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("services");
        Element service = children(root).get(0);
        assertThat(service.getTagName()).isEqualTo("service");
        assertThat(children(service).stream().map(Element::getTagName).toList()).containsExactlyElementsOf(SERVICE_MEMBERS);
        assertThat(text(service, "metadata")).isEqualTo("false");
    }

    @Test
    void requestsJsonHasTheSpecMembersTypesAndTimesWithOffset() {
        JsonNode r = JSON.readTree(GeoReportFormat.requests(List.of(REQUEST), GeoReportFormat.Type.JSON)).get(0);
        assertThat(names(r)).containsExactlyElementsOf(REQUEST_MEMBERS);
        assertThat(r.get("lat").isNumber()).isTrue();
        assertThat(r.get("long").isNumber()).isTrue();
        assertThat(r.get("long").asDouble()).isEqualTo(121.4737);
        assertThat(r.get("status").asString()).isEqualTo("open");
        assertThat(r.get("requested_datetime").asString()).isEqualTo("2026-12-07T09:30:00+08:00");
        assertThat(r.get("agency_responsible").isNull()).isTrue();
        assertThat(r.get("description").asString()).isEqualTo("路口有一堆垃圾 <b>&");
    }

    @Test
    void requestsXmlEscapesTextAndWritesEveryElement() throws Exception {
        String xml = GeoReportFormat.requests(List.of(REQUEST), GeoReportFormat.Type.XML);
        Element root = parse(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("service_requests");
        Element request = children(root).get(0);
        assertThat(request.getTagName()).isEqualTo("request");
        assertThat(children(request).stream().map(Element::getTagName).toList()).containsExactlyElementsOf(REQUEST_MEMBERS);
        assertThat(text(request, "description")).isEqualTo("路口有一堆垃圾 <b>&");
        assertThat(text(request, "lat")).isEqualTo("31.2304");
        assertThat(text(request, "media_url")).isEmpty();
    }

    @Test
    void createdAnswerIsAListWithIdNoticeAndAccount() throws Exception {
        var created = new GeoReportFormat.Created("20261207-0013", "处置时限：1 个工作日");
        JsonNode r = JSON.readTree(GeoReportFormat.created(created, GeoReportFormat.Type.JSON));
        assertThat(r.isArray()).isTrue();
        assertThat(names(r.get(0))).containsExactlyElementsOf(CREATED_MEMBERS);
        assertThat(r.get(0).get("account_id").isNull()).isTrue();
        Element root = parse(GeoReportFormat.created(created, GeoReportFormat.Type.XML)).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("service_requests");
        assertThat(text(children(root).get(0), "service_request_id")).isEqualTo("20261207-0013");
    }

    @Test
    void errorsAreAListOfCodeAndDescription() throws Exception {
        var errors = List.of(new GeoReportFormat.Error(403, "api_key 无效"), new GeoReportFormat.Error(400, "缺少 lat"));
        JsonNode r = JSON.readTree(GeoReportFormat.errors(errors, GeoReportFormat.Type.JSON));
        assertThat(r.size()).isEqualTo(2);
        assertThat(names(r.get(0))).containsExactly("code", "description");
        assertThat(r.get(0).get("code").isInt()).isTrue();
        assertThat(r.get(0).get("code").asInt()).isEqualTo(403);
        Element root = parse(GeoReportFormat.errors(errors, GeoReportFormat.Type.XML)).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("errors");
        assertThat(children(root)).extracting(Element::getTagName).containsExactly("error", "error");
        assertThat(text(children(root).get(1), "description")).isEqualTo("缺少 lat");
    }

    @Test
    void controlCharactersThatXmlCannotCarryAreDropped() throws Exception {
        String xml = GeoReportFormat.errors(List.of(new GeoReportFormat.Error(400, "a\u0000b\u0007c\td")),
                GeoReportFormat.Type.XML);
        assertThat(text(children(parse(xml).getDocumentElement()).get(0), "description")).isEqualTo("abc\td");
    }

    @Test
    void statusMapsEveryStage() {
        for (String open : List.of("reported", "registered", "dispatched", "handled", "verified")) {
            assertThat(GeoReportStatus.of(open)).isEqualTo("open");
        }
        for (String closed : List.of("closed", "rejected", "merged")) {
            assertThat(GeoReportStatus.of(closed)).isEqualTo("closed");
        }
        assertThat(GeoReportStatus.stages("open")).hasSize(5);
        assertThat(GeoReportStatus.stages("pending")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeoReportStatus.of("lost"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) out.add(c);
        return out;
    }

    static String text(Element parent, String name) {
        return children(parent).stream().filter(c -> c.getTagName().equals(name)).findFirst().orElseThrow().getTextContent();
    }
}
