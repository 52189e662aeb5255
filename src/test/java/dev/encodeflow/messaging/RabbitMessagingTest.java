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
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.encodeflow.support.BrokerScenarios.ReceivedEvents;
import dev.encodeflow.support.RabbitBroker;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Facts in and events out through the real RabbitMQ on this machine, by the contract's names:
 * a fact message becomes a complete asset and an AssetCompleted event; a repeated message is
 * applied once; poison messages are dead-lettered with the reason and the consumer goes on; a
 * broker restart in the middle loses nothing. The test listens to the events exchange through a
 * queue of its own (durable, so events published while its connection recovers wait for it).
 */
@QuarkusTest
@TestProfile(RabbitBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RabbitMessagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "encodeflow.test.events";
    private static Connection connection;
    private static Channel channel;
    private static final ReceivedEvents RECEIVED = new ReceivedEvents();

    @BeforeAll
    static void listen() throws Exception {
        connection = RabbitBroker.connect();
        channel = connection.createChannel();
        channel.queueDeclare(EVENTS, true, false, false, null);
        channel.queuePurge(EVENTS);
        channel.queueBind(EVENTS, "encodeflow.events", "#");
        channel.queuePurge("encodeflow.facts.dlq");
    }

    @AfterAll
    static void close() throws Exception {
        channel.queueDelete(EVENTS);
        connection.close();
    }

    private static void publish(String body, String messageId) throws Exception {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).messageId(messageId).build();
        channel.basicPublish("", "encodeflow.facts", properties, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Drains the test's event queue into {@link #RECEIVED} until {@code until} holds. */
    private static void awaitEvents(java.util.function.BooleanSupplier until) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            GetResponse response;
            while ((response = channel.basicGet(EVENTS, true)) != null) {
                JsonNode event = JSON.readTree(response.getBody());
                assertThat(response.getProps().getMessageId()).isEqualTo(event.path("id").asText());
                assertThat(response.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
                assertThat(response.getEnvelope().getRoutingKey()).isEqualTo(event.path("type").asText());
                RECEIVED.add(event);
            }
            return until.getAsBoolean();
        });
    }

    @Test
    @Order(1)
    void aFactMessageBecomesACompleteAssetAndItsCompletionIsPublished() throws Exception {
        String id = newId("mq");
        publish(assetMessage(id, TestMedia.clipWithAudio()), null);
        awaitState(id, "COMPLETE");
        awaitEvents(() -> RECEIVED.count(id, "AssetCompleted") == 1 && RECEIVED.count(id, "RenditionCompleted") == 1);
        assertAnnounced(RECEIVED, id);
    }

    @Test
    @Order(2)
    void theSameFactTwiceIsAppliedOnce() throws Exception {
        String id = newId("mq-twice");
        String body = assetMessage(id, TestMedia.clipWithAudio());
        publish(body, null);
        publish(body, null);
        // Without an id, the message id makes it the same fact.
        String source = TestMedia.silentClip();
        String anonymous = anonymousAssetMessage(source);
        publish(anonymous, "ingest-42");
        publish(anonymous, "ingest-42");
        awaitState(id, "COMPLETE");
        awaitEvents(() -> RECEIVED.count(id, "AssetCompleted") == 1);
        assertOneAsset(id, source);
        // And a fact about it, twice with one id: one entry in its log.
        String cancel = JSON.writeValueAsString(Map.of("type", "Reprioritize", "id", "p-1", "assetId", id,
                "priority", 7));
        publish(cancel, null);
        publish(cancel, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> asset(id).getInt("priority") == 7);
        long reprioritized = given().when().get("/api/v1/assets/" + id + "/history").then().statusCode(200)
                .extract().jsonPath().getList("entries.findAll { it.kind == 'fact' }.type", String.class).stream()
                .filter("Reprioritize"::equals).count();
        assertThat(reprioritized).isEqualTo(1);
    }

    @Test
    @Order(3)
    void poisonMessagesAreDeadLetteredWithTheReasonAndTheConsumerGoesOn() throws Exception {
        Map<String, String> poison = new java.util.LinkedHashMap<>();
        poison.put("{not json", "malformed JSON");
        poison.put("[1, 2]", "must be a JSON object");
        poison.put("{\"type\": \"Explode\", \"assetId\": \"a\"}", "unknown fact type 'Explode'");
        poison.put("{\"source\": \"x.mp4\"}", "type: is required");
        poison.put(assetMessage("bad-crf", TestMedia.clipWithAudio()).replace("\"crf\":30", "\"crf\":99"), "ladder[0].crf");
        poison.put(assetMessage("escape", "../../etc/passwd"), "source");
        poison.put("{\"type\": \"Cancel\", \"assetId\": \"no-such-asset\"}", "no asset with id 'no-such-asset'");
        poison.put("{\"type\": \"EncoderUpgraded\", \"codec\": \"avc\", \"version\": \"x\"}", "whole catalog");
        poison.put("{\"type\": \"Cancel\", \"assetId\": \"a\", \"reason\": \"nul \\u0000 here\"}", "reason");
        for (String body : poison.keySet()) {
            publish(body, null);
        }
        String after = newId("mq-after");
        publish(assetMessage(after, TestMedia.clipWithAudio()), null);
        awaitExists(after);
        awaitState(after, "COMPLETE");

        List<GetResponse> dead = RabbitBroker.take(channel, "encodeflow.facts.dlq", poison.size(), Duration.ofSeconds(30));
        assertThat(dead).hasSize(poison.size());
        for (GetResponse message : dead) {
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            Object reason = message.getProps().getHeaders().get("x-encodeflow-error");
            assertThat(reason).as(body).isNotNull();
            assertThat(poison).containsKey(body);
            assertThat(reason.toString()).as(body).contains(poison.get(body));
        }
    }

    @Test
    @Order(4)
    void aBrokerRestartInTheMiddleLosesNothing() throws Exception {
        String before = newId("mq-before");
        publish(assetMessage(before, TestMedia.clipWithAudio()), null);
        awaitExists(before);
        assertThat(given().when().get("/q/health/ready").then().extract().body().asString()).contains("facts");
        RabbitBroker.ctl("stop_app");
        try {
            // Health shows the outage: readiness goes down while the broker is away.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().when().get("/q/health/ready").then().extract().statusCode() == 503);
        } finally {
            RabbitBroker.ctl("start_app");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().when().get("/q/health/ready").then().extract().statusCode() == 200);
        String after = newId("mq-after-restart");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            publish(assetMessage(after, TestMedia.clipWithAudio()), null);
            return true;
        });
        awaitExists(after);
        awaitState(before, "COMPLETE");
        awaitState(after, "COMPLETE");
        awaitEvents(() -> RECEIVED.count(before, "AssetCompleted") == 1 && RECEIVED.count(after, "AssetCompleted") == 1);
    }
}
