package dev.encodeflow.model;

/** The kinds of work the rules can ask for; each has one handler in the worker pool. */
public enum TaskType {
    /** ffprobe the source: duration, exact frame count, frame rate, size, audio. */
    PROBE,
    /** Encode the source's audio once, for every rendition to share. */
    ENCODE_AUDIO,
    /** Encode one chunk of one rendition (the map). */
    ENCODE_CHUNK,
    /** Join a rendition's chunks and the audio without re-encoding (the reduce). */
    ASSEMBLE,
    /** Check an assembled rendition against the source and its recipe; publish it if valid. */
    VALIDATE,
    /** Send an asset event on the asset-events channel. */
    NOTIFY,
    /** Write streaming manifests (HLS, DASH) over CMAF segments of the asset's renditions. */
    PACKAGE,
    /** Measure a rendition's quality (PSNR, SSIM, VMAF where available) against its source. */
    MEASURE_QUALITY
}
