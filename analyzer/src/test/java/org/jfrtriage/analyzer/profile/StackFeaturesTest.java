package org.jfrtriage.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.jfrtriage.analyzer.table.Frame;
import org.jfrtriage.analyzer.table.FrameType;
import org.jfrtriage.analyzer.table.StackTable;

class StackFeaturesTest {
    private final StackTable stacks = new StackTable();
    private final StackFeatures features = new StackFeatures(stacks);

    private int stack(String... frames) {
        return Stacks.stack(stacks, frames);
    }

    private String siteOf(int stack) {
        int frame = features.site(stack);
        return frame < 0 ? null : stacks.frame(frame).qualifiedMethod();
    }

    @Test
    void theSiteIsTheFirstApplicationFrameElseTheFirstJavaFrame() {
        assertThat(siteOf(stack("java.util.HashMap.resize", "java.util.HashMap.putVal", "com.acme.Index.build", "com.acme.Main.main")))
                .isEqualTo("com.acme.Index.build");
        assertThat(siteOf(stack("java.lang.Object.wait", "java.lang.Thread.run"))).isEqualTo("java.lang.Object.wait");
        assertThat(features.site(StackTable.UNKNOWN)).isEqualTo(StackFeatures.NO_FRAME);
        int nativeOnly = stacks.stackId(new int[] {stacks.frameId(new Frame("libc.so", "read", -1, FrameType.NATIVE)),
                stacks.frameId(new Frame("", "start_thread", -1, FrameType.KERNEL))}, false);
        assertThat(features.site(nativeOnly)).isEqualTo(StackFeatures.NO_FRAME);
        int nativeThenJava = stacks.stackId(new int[] {stacks.frameId(new Frame("libc.so", "read", -1, FrameType.NATIVE)),
                stacks.frameId(Stacks.frame("java.io.FileInputStream.read")), stacks.frameId(Stacks.frame("java.lang.Thread.run"))}, false);
        assertThat(siteOf(nativeThenJava)).isEqualTo("java.io.FileInputStream.read");
    }

    @Test
    void resizeAndMapWritesCountOnlyAboveTheSite() {
        int resize = stack("java.util.concurrent.ConcurrentHashMap.addCount", "java.util.HashMap.resize", "java.util.HashMap.putVal",
                "com.acme.Index.build", "java.util.HashMap.resize");
        assertThat(stacks.frame(features.resizeFrame(resize)).qualifiedMethod()).isEqualTo("java.util.concurrent.ConcurrentHashMap.addCount");
        assertThat(features.mapFlags(resize) & StackFeatures.UNSAFE_WRITE).isNotZero();
        assertThat(features.mapFlags(resize) & StackFeatures.TREE_NODE).isZero();
        int below = stack("com.acme.Index.build", "java.util.HashMap.resize", "java.util.HashMap.putVal");
        assertThat(features.resizeFrame(below)).isEqualTo(StackFeatures.NO_FRAME);
        assertThat(features.mapFlags(below)).isZero();
        int tree = stack("java.util.HashMap$TreeNode.putTreeVal", "com.acme.Sessions.touch");
        assertThat(features.mapFlags(tree)).isEqualTo((byte) (StackFeatures.UNSAFE_WRITE | StackFeatures.TREE_NODE));
        assertThat(features.resizeFrame(tree)).isEqualTo(StackFeatures.NO_FRAME);
        int read = stack("java.util.HashMap.getNode", "java.util.HashMap.get", "com.acme.Sessions.find");
        assertThat(features.mapFlags(read)).isZero();
    }

    @Test
    void manyStacksAndFramesGrowTheTables() {
        int last = 0;
        for (int i = 0; i < 1_500; i++) {
            last = stack("java.util.HashMap.resize", "com.acme.Gen.m" + i);
        }
        assertThat(last).isGreaterThan(1_024);
        assertThat(siteOf(last)).isEqualTo("com.acme.Gen.m1499");
        assertThat(stacks.frame(features.resizeFrame(last)).qualifiedMethod()).isEqualTo("java.util.HashMap.resize");
        assertThat(features.waitFlags(stacks.frameCount() - 1) & StackFeatures.WAIT_APPLICATION).isNotZero();
        assertThat(siteOf(5)).isEqualTo("com.acme.Gen.m4"); // earlier stacks keep their facts after growing
        StackFeatures inOrder = new StackFeatures(stacks);
        for (int s = 1; s <= last; s++) { // every stack and frame in turn: each array boundary exactly
            assertThat(stacks.frame(inOrder.site(s)).qualifiedMethod()).isEqualTo("com.acme.Gen.m" + (s - 1));
        }
        for (int f = 0; f < stacks.frameCount(); f++) {
            assertThat(inOrder.waitFlags(f) & StackFeatures.WAIT_COMPUTED).isNotZero();
        }
        StackFeatures farFirst = new StackFeatures(stacks);
        assertThat(farFirst.waitFlags(stacks.frameCount() - 1) & StackFeatures.WAIT_APPLICATION).isNotZero();
        assertThat(farFirst.resizeFrame(last)).isEqualTo(features.resizeFrame(last));
    }

    @Test
    void mapFramesAsData() {
        assertThat(MapFrames.isResize(Stacks.frame("java.util.Hashtable.rehash"))).isTrue();
        assertThat(MapFrames.isResize(Stacks.frame("java.util.HashMap.put"))).isFalse();
        assertThat(MapFrames.isUnsafeMutation(Stacks.frame("java.util.HashMap.merge"))).isTrue();
        assertThat(MapFrames.isUnsafeMutation(Stacks.frame("java.util.HashMap$TreeNode.find"))).isTrue();
        assertThat(MapFrames.isUnsafeMutation(Stacks.frame("java.util.HashMap.get"))).isFalse();
        assertThat(MapFrames.isTreeNode(Stacks.frame("java.util.HashMap$TreeNode.find"))).isTrue();
        assertThat(MapFrames.isTreeNode(Stacks.frame("java.util.HashMap.putVal"))).isFalse();
        assertThat(MapFrames.mapClassOf(Stacks.frame("java.util.HashMap$TreeNode.split"))).isEqualTo("java.util.HashMap");
        assertThat(MapFrames.mapClassOf(Stacks.frame("java.util.Hashtable.rehash"))).isEqualTo("java.util.Hashtable");
    }
}
