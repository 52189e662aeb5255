package dev.encodeflow.rules.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.model.FactTypes;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.rules.RuleError;
import dev.encodeflow.rules.RulePreview;
import dev.encodeflow.rules.RuleSet;
import dev.encodeflow.rules.RuleSetCompiler;
import dev.encodeflow.rules.RuleSetRejected;
import dev.encodeflow.rules.Scenario;
import dev.encodeflow.rules.ScenarioFiles;
import dev.encodeflow.rules.ScenarioRunner;
import dev.encodeflow.rules.SequencedFact;
import dev.encodeflow.rules.TaskRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox JVM: reads one request on standard input, compiles the candidate rules, runs their
 * scenarios (and for a preview replays the stored logs it was given under both rule sets), writes
 * one response on standard output and exits. It has no database, no network and no writable
 * file system; everything it needs comes in the request. Nothing else may write to standard
 * output, so System.out is pointed at standard error first.
 */
public final class SandboxMain {

    static final int MAX_REQUEST_BYTES = 256 * 1024 * 1024;

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answer = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
        ObjectMapper json = SandboxProtocol.json();
        SandboxProtocol.Response response;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            String first = in.readLine();
            if (first == null || first.length() > MAX_REQUEST_BYTES) {
                throw new IllegalArgumentException("no request");
            }
            response = handle(json.readValue(first, SandboxProtocol.Request.class), in, answer, json);
        } catch (RuleSetRejected e) {
            response = SandboxProtocol.Response.rejected(e.errors());
        } catch (Exception | StackOverflowError e) {
            response = SandboxProtocol.Response.rejected(List.of(new RuleError("(rules)", 0, "the rules failed: " + e)));
        }
        answer.println(json.writeValueAsString(new SandboxProtocol.Line(null, response)));
        answer.flush();
        System.exit(0);
    }

    static SandboxProtocol.Response handle(SandboxProtocol.Request request, BufferedReader more, PrintStream answer,
            ObjectMapper json) throws Exception {
        if (request.kind() == SandboxProtocol.Kind.PING) {
            return new SandboxProtocol.Response(true, null, null, null, List.of(), null, null);
        }
        RuleSetCompiler compiler = new RuleSetCompiler(SandboxMain.class.getClassLoader(), Clock.systemUTC());
        RuleSet candidate = compiler.compile(request.drl());
        List<Scenario> scenarios = ScenarioFiles.parse(request.scenarios());
        List<RuleError> failures = new ScenarioRunner(request.maxFirings()).failures(candidate, scenarios);
        if (request.kind() == SandboxProtocol.Kind.BUILD) {
            if (!failures.isEmpty()) {
                return SandboxProtocol.Response.rejected(failures);
            }
            return new SandboxProtocol.Response(true, candidate.version(), candidate.ruleNames(), scenarios.size(),
                    List.of(), null, null);
        }
        RuleSet active = compiler.compile(request.activeDrl());
        RulePreview preview = new RulePreview(request.maxFirings());
        String line;
        while ((line = more.readLine()) != null) {
            SandboxProtocol.AssetLog log = json.readValue(line, SandboxProtocol.AssetLog.class);
            List<SequencedFact> facts = new ArrayList<>();
            for (SandboxProtocol.StoredFact fact : log.facts()) {
                facts.add(new SequencedFact(fact.seq(), json.readValue(fact.json(), FactTypes.classOf(fact.type()))));
            }
            RulePreview.Difference difference = preview.compare(active, candidate, facts);
            if (!difference.isEmpty()) {
                answer.println(json.writeValueAsString(new SandboxProtocol.Line(new SandboxProtocol.AssetDifference(
                        log.assetId(), tasks(difference.added()), tasks(difference.removed())), null)));
            }
        }
        return new SandboxProtocol.Response(true, candidate.version(), candidate.ruleNames(), scenarios.size(),
                List.of(), active.version(), failures);
    }

    private static List<SandboxProtocol.PreviewTask> tasks(List<TaskRequest> requests) {
        List<SandboxProtocol.PreviewTask> tasks = new ArrayList<>();
        for (TaskRequest task : requests) {
            Long frames = null;
            dev.encodeflow.model.Rung rung = null;
            if (task.spec() instanceof TaskSpec.EncodeChunk chunk) {
                frames = chunk.chunk().outputFrames(Math.max(1, chunk.frameStep()));
                rung = chunk.rung();
            }
            tasks.add(new SandboxProtocol.PreviewTask(task.type(), task.rendition(), task.chunk(), task.generation(),
                    task.rule(), frames, rung));
        }
        return tasks;
    }
}
