package dev.encodeflow.queue;

import dev.encodeflow.model.TaskType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A task row, for reading. Every state change goes through {@link TaskQueue}'s conditional
 * statements, never through this entity, so no write can skip the claim check.
 */
@Entity
@Table(name = "task")
public class TaskEntity extends PanacheEntityBase {

    @Id
    public long id;

    @Column(name = "asset_id")
    public String assetId;

    @Enumerated(EnumType.STRING)
    public TaskType type;

    @Enumerated(EnumType.STRING)
    public TaskState state;

    public int priority;

    @Column(name = "dedup_key")
    public String dedupKey;

    public String rendition;

    public Integer chunk;

    public Integer generation;

    public int attempts;

    @Column(name = "max_attempts")
    public int maxAttempts;

    @Column(name = "run_at")
    public Instant runAt;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    public String rule;

    @Column(name = "rule_set_version")
    public String ruleSetVersion;

    public String error;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** CPU seconds of the task's ffmpeg and ffprobe children, recorded with its success (null before). */
    @Column(name = "cpu_seconds")
    public Double cpuSeconds;
}
