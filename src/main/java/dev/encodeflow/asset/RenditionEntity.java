package dev.encodeflow.asset;

import dev.encodeflow.model.RenditionState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.ColumnTransformer;

/** One rendition of an asset, as the rules last left it (read model). */
@Entity
@Table(name = "rendition")
@IdClass(RenditionEntity.Key.class)
public class RenditionEntity extends PanacheEntityBase {

    @Id
    @Column(name = "asset_id")
    public String assetId;

    @Id
    public String name;

    public int ordinal;

    public String codec;

    @ColumnTransformer(write = "?::jsonb")
    public String recipe;

    @Enumerated(EnumType.STRING)
    public RenditionState state;

    public int generation;

    @Column(name = "chunks_total")
    public Integer chunksTotal;

    public String error;

    @ColumnTransformer(write = "?::jsonb")
    public String output;

    /** The encoder version (facts.EncoderVersions) the current generation is encoded under. */
    @Column(name = "encoder_version")
    public String encoderVersion;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Composite primary key (asset, rendition name). */
    public static class Key implements Serializable {
        public String assetId;
        public String name;

        public Key() {
        }

        public Key(String assetId, String name) {
            this.assetId = assetId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(assetId, k.assetId) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(assetId, name);
        }
    }
}
