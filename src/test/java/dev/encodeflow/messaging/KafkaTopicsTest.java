package dev.encodeflow.messaging;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Topic settings no cluster accepts refuse the start, naming the setting. */
class KafkaTopicsTest {

    @Test
    void partitionsAndReplicationBelowOneAreRefused() {
        assertThatThrownBy(() -> KafkaTopics.check(Optional.of(0), Optional.empty()))
                .hasMessage("messaging.kafka-partitions must be at least 1, not 0");
        assertThatThrownBy(() -> KafkaTopics.check(Optional.empty(), Optional.of((short) -1)))
                .hasMessage("messaging.kafka-replication-factor must be at least 1, not -1");
        assertThatCode(() -> KafkaTopics.check(Optional.of(6), Optional.of((short) 3))).doesNotThrowAnyException();
        assertThatCode(() -> KafkaTopics.check(Optional.empty(), Optional.empty())).doesNotThrowAnyException();
    }
}
