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
 * the fact-log counters that drive evaluation. JSON columns are held as text and parsed by the
 * component that owns them.
 */
@Entity
@Table(name = "asset")
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

    @Column(name = "fact_seq")
    public long factSeq;

    @Column(name = "evaluated_seq")
    public long evaluatedSeq;

    @Column(name = "rule_set_version")
    public String ruleSetVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
