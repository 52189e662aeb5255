package dev.encodeflow.asset;

import dev.encodeflow.model.AssetState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * An asset row: the read model of the asset's workflow (written by the decision applier) plus
 * how far the rules have read the fact log. JSON columns are held as text and parsed by the
 * component that owns them.
 */
@Entity
@Table(name = "asset")
// Only the columns that changed are written: most evaluations change just evaluated_seq.
@org.hibernate.annotations.DynamicUpdate
public class AssetEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    public AssetState state;

    public int priority;

    public String source;

    @ColumnTransformer(write = "?::jsonb")
    public String request;

    @Column(name = "request_hash")
    public String requestHash;

    @ColumnTransformer(write = "?::jsonb")
    public String probe;

    public String error;

    /** The number of the last fact the rules have taken in (the newest is in {@code asset_log}). */
    @Column(name = "evaluated_seq")
    public long evaluatedSeq;

    @Column(name = "rule_set_version")
    public String ruleSetVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
