package dev.encodeflow.quality;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.model.TaskSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ffmpeg run that compares a rendition with its source, and the reading of its summary. The
 * source goes through what the encode did to it (upright on decode, deinterlaced, one frame in
 * {@code frameStep}) and is scaled to the rendition's size (bicubic, as players scale), both in
 * the rendition's pixel format; ffmpeg's psnr and ssim filters (and libvmaf where the ffmpeg in
 * use has it) print their means on standard error. Pure.
 */
public final class QualityCommands {

    private static final Pattern PSNR = Pattern.compile("PSNR y:([0-9.]+|inf)");
    private static final Pattern SSIM = Pattern.compile("SSIM Y:([0-9.]+)");
    private static final Pattern VMAF = Pattern.compile("VMAF score: ([0-9.]+)");
    /** A PSNR of identical pictures is infinite; it is reported as this. */
    static final double IDENTICAL_PSNR = 100.0;

    private final String ffmpeg;
    private final String sourceFormats;

    public QualityCommands(String ffmpeg, List<String> sourceFormats) {
        this.ffmpeg = ffmpeg;
        this.sourceFormats = String.join(",", sourceFormats);
    }

    public List<String> compare(Path rendition, Path source, TaskSpec.MeasureQuality spec, boolean vmaf,
            int threads) {
        String format = "format=" + spec.pixelFormat();
        StringBuilder reference = new StringBuilder("[1:v:0]");
        if (spec.picture() != null && spec.picture().variableRate()) {
            reference.append(FfmpegCommands.constantRate(spec.picture(),
                    spec.picture().constantRateFrom())).append(',');
        }
        if (spec.picture() != null && spec.picture().deinterlace() != null) {
            reference.append("bwdif=mode=send_frame:parity=").append(spec.picture().deinterlace()).append(":deint=all,");
        }
        if (spec.frameStep() > 1) {
            reference.append("select='not(mod(n,").append(spec.frameStep()).append("))',setpts=N*")
                    .append(spec.frameStep()).append("/FRAME_RATE/TB,");
        } else {
            reference.append("setpts=PTS-STARTPTS,");
        }
        reference.append("scale=").append(spec.width()).append(':').append(spec.height())
                .append(":flags=bicubic,setsar=1,").append(format).append(vmaf ? ",split=3[r1][r2][r3]" : ",split[r1][r2]");
        String distorted = "[0:v:0]setpts=PTS-STARTPTS,setsar=1," + format + (vmaf ? ",split=3[d1][d2][d3]" : ",split[d1][d2]");
        String graph = distorted + ";" + reference + ";[d1][r1]psnr;[d2][r2]ssim"
                + (vmaf ? ";[d3][r3]libvmaf=n_threads=" + threads : "");
        List<String> args = new java.util.ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-v", "info",
                "-threads", String.valueOf(threads), "-protocol_whitelist", "file", "-format_whitelist",
                FfmpegCommands.OWN_FORMATS, "-i", "file:" + rendition.toAbsolutePath(), "-threads", String.valueOf(threads)));
        if (spec.picture() != null && spec.picture().variableRate()) {
            // The grid starts at the source's own first timestamp.
            args.add("-copyts");
        }
        args.addAll(List.of("-protocol_whitelist", "file",
                "-format_whitelist", sourceFormats, "-i", "file:" + source.toAbsolutePath(), "-filter_complex", graph,
                "-an", "-sn", "-dn", "-f", "null", "-"));
        return args;
    }

    /** Mean luma PSNR, SSIM and VMAF (null when not measured) from the run's standard error. */
    public static double[] scores(String stderr) {
        Matcher psnr = PSNR.matcher(stderr);
        Matcher ssim = SSIM.matcher(stderr);
        if (!psnr.find() || !ssim.find()) {
            return null;
        }
        double p = "inf".equals(psnr.group(1)) ? IDENTICAL_PSNR : Double.parseDouble(psnr.group(1));
        Matcher vmaf = VMAF.matcher(stderr);
        double v = vmaf.find() ? Double.parseDouble(vmaf.group(1)) : Double.NaN;
        return new double[] {round(p, 3), round(Double.parseDouble(ssim.group(1)), 6), Double.isNaN(v) ? v : round(v, 3)};
    }

    private static double round(double value, int places) {
        return Double.parseDouble(String.format(Locale.ROOT, "%." + places + "f", value));
    }
}
