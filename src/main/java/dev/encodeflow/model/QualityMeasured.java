package dev.encodeflow.model;

/**
 * Result of a MEASURE_QUALITY task: a rendition (of one generation) compared with its source
 * scaled to the rendition's size. {@code psnr}: mean luma PSNR in dB; {@code ssim}: mean luma
 * SSIM (0 to 1); {@code vmaf}: the VMAF score where the ffmpeg in use has libvmaf, else null.
 */
public record QualityMeasured(String rendition, int generation, double psnr, double ssim, Double vmaf) {
}
