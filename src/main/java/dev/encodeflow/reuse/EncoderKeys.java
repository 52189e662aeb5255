package dev.encodeflow.reuse;

import dev.encodeflow.media.encoder.EncoderIdentities;
import dev.encodeflow.model.Codec;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The encoder part of a reuse key: the identity this worker detected and the version announced
 * for the codec (an operator's {@code EncoderUpgraded} must re-encode for real, not find the old
 * encodes under the same key). One indexed read per encode task, next to seconds of encoding.
 */
@ApplicationScoped
public class EncoderKeys {

    private final EncoderIdentities identities;
    private final AgroalDataSource dataSource;

    EncoderKeys(EncoderIdentities identities, AgroalDataSource dataSource) {
        this.identities = identities;
        this.dataSource = dataSource;
    }

    /** What encodes {@code codec} here, e.g. for the store's records. */
    public String identity(Codec codec) {
        return identities.of(codec);
    }

    /** The identity of the ffmpeg build (audio, probes). */
    public String tools() {
        return identities.ffmpeg();
    }

    /** The identity of what reads a probe: ffprobe, and ffmpeg for the interlace detection. */
    public String probeTools() {
        return identities.ffmpeg() + " / " + identities.ffprobe();
    }

    /** The key part for a video encode of {@code codec}; null when the announced version cannot be read. */
    public String forVideo(Codec codec) {
        String announced = announced(codec.id());
        return announced == null ? null : identities.of(codec) + " | announced " + announced;
    }

    private String announced(String codec) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT version FROM encoder_version WHERE codec = ?")) {
            query.setString(1, codec);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "";
            }
        } catch (SQLException e) {
            return null;
        }
    }
}
