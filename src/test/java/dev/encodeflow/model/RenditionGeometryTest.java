package dev.encodeflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a rung's box becomes a rendition's size for a source's upright, shaped picture. */
class RenditionGeometryTest {

    private static Probe source(int width, int height, int rotation, int sarNum, int sarDen) {
        return new Probe(10, 250, 25, 1, width, height, "yuv420p", "h264", false, null, 0, 0, null, rotation, sarNum,
                sarDen, "progressive", null);
    }

    private static int[] size(Rung rung, Probe probe) {
        Rendition rendition = new Rendition(rung, 0);
        rendition.sizeFor(probe);
        assertThat(rendition.sizedFor(probe)).isTrue();
        return new int[] {rendition.getWidth(), rendition.getHeight()};
    }

    private static final Rung HD = Rung.of("720p", Codec.AVC, 1280, 720, 23);

    @Test
    void aSourceOfTheRungsShapeGetsTheRungsSize() {
        assertThat(size(HD, source(1920, 1080, 0, 1, 1))).containsExactly(1280, 720);
    }

    @Test
    void aRotatedSourceGivesAPortraitRenditionWithTheBoxTurned() {
        // 1920x1080 coded, shown turned a quarter: upright 1080x1920.
        assertThat(size(HD, source(1920, 1080, 90, 1, 1))).containsExactly(720, 1280);
        assertThat(size(HD, source(1920, 1080, 270, 1, 1))).containsExactly(720, 1280);
        assertThat(size(HD, source(1920, 1080, 180, 1, 1))).containsExactly(1280, 720);
    }

    @Test
    void anAnamorphicSourceKeepsItsDisplayAspectRatio() {
        // PAL widescreen: 720x576 pixels 64:45 wide is 16:9 on screen, 1024x576.
        assertThat(size(HD, source(720, 576, 0, 64, 45))).containsExactly(1024, 576);
        // PAL 4:3 (16:15 pixels) fits the 16:9 box by height: 768x576, not stretched to 1024.
        assertThat(size(HD, source(720, 576, 0, 16, 15))).containsExactly(768, 576);
    }

    @Test
    void anotherAspectRatioIsFittedInsideTheBoxNeverStretched() {
        // 4:3 inside 1280x720: 960x720.
        assertThat(size(HD, source(1440, 1080, 0, 1, 1))).containsExactly(960, 720);
        // 2.39:1 scope inside 1280x720: full width.
        int[] scope = size(HD, source(1920, 804, 0, 1, 1));
        assertThat(scope[0]).isEqualTo(1280);
        assertThat(scope[1]).isEqualTo(536);
    }

    @Test
    void aSmallerSourceIsNotScaledUpAndSidesAreEven() {
        assertThat(size(HD, source(320, 180, 0, 1, 1))).containsExactly(320, 180);
        int[] odd = size(HD, source(853, 479, 0, 1, 1));
        assertThat(odd[0] % 2).isZero();
        assertThat(odd[1] % 2).isZero();
        assertThat(odd[1]).isLessThanOrEqualTo(480);
    }

    @Test
    void aTinySourceCannotMakeARenditionAndSaysWhy() {
        Rendition rendition = new Rendition(HD, 0);
        Probe tiny = source(1, 1, 0, 1, 1);
        assertThat(rendition.canBeMadeFrom(tiny)).isFalse();
        assertThat(rendition.whyNotFrom(tiny)).contains("1x1").contains("at least 16x16");
        Rendition av1 = new Rendition(Rung.of("a", Codec.AV1, 1280, 720, 30), 0);
        assertThat(av1.canBeMadeFrom(source(96, 54, 0, 1, 1))).isFalse();
        assertThat(av1.canBeMadeFrom(source(1920, 1080, 0, 1, 1))).isTrue();
    }

    @Test
    void legacyProbesWithoutGeometryAreSquareUprightAndProgressive() {
        Probe old = new Probe(10, 250, 25, 1, 1920, 1080, "yuv420p", "h264", false, null, 0, 0);
        assertThat(old.displayAspect()).isEqualTo(1920.0 / 1080);
        assertThat(old.isInterlaced()).isFalse();
        assertThat(size(HD, old)).containsExactly(1280, 720);
    }

    @Test
    void theFrameStepMustDivideTheSegmentForKeyFramesOnTheGrid() {
        Probe fifty = new Probe(10, 500, 50, 1, 1920, 1080, "yuv420p", "h264", false, null, 0, 0);
        Asset asset = new Asset("a", "s.mov", 50, 4, new Delivery(2, java.util.List.of(), false));
        Rung half = new Rung("25", Codec.AVC, 1280, 720, 23, null, null, null, null, null, null, 25.0);
        Rung seventh = new Rung("7", Codec.AVC, 1280, 720, 23, null, null, null, null, null, null, 50.0 / 7);
        assertThat(new Rendition(half, 0).fitsSegmentGrid(fifty, asset)).isTrue();
        assertThat(new Rendition(half, 0).keyFrameInterval(fifty, asset)).isEqualTo(50);
        assertThat(new Rendition(seventh, 0).fitsSegmentGrid(fifty, asset)).isFalse();
        assertThat(new Rendition(seventh, 0).fitsSegmentGrid(fifty, new Asset("a", "s.mov", 50, 4))).isTrue();
    }
}
