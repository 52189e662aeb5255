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
 * An asset row, as the REST API reads it: the read model of the asset's workflow plus how far
 * the rules have read the fact log. Read-only here: ingestion inserts the row and the evaluator
 * updates it in plain SQL ({@code workflow.AssetRows}). JSON columns are held as text and parsed
 * by the component that owns them.
 */
@Entity
@Table(name = "asset")
@org.hibernate.annotations.Immutable
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
