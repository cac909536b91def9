package org.jfrtriage.report;

import java.io.IOException;
import java.util.BitSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;

import org.jfrtriage.analyzer.event.WaitCategory;
import org.jfrtriage.analyzer.profile.ContentionSite;
import org.jfrtriage.analyzer.profile.Profile;
import org.jfrtriage.analyzer.profile.ThreadLanes;
import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.rules.Triage;
import org.jfrtriage.rules.model.Finding;

/**
 * The thread lanes the HTML report and the web page draw (lanes.js): for the first incident about a lock, one lane per
 * holder and waiter, coloured by state over time, the holder's holds marked. Runs of one state are sent as
 * {@code [first bucket, buckets, state]}, so the data is at most lanes × buckets whatever the recording's length.
 */
final class LaneData {

    /** Lanes drawn at most; the rest are counted ("3 more threads not shown"). */
    static final int MAX_LANES = 16;
    /** Buckets across the recording: finer than a page is wide is not drawn anyway. */
    static final int BUCKETS = 600;
    private static final Set<String> LOCK_KINDS = Set.of("lock-hotspot", "thread-pileup");

    private LaneData() {
    }

    /** The lanes of the first incident about a lock, or an empty object when there is none, written. */
    static void write(Triage triage, JsonGenerator json) throws IOException {
        json.writeStartObject();
        Profile profile = triage.profile();
        for (IncidentBlocks.Block block : IncidentBlocks.of(triage)) {
            BitSet sites = new BitSet();
            Finding first = null;
            for (Finding f : block.findings()) {
                if (LOCK_KINDS.contains(f.kind())) {
                    sites.or(sitesOf(profile, f));
                    first = first == null ? f : first;
                }
            }
            if (first == null || sites.isEmpty()) {
                continue;
            }
            ThreadLanes lanes = profile.threadLanes(sites, MAX_LANES, BUCKETS);
            if (lanes.lanes().isEmpty()) {
                continue;
            }
            json.writeNumberField("incident", block.number());
            json.writeStringField("title", "Incident " + block.number() + " — " + block.heading());
            json.writeStringField("subject", first.subject());
            json.writeNumberField("bucketMs", lanes.bucketNanos() / 1e6);
            json.writeNumberField("buckets", lanes.buckets());
            json.writeNumberField("omitted", lanes.omitted());
            json.writeArrayFieldStart("states");
            for (ThreadLanes.State s : ThreadLanes.State.values()) {
                json.writeString(s.key());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("lanes");
            for (ThreadLanes.Lane lane : lanes.lanes()) {
                json.writeStartObject();
                json.writeStringField("thread", profile.threads().name(lane.thread()));
                json.writeStringField("role", lane.holder() ? "holder" : "waiter");
                json.writeNumberField("waitedMs", lane.waitedNanos() / 1_000_000L);
                json.writeNumberField("heldMs", lane.heldNanos() / 1_000_000L);
                json.writeArrayFieldStart("runs");
                byte[] st = lane.states();
                for (int b = 0; b < st.length; ) {
                    int e = b;
                    while (e < st.length && st[e] == st[b]) {
                        e++;
                    }
                    if (st[b] != ThreadLanes.NONE) {
                        json.writeStartArray();
                        json.writeNumber(b);
                        json.writeNumber(e - b);
                        json.writeNumber(st[b]);
                        json.writeEndArray();
                    }
                    b = e;
                }
                json.writeEndArray();
                json.writeArrayFieldStart("held");
                boolean[] h = lane.held();
                for (int b = 0; b < h.length; ) {
                    int e = b;
                    while (e < h.length && h[e] == h[b]) {
                        e++;
                    }
                    if (h[b]) {
                        json.writeStartArray();
                        json.writeNumber(b);
                        json.writeNumber(e - b);
                        json.writeEndArray();
                    }
                    b = e;
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            break;
        }
        json.writeEndObject();
    }

    /** The contention sites a lock finding sums: non-idle waits at its site's method on its lock class. */
    private static BitSet sitesOf(Profile profile, Finding f) {
        BitSet out = new BitSet();
        String method = f.site().qualifiedMethod();
        String subject = f.subject();
        for (ContentionSite c : profile.contention()) {
            if (c.category() == WaitCategory.IDLE) {
                continue;
            }
            int frame = profile.features().site(c.stack());
            if (frame < 0) {
                continue;
            }
            Frame site = profile.stacks().frame(frame);
            String lock = c.lockClass();
            boolean sameLock = subject.isEmpty() || lock.equals(subject) || lock.startsWith(subject + "$");
            if (sameLock && site.qualifiedMethod().equals(method)) {
                out.set(c.index());
            }
        }
        return out;
    }
}
