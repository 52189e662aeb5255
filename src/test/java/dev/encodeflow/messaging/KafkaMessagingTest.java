package dev.encodeflow.messaging;

import static dev.encodeflow.support.Api.asset;
import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.BrokerScenarios.anonymousAssetMessage;
import static dev.encodeflow.support.BrokerScenarios.assertAnnounced;
import static dev.encodeflow.support.BrokerScenarios.assertOneAsset;
import static dev.encodeflow.support.BrokerScenarios.assetMessage;
import static dev.encodeflow.support.BrokerScenarios.awaitExists;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.support.BrokerScenarios.ReceivedEvents;
import dev.encodeflow.support.KafkaBroker;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Facts in and events out through a real Kafka broker (one KRaft node from Maven Central's jars,
 * {@link KafkaBroker}), by the same names as with RabbitMQ, as topics the service creates itself
 * (the broker refuses automatic creation): a fact record becomes a complete asset and its events;
 * a repeated record is applied once; poison records are dead-lettered with the reason and the
 * consumer goes on; the broker killed with SIGKILL in the middle and started again loses nothing.
 */
@QuarkusTest
@TestProfile(KafkaBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaMessagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> events;
    private static KafkaConsumer<String, byte[]> deadLetters;
    private static final ReceivedEvents RECEIVED = new ReceivedEvents();

    /** Injected by the broker's test resource. */
    KafkaBroker.Broker broker;

    @BeforeAll
    static void connect() {
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        events = reader(servers, "encodeflow.events");
        deadLetters = reader(servers, "encodeflow.facts.dlq");
    }

    /** Reads every partition of a topic from its start, without a consumer group. */
    private static KafkaConsumer<String, byte[]> reader(String servers, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        // The service created the topics at start (the broker creates none by itself).
        List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30)).until(() -> consumer
                .partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList(),
                list -> !list.isEmpty());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    @AfterAll
    static void close() {
        producer.close();
        events.close();
        deadLetters.close();
    }

    private static void publish(String key, String body, String messageId) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("encodeflow.facts", key,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        if (messageId != null) {
            record.headers().add("message_id", messageId.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add("origin", "kafka-test".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads the events topic into {@link #RECEIVED} until {@code until} holds. */
    private static void awaitEvents(java.util.function.BooleanSupplier until) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : events.poll(Duration.ofMillis(200))) {
                JsonNode event = JSON.readTree(record.value());
                assertThat(header(record, "message_id")).isEqualTo(event.path("id").asText());
                assertThat(header(record, "type")).isEqualTo(event.path("type").asText());
                assertThat(record.key()).as("keyed by asset").isEqualTo(event.path("assetId").asText());
                RECEIVED.add(event);
            }
            return until.getAsBoolean();
        });
    }

    @Test
    @Order(1)
    void aFactRecordBecomesACompleteAssetAndItsEventsArePublished() throws Exception {
        String id = newId("kafka");
        publish(id, assetMessage(id, TestMedia.clipWithAudio()), null);
        // The first record may wait for the consumer group's first assignment (it is read from the earliest offset).
        awaitExists(id);
        awaitState(id, "COMPLETE");
        awaitEvents(() -> RECEIVED.count(id, "AssetCompleted") == 1 && RECEIVED.count(id, "RenditionCompleted") == 1);
        assertAnnounced(RECEIVED, id);
    }

    @Test
    @Order(2)
    void theSameFactTwiceIsAppliedOnce() throws Exception {
        String id = newId("kafka-twice");
        String body = assetMessage(id, TestMedia.clipWithAudio());
        publish(id, body, null);
        publish(id, body, null);
        // Without an id, the message_id header makes it the same fact.
        String source = TestMedia.silentClip();
        String anonymous = anonymousAssetMessage(source);
        publish(null, anonymous, "kafka-ingest-42");
        publish(null, anonymous, "kafka-ingest-42");
        awaitExists(id);
        awaitState(id, "COMPLETE");
        awaitEvents(() -> RECEIVED.count(id, "AssetCompleted") == 1);
        assertOneAsset(id, source);
    }

    @Test
    @Order(3)
    void poisonRecordsAreDeadLetteredWithTheReasonAndTheConsumerGoesOn() throws Exception {
        Map<String, String> poison = new LinkedHashMap<>();
        poison.put("{not json", "malformed JSON");
        poison.put("[1, 2]", "must be a JSON object");
        poison.put("{\"type\": \"Explode\", \"assetId\": \"a\"}", "unknown fact type 'Explode'");
        poison.put(assetMessage("kafka-bad-crf", TestMedia.clipWithAudio()).replace("\"crf\":30", "\"crf\":99"),
                "ladder[0].crf");
        poison.put(assetMessage("kafka-escape", "../../etc/passwd"), "source");
        poison.put("{\"type\": \"Cancel\", \"assetId\": \"no-such-asset\"}", "no asset with id 'no-such-asset'");
        poison.put("{\"type\": \"EncoderUpgraded\", \"codec\": \"avc\", \"version\": \"x\"}", "whole catalog");
        // Sent as a record without a value (a tombstone); its copy has an empty one.
        poison.put("", "(body): empty");
        int n = 0;
        for (String body : poison.keySet()) {
            publish("poison-" + n, body.isEmpty() ? null : body, "poison-id-" + n++);
        }
        String after = newId("kafka-after");
        publish(after, assetMessage(after, TestMedia.clipWithAudio()), null);
        awaitExists(after);
        awaitState(after, "COMPLETE");

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            deadLetters.poll(Duration.ofMillis(200)).forEach(dead::add);
            return dead.size() >= poison.size();
        });
        assertThat(dead).hasSize(poison.size());
        for (ConsumerRecord<String, byte[]> record : dead) {
            String body = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(poison).containsKey(body);
            assertThat(header(record, "x-encodeflow-error")).as(body).contains(poison.get(body));
            // The copy keeps what the producer gave the original: key, id and its own headers.
            assertThat(record.key()).startsWith("poison-");
            assertThat(header(record, "message_id")).isEqualTo("poison-id-" + record.key().substring(7));
            assertThat(header(record, "origin")).isEqualTo("kafka-test");
        }
    }

    @Test
    @Order(4)
    void theBrokerKilledInTheMiddleLosesNothing() throws Exception {
        String before = newId("kafka-before");
        publish(before, assetMessage(before, TestMedia.clipWithAudio()), null);
        awaitExists(before);
        assertThat(given().when().get("/q/health/ready").then().extract().body().asString()).contains("facts");
        broker.kill();
        try {
            // Health shows the outage: readiness goes down while the broker is away.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().when().get("/q/health/ready").then().extract().statusCode() == 503);
        } finally {
            broker.start();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().when().get("/q/health/ready").then().extract().statusCode() == 200);
        String after = newId("kafka-after-restart");
        publish(after, assetMessage(after, TestMedia.clipWithAudio()), null);
        awaitExists(after);
        awaitState(before, "COMPLETE");
        awaitState(after, "COMPLETE");
        awaitEvents(() -> RECEIVED.count(before, "AssetCompleted") == 1 && RECEIVED.count(after, "AssetCompleted") == 1);
    }
}
