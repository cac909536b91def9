package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.Profile;

/**
 * The page's flame graphs in flamegraph.js's columnar form hold the tree the nested form held: read back as the
 * script reads them (a node's parent is the closest earlier node one level up), the same nodes, values, kinds and
 * children in the same order.
 */
class FlameGraphColumnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theColumnsReadBackAsTheNestedTree() throws IOException {
        // a share that prunes: children below it are left out of both forms alike
        double share = 0.002;
        for (long seed = 1; seed <= 6; seed++) {
            Profile p = DiffTreesTest.profile(seed, "p.jfr");
            List<FlameGraphs.TreeBuilder> packed = List.of(
                    FlameGraphs.contentionEntries(p, WaitCategory.LOCK, FlameGraphs.STABLE),
                    FlameGraphs.sampleEntries(p, p.cpuSamples(), FlameGraphs.STABLE),
                    FlameGraphs.allocationEntries(p, FlameGraphs.STABLE));
            List<FlameGraphs.Node> nodes = List.of(
                    FlameGraphs.contention(p, WaitCategory.LOCK, FlameGraphs.STABLE, share),
                    FlameGraphs.samples(p, p.cpuSamples(), FlameGraphs.STABLE, share),
                    FlameGraphs.allocation(p, FlameGraphs.STABLE, share));
            for (int t = 0; t < 3; t++) {
                PackedTree tree = packed.get(t).buildPacked(share);
                FlameGraphs.Node root = nodes.get(t);
                JsonNode nested = JSON.readTree(write(json -> root.write(new TreeFields(json), json, root.value * share)));
                JsonNode columns = JSON.readTree(write(json -> FlameGraphs.Columns.of(tree).write(new TreeFields(json), json)));
                assertThat(columns.path("depth")).hasSize(count(nested));
                assertThat(columns.path("names").size()).isLessThanOrEqualTo(count(nested));
                // children in the same order: a tie put otherwise reads back as another tree
                assertThat(nestedFrom(columns)).as("seed %d tree %d", seed, t).isEqualTo(nested);
            }
        }
    }

    /** The nested tree the columns stand for, read as flamegraph.js's readInput reads them. */
    private static JsonNode nestedFrom(JsonNode columns) {
        List<ObjectNode> last = new ArrayList<>();
        ObjectNode root = null;
        for (int i = 0; i < columns.path("depth").size(); i++) {
            int depth = columns.path("depth").get(i).asInt();
            ObjectNode node = JSON.createObjectNode();
            node.put("n", columns.path("names").get(columns.path("name").get(i).asInt()).asText());
            node.set("v", columns.path("v").get(i));
            node.put("k", columns.path("kinds").get(columns.path("kind").get(i).asInt()).asText());
            if (depth == 0) {
                assertThat(root).as("one root").isNull();
                root = node;
            } else {
                ObjectNode parent = last.get(depth - 1);
                ArrayNode children = parent.has("c") ? (ArrayNode) parent.get("c") : parent.putArray("c");
                children.add(node);
            }
            while (last.size() > depth) {
                last.remove(last.size() - 1);
            }
            last.add(node);
        }
        return root;
    }

    private static int count(JsonNode node) {
        int n = 1;
        for (JsonNode child : node.path("c")) {
            n += count(child);
        }
        return n;
    }

    private interface Writing {
        void to(JsonGenerator json) throws IOException;
    }

    private static String write(Writing writing) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            writing.to(json);
        }
        return out.toString();
    }
}
